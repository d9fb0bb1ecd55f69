import { describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Store } from '../../store/port.ts';
import type { OutboundPort, WhatsAppSender } from '../whatsapp-ports.ts';

export interface OutboundOptions {
  store: Store;
  whatsapp: WhatsAppSender;
  tenantId: string;
  logger: Logger;
}

/**
 * One outbound send, exactly once: a retry that may follow a send looks in Green-API's record of
 * sent messages before sending again; the reservation (daily cap, spacing) is keyed so a retry is
 * never counted twice. A send whose outcome is unknown throws (the turn is retried, and looks first).
 */
export function createOutbound(o: OutboundOptions): OutboundPort {
  return {
    async send(m) {
      if (!o.store.reserveOutbound) return { ok: false, reason: 'outbound_off' };
      if (m.retryOf && o.whatsapp.findSent) {
        const found = await o.whatsapp.findSent({
          chatId: m.chatId,
          message: m.text,
          since: m.retryOf.since,
        });
        if (found[0]) {
          o.logger.info('outbound.found_sent', { key: m.key });
          return { ok: true, idMessage: found[0], again: true };
        }
      }
      const r = await o.store.reserveOutbound(o.tenantId, m.key, m.chatId);
      if (!r.ok) {
        o.logger.info('outbound.held', { key: m.key, reason: r.reason });
        if (r.reason === 'daily_cap') return { ok: false, reason: 'daily_cap', cap: r.cap };
        return { ok: false, reason: 'spacing', retryAfterMs: r.retryAfterMs };
      }
      try {
        const sent = await o.whatsapp.sendMessage({ chatId: m.chatId, message: m.text });
        o.logger.info('outbound.sent', { key: m.key, idMessage: sent.idMessage });
        return {
          ok: true,
          idMessage: sent.idMessage,
          again: r.again,
          ...(r.sentToday !== undefined ? { sentToday: r.sentToday } : {}),
          ...(r.cap !== undefined ? { cap: r.cap } : {}),
        };
      } catch (e) {
        // Retried by the turn: the retry reads Green-API's record before sending again.
        o.logger.warn('outbound.send_failed', { key: m.key, ...describeError(e) });
        throw e;
      }
    },
  };
}
