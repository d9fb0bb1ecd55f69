import { describe, expect, it } from 'vitest';
import { isPlural, pluralS } from '../../../src/agent/render/plural.ts';

describe('plurals', () => {
  it('French keeps zero and one singular and makes two and more plural', () => {
    expect([0, 1, 1.5, 2, 10].map((n) => isPlural('fr', n))).toEqual([false, false, false, true, true]);
  });

  it('English keeps only one singular: "0 leads", "1 lead", "2 leads"', () => {
    expect([0, 1, 2].map((n) => `${n} lead${pluralS('en', n)}`)).toEqual(['0 leads', '1 lead', '2 leads']);
  });
});
