import { runConsole } from '../../console/run-console.ts';
import { runAdmin } from '../../operate/admin/run-admin.ts';
import { runHealth } from '../../operate/health/run-health.ts';
import { defaultKinds } from '../../scheduler/registry.ts';
import { runScheduledItem } from '../../scheduler/run-item.ts';
import { runScheduleTick } from '../../scheduler/tick.ts';
import { AppError, describeError } from '../../shared/errors.ts';
import { answer, type PipelineResponse } from './answers.ts';
import { runBackstop } from './backstop.ts';
import { runDeadLetter } from './dead-letter.ts';
import type { PipelineDeps } from './deps.ts';
import { runInbound } from './inbound.ts';
import { type PipelineRequest, receive } from './receive.ts';
import { runWebChat } from './web-chat.ts';

/**
 * The agent endpoint: receive (verify, parse), then one dispatcher routes each kind of work to its
 * entry point — a queued WhatsApp event, the backstop, the web chat, a dead letter. Errors map to
 * HTTP in one place (toHttp); unknown ones become a 500 that leaks nothing.
 */
export async function handleInbound(deps: PipelineDeps, req: PipelineRequest): Promise<PipelineResponse> {
  const requestId = req.headers.get('x-request-id') ?? undefined;
  let log = deps.logger.child(requestId ? { requestId } : {});
  try {
    const work = await receive(deps.agentSecret, deps.clock, req);
    log = deps.logger.child({
      requestId: work.kind === 'queue' ? work.message.requestId : work.requestId,
      kind: work.kind,
    });
    switch (work.kind) {
      case 'queue': {
        const qm = work.message;
        const mlog = log.child({ idInstance: String(qm.event.instanceData.idInstance), kind: qm.kind });
        return await runInbound(deps, qm, mlog);
      }
      case 'backstop':
        return answer.done({
          ...(await runBackstop(deps, { minutes: work.minutes, requestId: work.requestId }, log)),
        });
      case 'chat':
        return await runWebChat(deps, work, log.child({ tenantId: work.tenantId, channel: 'web' }));
      case 'console':
        return await runConsole(
          deps.store,
          work,
          log.child({ tenantId: work.claims.tenant_id, channel: 'console' }),
        );
      case 'admin': {
        if (!deps.operate) throw new AppError('unavailable', 'The operator API is not configured here');
        const a = await runAdmin({ ...deps.operate, logger: log }, work);
        log.info('admin', { action: work.command.action, status: a.status });
        return 'raw' in a ? { status: a.status, body: {}, raw: a.raw } : { status: a.status, body: a.body };
      }
      case 'health': {
        if (!deps.operate) throw new AppError('unavailable', 'Tenant health is not configured here');
        return answer.done({
          ...(await runHealth(deps, deps.operate, { limit: work.limit, requestId: work.requestId }, log)),
        });
      }
      case 'schedule_tick':
        return answer.done({
          ...(await runScheduleTick(deps, { limit: work.limit, requestId: work.requestId }, log)),
        });
      case 'scheduled':
        return await runScheduledItem(
          deps,
          deps.scheduledKinds ?? defaultKinds(),
          { tenantId: work.tenantId, itemId: work.itemId },
          log.child({ tenantId: work.tenantId }),
        );
      case 'dead_letter':
        return await runDeadLetter(
          deps,
          work,
          log.child({ idInstance: String(work.message.event.instanceData.idInstance) }),
        );
    }
  } catch (e) {
    const res = answer.reject(e);
    (res.status >= 500 ? log.error : log.warn)('agent.rejected', { status: res.status, ...describeError(e) });
    // A database or downstream that is briefly away: the queue retries, it does not dead-letter.
    if (res.status >= 500)
      return { ...res, body: { ...res.body, outcome: 'retry' }, headers: { 'retry-after': '5' } };
    return res;
  }
}
