import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../src/agent/lang.ts';

// These cases are checked twice: the @ts-expect-error lines fail the type check (tsconfig.test.json)
// if the catalogue ever stops refusing them, and the runtime expectations show what is built.
describe('reply catalogues', () => {
  it('a reply missing in English fails the type check', () => {
    // @ts-expect-error English has no `bye`
    const c = catalogue({ fr: { hi: 'Bonjour', bye: 'Au revoir' }, en: { hi: 'Hello' } });
    expect(Object.keys(c.en)).toEqual(['hi']);
  });

  it('a reply that only English has fails the type check', () => {
    // @ts-expect-error French has no `bye`
    const c = catalogue({ fr: { hi: 'Bonjour' }, en: { hi: 'Hello', bye: 'Goodbye' } });
    expect(Object.keys(c.fr)).toEqual(['hi']);
  });

  it('a reply of another shape in one language fails the type check', () => {
    // @ts-expect-error French takes a count, English is a fixed string
    const c = catalogue({ fr: { n: (k: number) => `${k} fiches` }, en: { n: 'records' } });
    expect(typeof c.fr.n).toBe('function');
  });

  it('a complete catalogue answers in each language', () => {
    const c = catalogue({
      fr: { hi: 'Bonjour', count: (n: number) => `${n} fiches` },
      en: { hi: 'Hello', count: (n: number) => `${n} records` },
    });
    expect(c.fr.count(2)).toBe('2 fiches');
    expect(c.en.hi).toBe('Hello');
  });
});
