import { fileMessageData } from './file-message-data.ts';

/** What the database keeps of a known sender's message until it is handled (inbound_messages.content). */
export interface StoredMessage {
  idInstance: string;
  idMessage: string;
  chatId: string;
  senderId: string;
  waTimestamp: number;
  typeMessage: string;
  content: {
    kind: string;
    text: string | null;
    file?: {
      downloadUrl: string;
      mimeType: string | null;
      fileName: string | null;
      caption: string | null;
    } | null;
    quotedMessageId?: string | null;
  };
}

/**
 * A stored message → the incomingMessageReceived webhook it came from, so an operator's replay of a
 * dead message goes through exactly the same path as the original. Null when nothing can be rebuilt.
 */
export function storedToWebhook(m: StoredMessage): Record<string, unknown> | null {
  const quoted = m.content.quotedMessageId ? { quotedMessage: { stanzaId: m.content.quotedMessageId } } : {};
  const f = m.content.file;
  let messageData: Record<string, unknown>;
  if (f?.downloadUrl) {
    messageData = fileMessageData(m.typeMessage, { ...f, downloadUrl: f.downloadUrl }, quoted);
  } else if (typeof m.content.text === 'string' && m.content.text) {
    messageData = { typeMessage: 'textMessage', textMessageData: { textMessage: m.content.text }, ...quoted };
  } else {
    return null;
  }
  return {
    typeWebhook: 'incomingMessageReceived',
    instanceData: { idInstance: Number(m.idInstance), wid: '', typeInstance: 'whatsapp' },
    timestamp: m.waTimestamp,
    idMessage: m.idMessage,
    senderData: { chatId: m.chatId, sender: m.senderId, senderName: '', chatName: '' },
    messageData,
  };
}
