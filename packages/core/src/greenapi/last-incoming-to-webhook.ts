import type { LastIncomingMessage } from './client/schemas.ts';
import { fileMessageData } from './file-message-data.ts';

const FILE_TYPES = new Set(['imageMessage', 'videoMessage', 'documentMessage', 'audioMessage']);

/**
 * A `lastIncomingMessages` item → the incomingMessageReceived webhook Green-API would have sent,
 * so a message whose webhook was lost goes through exactly the same path.
 */
export function lastIncomingToWebhook(
  m: LastIncomingMessage,
  idInstance: string,
): Record<string, unknown> | null {
  const quoted = m.quotedMessage ? { quotedMessage: m.quotedMessage } : {};
  let messageData: Record<string, unknown>;
  if (m.typeMessage === 'textMessage') {
    messageData = {
      typeMessage: 'textMessage',
      textMessageData: { textMessage: m.textMessage ?? '' },
      ...quoted,
    };
  } else if (m.typeMessage === 'extendedTextMessage' || m.typeMessage === 'quotedMessage') {
    messageData = {
      typeMessage: m.typeMessage,
      extendedTextMessageData: { text: m.extendedTextMessage?.text ?? m.textMessage ?? '' },
      ...quoted,
    };
  } else if (FILE_TYPES.has(m.typeMessage) && m.downloadUrl) {
    messageData = fileMessageData(m.typeMessage, { ...m, downloadUrl: m.downloadUrl }, quoted);
  } else {
    return null; // reactions, polls…: nothing to act on after the fact
  }
  const sender = m.senderId ?? m.chatId;
  return {
    typeWebhook: 'incomingMessageReceived',
    instanceData: { idInstance: Number(idInstance), wid: '', typeInstance: 'whatsapp' },
    timestamp: m.timestamp,
    idMessage: m.idMessage,
    senderData: { chatId: m.chatId, sender, senderName: m.senderName ?? '', chatName: m.senderName ?? '' },
    messageData,
  };
}
