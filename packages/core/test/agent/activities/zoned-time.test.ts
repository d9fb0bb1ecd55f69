import { describe, expect, it } from 'vitest';
import { whenOf } from '../../../src/agent/tools/activities/when.ts';
import {
  addMinutes,
  checkTime,
  espoToZoned,
  zonedNow,
  zonedToEspo,
} from '../../../src/agent/tools/activities/zoned-time.ts';
import { testTenant } from '../rules/tool-context.ts';

/** Issue 14 §2: a date and time in the tenant's time zone ↔ EspoCRM's UTC, with Intl only, DST-correct. */
describe('zoned time (Intl, no date library)', () => {
  it('Europe/Paris: 10:00 is 09:00 UTC the day before the spring change (2027-03-28) and 08:00 UTC the day after', () => {
    expect(zonedToEspo('2027-03-27', '10:00', 'Europe/Paris')).toBe('2027-03-27 09:00:00');
    expect(zonedToEspo('2027-03-29', '10:00', 'Europe/Paris')).toBe('2027-03-29 08:00:00');
    // On the day itself, before and after 02:00.
    expect(zonedToEspo('2027-03-28', '01:30', 'Europe/Paris')).toBe('2027-03-28 00:30:00');
    expect(zonedToEspo('2027-03-28', '10:00', 'Europe/Paris')).toBe('2027-03-28 08:00:00');
  });

  it('Europe/Paris: each side of the autumn change (2027-10-31)', () => {
    expect(zonedToEspo('2027-10-30', '10:00', 'Europe/Paris')).toBe('2027-10-30 08:00:00');
    expect(zonedToEspo('2027-11-01', '10:00', 'Europe/Paris')).toBe('2027-11-01 09:00:00');
  });

  it('a time the spring change skips moves forward by the gap; a time the autumn change repeats is the later one', () => {
    expect(zonedToEspo('2027-03-28', '02:30', 'Europe/Paris')).toBe('2027-03-28 01:30:00');
    expect(espoToZoned('2027-03-28 01:30:00', 'Europe/Paris')).toEqual({ date: '2027-03-28', time: '03:30' });
    expect(zonedToEspo('2027-10-31', '02:30', 'Europe/Paris')).toBe('2027-10-31 01:30:00');
  });

  it('other zones: New York (its own DST dates), Kolkata (+05:30, no DST), UTC; an unknown zone reads as UTC', () => {
    expect(zonedToEspo('2027-03-13', '09:00', 'America/New_York')).toBe('2027-03-13 14:00:00');
    expect(zonedToEspo('2027-03-15', '09:00', 'America/New_York')).toBe('2027-03-15 13:00:00');
    expect(zonedToEspo('2027-01-10', '09:00', 'Asia/Kolkata')).toBe('2027-01-10 03:30:00');
    expect(zonedToEspo('2027-01-10', '09:00', 'UTC')).toBe('2027-01-10 09:00:00');
    expect(zonedToEspo('2027-01-10', '09:00', 'Not/AZone')).toBe('2027-01-10 09:00:00');
  });

  it('UTC back to the wall clock, across midnight and the year', () => {
    expect(espoToZoned('2026-12-31 23:30:00', 'Europe/Paris')).toEqual({ date: '2027-01-01', time: '00:30' });
    expect(espoToZoned('2027-07-01 22:15:00', 'Europe/Paris')).toEqual({ date: '2027-07-02', time: '00:15' });
    expect(espoToZoned('not a date', 'Europe/Paris')).toBeNull();
    expect(zonedNow(new Date('2027-07-01T22:15:00Z'), 'Europe/Paris')).toEqual({
      date: '2027-07-02',
      time: '00:15',
    });
    expect(addMinutes('2027-03-28 00:30:00', 90)).toBe('2027-03-28 02:00:00');
  });

  it('times: real hours and minutes only', () => {
    expect(checkTime('9:05')).toBe('09:05');
    expect(checkTime('24:00')).toBeNull();
    expect(checkTime('10:60')).toBeNull();
    expect(checkTime('10h')).toBeNull();
  });

  it('whenOf: a meeting needs a date and a time; a call without them is now, to the minute; wrong values are named', () => {
    const ctx = {
      tenant: testTenant({ timezone: 'Europe/Paris' }),
      today: '2027-03-29',
      clock: { now: () => new Date('2027-03-29T08:07:42Z'), sleep: async () => {} },
    };
    expect(whenOf(ctx, undefined, '10:00', 'required')).toMatchObject({
      ok: false,
      invalid: { reason: 'missing_date' },
    });
    expect(whenOf(ctx, '2027-03-30', undefined, 'required')).toMatchObject({
      ok: false,
      invalid: { reason: 'missing_time' },
    });
    expect(whenOf(ctx, '2027-02-30', '10:00', 'required')).toMatchObject({
      ok: false,
      invalid: { reason: 'not_a_date', value: '2027-02-30' },
    });
    expect(whenOf(ctx, '2027-03-30', '25:00', 'required')).toMatchObject({
      ok: false,
      invalid: { reason: 'not_a_time', value: '25:00' },
    });
    const now = whenOf(ctx, undefined, undefined, 'now');
    expect(now.ok && [now.value.start, now.value.end(5), now.value.local]).toEqual([
      '2027-03-29 08:07:00',
      '2027-03-29 08:12:00',
      { date: '2027-03-29', time: '10:07', timeZone: 'Europe/Paris' },
    ]);
    const at = whenOf(ctx, undefined, '14:30', 'now');
    expect(at.ok && at.value.start).toBe('2027-03-29 12:30:00');
  });
});
