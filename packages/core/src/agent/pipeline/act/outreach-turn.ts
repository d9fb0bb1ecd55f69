import type { InboundMessage } from '../../../greenapi/inbound.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { TurnContext, TurnRef } from '../../../store/types.ts';
import { createOutbound } from '../../outreach/outbound.ts';
import type { Lang } from '../../render/replies.ts';
import type { Conversation } from '../claim/conversation.ts';
import { type PipelineDeps, settingsOf } from '../wiring/deps.ts';
import type { TenantClients } from '../wiring/ports.ts';
import { leadReply } from './lead-reply.ts';

/** What the outreach parts of a turn read of it (a WhatsApp turn gives all of it). */
export interface OutreachTurn {
  deps: PipelineDeps;
  log: Logger;
  turn: TurnRef;
  conv: Conversation;
  msg: InboundMessage;
  ctx: TurnContext;
  clients: TenantClients;
  receivedAt: string;
}

/** Messages to leads and contacts from this tenant's instance, paced and capped by the store. */
export const outboundOf = (t: OutreachTurn) =>
  createOutbound({
    store: t.deps.store,
    get whatsapp() {
      return t.clients.whatsapp;
    },
    tenantId: t.turn.tenantId,
    logger: t.log,
  });

export const leadReplyOf = (t: OutreachTurn, lang: Lang) =>
  leadReply({
    crm: () => t.clients.crm,
    store: t.deps.store,
    tenant: t.ctx.tenant,
    turn: t.turn,
    senderId: t.conv.senderId,
    text: t.msg.text,
    kind: t.msg.kind,
    stored: t.ctx.stored,
    leaseMs: settingsOf(t.deps).leaseMs,
    receivedAt: t.receivedAt,
    clock: t.deps.clock,
    logger: t.log,
    lang,
  });
