import { describe, expect, it } from 'vitest';
import { addDays, findDueDate, isoDate, weekday } from '../../../src/agent/calendar/dates.ts';

const MONDAY = '2026-11-23';
const due = (text: string, today = MONDAY) => findDueDate(text, today)?.date ?? null;

describe('calendar arithmetic without Date or a timezone', () => {
  it('agrees with the UTC calendar day by day across 60 years', () => {
    let iso = '1990-01-01';
    const d = new Date(Date.UTC(1990, 0, 1));
    for (let i = 0; i < 366 * 60; i += 7) {
      expect(iso).toBe(d.toISOString().slice(0, 10));
      expect(weekday(iso)).toBe(d.getUTCDay());
      iso = addDays(iso, 7);
      d.setUTCDate(d.getUTCDate() + 7);
    }
  });

  it('knows leap years and month lengths', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoDate(2026, 2, 29)).toBeNull();
    expect(isoDate(2026, 4, 31)).toBeNull();
    expect(isoDate(2026, 13, 1)).toBeNull();
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('due dates in French and English', () => {
  const cases: Array<[string, string | null]> = [
    ['demain', '2026-11-24'],
    ['tomorrow', '2026-11-24'],
    ["aujourd'hui", '2026-11-23'],
    ['tonight', '2026-11-23'],
    ['après-demain', '2026-11-25'],
    ['the day after tomorrow', '2026-11-25'],
    ['lundi', '2026-11-30'], // said on a Monday: the next one
    ['monday', '2026-11-30'],
    ['mardi', '2026-11-24'],
    ['vendredi', '2026-11-27'],
    ['pour dimanche', '2026-11-29'],
    ['next friday', '2026-11-27'],
    ['dans 3 jours', '2026-11-26'],
    ['in 3 days', '2026-11-26'],
    ['dans une semaine', '2026-11-30'],
    ['in two weeks', '2026-12-07'],
    ['dans 2 mois', '2027-01-23'],
    ['la semaine prochaine', '2026-11-30'],
    ['next week', '2026-11-30'],
    ['le 12/03', '2027-03-12'], // already past this year: next year
    ['le 24/12', '2026-12-24'],
    ['le 23/11', '2026-11-23'],
    ['le 05/01/2027', '2027-01-05'],
    ['le 05/01/27', '2027-01-05'],
    ['2026-12-01', '2026-12-01'],
    ['le 1er décembre', '2026-12-01'],
    ['12 mars', '2027-03-12'],
    ['le 3 février 2028', '2028-02-03'],
    ['on December 3rd', '2026-12-03'],
    ['March 5, 2027', '2027-03-05'],
    ['the 4th of july', '2027-07-04'],
    ['le 31/02', null], // not a date
    ['2026-02-30', null],
    ['rien de prévu', null],
    ['07.11.22.33.44', null], // a phone number, not the 7th of November
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => {
      expect(due(text)).toBe(expected);
    });
  }

  it('month arithmetic clamps to the end of the month', () => {
    expect(due('dans 1 mois', '2026-01-31')).toBe('2026-02-28');
    expect(due('in 1 month', '2024-01-31')).toBe('2024-02-29');
    expect(due('dans 2 mois', '2026-12-15')).toBe('2027-02-15');
  });

  it('returns the phrase to remove from a task name', () => {
    expect(findDueDate('envoyer le devis pour vendredi', MONDAY)?.phrase).toBe('pour vendredi');
    expect(findDueDate('call on 2026-12-01', MONDAY)?.phrase).toBe('on 2026-12-01');
  });
});
