import { describe, expect, it } from 'vitest';
import { zonedToEspo } from '../../../src/agent/tools/activities/zoned-time.ts';
import type { ToolOutcome } from '../../../src/index.ts';
import { realEspo, realEspoSuite } from '../../crm/real-espo.ts';
import { runCall, testTenant, toolContext } from '../rules/tool-context.ts';

/**
 * Issue 14 §2 activity tools against a real EspoCRM 8.4 (ESPO_URL, ESPO_API_KEY, ESPO_ADMIN_USERNAME,
 * ESPO_ADMIN_PASSWORD), as the pipeline runs them: calls, meetings (Europe/Paris → UTC), notes and
 * tasks on an account, the agenda, a task done. Deletes what it creates. Visibly skipped otherwise.
 */
const ready = realEspo.readyAdmin;
const stamp = `maxact${Date.now().toString(36)}`;

describe.skipIf(!ready)('real EspoCRM: activities', () => {
  const { crm, created } = realEspoSuite();
  const ctx = toolContext(crm, testTenant({ timezone: 'Europe/Paris' }));
  const run = async (name: string, args: unknown) => (await runCall(ctx, { name, args }, 'fr')).outcome;
  /** An id the tool put in its outcome's detail (the call, meeting, note or task it created). */
  const made = (o: ToolOutcome, key: string) => String(o.ok ? o.detail?.[key] : '');

  it('log_call: a held call on a lead, dateEnd computed (5 min), assigned to the API user', async () => {
    const lead = await crm.create('Lead', { firstName: 'Max', lastName: stamp });
    created.push(['Lead', lead.record.id]);
    const o = await run('log_call', { target: { id: lead.record.id }, description: 'il rappelle lundi' });
    expect(o).toMatchObject({ ok: true, kind: 'call_logged' });
    const id = made(o, 'callId');
    created.push(['Call', id]);
    const call = await crm.get('Call', id);
    expect(call).toMatchObject({
      status: 'Held',
      parentType: 'Lead',
      parentId: lead.record.id,
      assignedUserId: await crm.currentUserId(),
    });
    expect((Date.parse(`${call.dateEnd}Z`) - Date.parse(`${call.dateStart}Z`)) / 60_000).toBe(5);
  });

  it('schedule_meeting: 10:00 in Paris on each side of the spring DST change is stored in UTC', async () => {
    const account = await crm.create('Account', { name: `Acct ${stamp}` }, { skipDuplicateCheck: true });
    created.push(['Account', account.record.id]);
    for (const date of ['2030-03-30', '2030-04-01']) {
      const o = await run('schedule_meeting', {
        target: { id: account.record.id },
        entity: 'Account',
        date,
        time: '10:00',
      });
      const id = made(o, 'meetingId');
      created.push(['Meeting', id]);
      expect((await crm.get('Meeting', id)).dateStart).toBe(zonedToEspo(date, '10:00', 'Europe/Paris'));
    }
  });

  it('add_note and create_task on an account, the agenda lists the task, complete_task closes it', async () => {
    const account = await crm.create('Account', { name: `Note ${stamp}` }, { skipDuplicateCheck: true });
    created.push(['Account', account.record.id]);
    const note = await run('add_note', {
      target: { id: account.record.id },
      entity: 'Account',
      text: 'test',
    });
    created.push(['Note', made(note, 'noteId')]);
    const task = await run('create_task', {
      target: { id: account.record.id },
      entity: 'Account',
      name: `Tâche ${stamp}`,
      dueDate: '2030-04-01',
      dueTime: '15:00',
    });
    const taskId = made(task, 'taskId');
    created.push(['Task', taskId]);
    expect((await crm.get('Task', taskId)).dateEnd).toBe('2030-04-01 13:00:00');
    const agenda = await run('list_activities', { kind: 'Task', target: { id: account.record.id } });
    expect((agenda as { records: Array<{ id: string }> }).records.map((r) => r.id)).toContain(taskId);
    await run('complete_task', { target: { id: taskId } });
    expect((await crm.get('Task', taskId)).status).toBe('Completed');
  });
});

// Declared only when not configured: a configured run reports no skipped test (CI fails on any).
if (!ready)
  describe('real EspoCRM: activities', () => {
    it.skip('skipped: set ESPO_URL, ESPO_API_KEY, ESPO_ADMIN_USERNAME, ESPO_ADMIN_PASSWORD to run', () => {});
  });
