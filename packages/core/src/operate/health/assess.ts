import type { CheckReport } from '../checks.ts';

export type Component = 'crm' | 'whatsapp' | 'messages';

export interface MessageStats {
  messagesLastHour: number;
  failedLastHour: number;
  deadLettersLastHour: number;
  /** Replies not sent 5 minutes after they were queued. */
  outboxBacklog: number;
}

export interface ComponentState {
  /** null: not judged this run (messages while the CRM or WhatsApp is down: explained by them). */
  failing: boolean | null;
  detail: string;
}

export interface Assessment {
  status: 'ok' | 'degraded' | 'down';
  components: Record<Component, ComponentState>;
}

/** When the messages of the last hour make an incident: dead letters, a failure rate, replies stuck. */
export const MESSAGE_THRESHOLDS = { deadLetters: 3, failureRate: 0.2, minMessages: 10, backlog: 5 };

const failed = (r: CheckReport, prefix: string[]) =>
  r.checks.filter((c) => c.required && c.ok !== true && prefix.some((p) => c.name.startsWith(p)));

/**
 * A tenant's checks and message counts → the state of each component. The CRM and the WhatsApp
 * instance are judged by the checks' required lines; the messages by the thresholds, and only when
 * both are up (a backlog while WhatsApp is down is the same incident, not a second one).
 */
export function assessHealth(report: CheckReport, stats: MessageStats): Assessment {
  const crm = failed(report, ['crm.', 'secret.crm_']);
  const wa = failed(report, ['greenapi.', 'secret.greenapi_']);
  const line = (fs: typeof crm) => fs.map((c) => `${c.name}: ${c.detail}`).join('; ');
  const t = MESSAGE_THRESHOLDS;
  const rate = stats.messagesLastHour ? stats.failedLastHour / stats.messagesLastHour : 0;
  const reasons = [
    stats.deadLettersLastHour >= t.deadLetters
      ? `${stats.deadLettersLastHour} dead letters in the last hour`
      : '',
    stats.messagesLastHour >= t.minMessages && rate >= t.failureRate
      ? `${stats.failedLastHour} of ${stats.messagesLastHour} messages failed in the last hour`
      : '',
    stats.outboxBacklog >= t.backlog ? `${stats.outboxBacklog} replies waiting for over 5 minutes` : '',
  ].filter(Boolean);
  const servicesDown = crm.length > 0 || wa.length > 0;
  const components: Record<Component, ComponentState> = {
    crm: { failing: crm.length > 0, detail: crm.length ? line(crm) : 'ok' },
    whatsapp: { failing: wa.length > 0, detail: wa.length ? line(wa) : 'authorized' },
    messages: servicesDown
      ? { failing: null, detail: 'not judged while the CRM or WhatsApp is down' }
      : { failing: reasons.length > 0, detail: reasons.join('; ') || 'ok' },
  };
  return {
    status: servicesDown ? 'down' : components.messages.failing ? 'degraded' : 'ok',
    components,
  };
}
