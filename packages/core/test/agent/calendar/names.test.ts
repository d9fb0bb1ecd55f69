import { describe, expect, it } from 'vitest';
import { monthName, WEEKDAY_NUMBERS, weekdayName } from '../../../src/agent/calendar/names.ts';

describe('calendar names', () => {
  it('names each weekday in French and English, Sunday first', () => {
    expect([0, 1, 6].map((d) => weekdayName('fr', d))).toEqual(['dimanche', 'lundi', 'samedi']);
    expect([0, 3].map((d) => weekdayName('en', d))).toEqual(['Sunday', 'Wednesday']);
  });

  it('names months with their accents', () => {
    expect([monthName('fr', 2), monthName('fr', 8), monthName('fr', 12)]).toEqual([
      'février',
      'août',
      'décembre',
    ]);
    expect(monthName('en', 5)).toBe('May');
  });

  it('reads a weekday name in either language, in lower case, to its number', () => {
    expect(Object.keys(WEEKDAY_NUMBERS)).toHaveLength(14);
    expect([WEEKDAY_NUMBERS.mercredi, WEEKDAY_NUMBERS.wednesday, WEEKDAY_NUMBERS.dimanche]).toEqual([
      3, 3, 0,
    ]);
  });
});
