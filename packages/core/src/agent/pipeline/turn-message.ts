import type { InboundMessage } from '../../greenapi/inbound.ts';
import type { Conversation } from './claim/conversation.ts';

/** The WhatsApp message a turn answers, as the stages after the claim need it. */
export interface TurnMessage {
  msg: InboundMessage;
  conv: Conversation;
  requestId: string;
  /** MAX's own WhatsApp id on this instance. */
  ownWid: string | null;
}
