import { describe, expect, it } from 'vitest';
import { type PlanInput, planTenant, quietUntil, tenantScheduleSchema } from '../../src/index.ts';

const tenant = (o: Partial<PlanInput> = {}): PlanInput => ({
  tenantId: 'acme',
  timezone: 'Europe/Paris',
  locale: 'fr',
  settings: {},
  team: [
    { chatId: '33600000001@c.us', role: 'admin', name: null, optedOut: false },
    { chatId: '33600000002@c.us', role: 'member', name: null, optedOut: false },
  ],
  ...o,
});
const kinds = (items: ReturnType<typeof planTenant>) =>
  items.map((i) => `${i.kind}@${i.dueAt.toISOString()}`);

/** The planner and quiet hours alone (pure): the occurrences the cron creates, in each tenant's time zone. */
describe('planning MAX’s own messages', () => {
  it('plans the sweep of the current 5-minute slot and next Monday’s report; no digest unless opted in', () => {
    const items = planTenant(tenant(), new Date('2026-12-08T09:07:30Z'));
    expect(kinds(items)).toEqual([
      'reminders.sweep@2026-12-08T09:05:00.000Z',
      'report.weekly@2026-12-14T07:00:00.000Z',
    ]);
    expect(items.map((i) => i.dedupeKey)).toEqual(['sweep:2026-12-08T09:05:00.000Z', 'weekly:2026-12-14']);
  });

  it('an opted-in member’s digest is today’s at their time, or tomorrow’s once today’s is over 6 hours late', () => {
    const settings = { '33600000002@c.us': { digest: true, digestTime: '07:45' } };
    const early = planTenant(tenant({ settings }), new Date('2026-12-08T05:00:00Z'));
    expect(early.find((i) => i.kind === 'digest.daily')?.dueAt.toISOString()).toBe(
      '2026-12-08T06:45:00.000Z',
    );
    const late = planTenant(tenant({ settings }), new Date('2026-12-08T13:00:00Z'));
    expect(late.find((i) => i.kind === 'digest.daily')?.dueAt.toISOString()).toBe('2026-12-09T06:45:00.000Z');
    // Opted out of MAX (STOP): nothing planned for them.
    const stopped = planTenant(
      tenant({
        settings,
        team: [{ chatId: '33600000002@c.us', role: 'member', name: null, optedOut: true }],
      }),
      new Date('2026-12-08T05:00:00Z'),
    );
    expect(stopped.filter((i) => i.kind === 'digest.daily')).toEqual([]);
  });

  it('the weekly report on Monday 08:00 in New York is 13:00 UTC, across the DST change too', () => {
    const ny = tenant({ timezone: 'America/New_York' });
    expect(kinds(planTenant(ny, new Date('2026-12-14T12:59:00Z'))).at(-1)).toBe(
      'report.weekly@2026-12-14T13:00:00.000Z',
    );
    // 2027-03-15 is the first Monday after the spring change: 08:00 EDT is 12:00 UTC.
    expect(kinds(planTenant(ny, new Date('2027-03-15T11:00:00Z'))).at(-1)).toBe(
      'report.weekly@2027-03-15T12:00:00.000Z',
    );
  });

  it('turned off, the sweep and the report are not planned', () => {
    const off = tenant({ settings: { '': { reminders: false, weeklyReport: false } } });
    expect(planTenant(off, new Date('2026-12-14T07:00:00Z'))).toEqual([]);
  });
});

describe('quiet hours', () => {
  const s = tenantScheduleSchema.parse({});
  it('default 21:00–08:00 local: inside, the end instant; outside, none', () => {
    expect(quietUntil(new Date('2026-12-08T21:30:00Z'), 'Europe/Paris', s)?.toISOString()).toBe(
      '2026-12-09T07:00:00.000Z',
    );
    expect(quietUntil(new Date('2026-12-09T05:00:00Z'), 'Europe/Paris', s)?.toISOString()).toBe(
      '2026-12-09T07:00:00.000Z',
    );
    expect(quietUntil(new Date('2026-12-09T07:00:00Z'), 'Europe/Paris', s)).toBeNull();
    expect(quietUntil(new Date('2026-12-09T02:00:00Z'), 'America/New_York', s)?.toISOString()).toBe(
      '2026-12-09T13:00:00.000Z',
    );
  });
  it('a window inside one day, and an empty one (start = end: off)', () => {
    const lunch = { quietStart: '12:00', quietEnd: '14:00' };
    expect(quietUntil(new Date('2026-12-08T12:30:00Z'), 'Europe/Paris', lunch)?.toISOString()).toBe(
      '2026-12-08T13:00:00.000Z',
    );
    expect(quietUntil(new Date('2026-12-08T22:30:00Z'), 'Europe/Paris', lunch)).toBeNull();
    expect(
      quietUntil(new Date('2026-12-08T22:30:00Z'), 'Europe/Paris', {
        quietStart: '00:00',
        quietEnd: '00:00',
      }),
    ).toBeNull();
  });
  it('stored values that no longer parse fall back to the defaults', () => {
    expect(tenantScheduleSchema.parse({ quietStart: '25:99', weeklyDay: 9, reminders: 'yes' })).toMatchObject(
      {
        quietStart: '21:00',
        weeklyDay: 1,
        reminders: true,
      },
    );
  });
});
