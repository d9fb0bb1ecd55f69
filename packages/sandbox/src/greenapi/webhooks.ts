/** Green-API webhook payloads, in the documented shape, for tests, the demo and the simulator. */
let seq = 0;
const nextId = () =>
  `3EB0${Date.now().toString(16).toUpperCase()}${(++seq).toString(16).toUpperCase().padStart(4, '0')}`;

interface Base {
  idInstance: string | number;
  chatId: string;
  idMessage?: string;
  timestamp?: number;
  senderName?: string;
  /** In a group chat, the member who wrote. */
  sender?: string;
}

const envelope = (typeWebhook: string, b: Base, messageData: Record<string, unknown>) => ({
  typeWebhook,
  instanceData: { idInstance: Number(b.idInstance), wid: `${b.idInstance}@c.us`, typeInstance: 'whatsapp' },
  timestamp: b.timestamp ?? Math.floor(Date.now() / 1000),
  idMessage: b.idMessage ?? nextId(),
  senderData: {
    chatId: b.chatId,
    chatName: b.senderName ?? 'Client',
    sender: b.sender ?? b.chatId,
    senderName: b.senderName ?? 'Client',
    senderContactName: b.senderName ?? 'Client',
  },
  messageData,
});

export const incomingText = (b: Base & { text: string }) =>
  envelope('incomingMessageReceived', b, {
    typeMessage: 'textMessage',
    textMessageData: { textMessage: b.text },
  });

export const incomingExtendedText = (b: Base & { text: string }) =>
  envelope('incomingMessageReceived', b, {
    typeMessage: 'extendedTextMessage',
    extendedTextMessageData: {
      text: b.text,
      description: '',
      title: '',
      previewType: 'None',
      jpegThumbnail: '',
      forwardingScore: 0,
      isForwarded: false,
    },
  });

const file =
  (typeMessage: string) =>
  (b: Base & { downloadUrl: string; mimeType: string; caption?: string; fileName?: string }) =>
    envelope('incomingMessageReceived', b, {
      typeMessage,
      fileMessageData: {
        downloadUrl: b.downloadUrl,
        caption: b.caption ?? '',
        fileName: b.fileName ?? `${typeMessage}.bin`,
        jpegThumbnail: '',
        mimeType: b.mimeType,
        isForwarded: false,
        forwardingScore: 0,
      },
    });

export const incomingVoice = file('audioMessage');
export const incomingImage = file('imageMessage');
export const incomingDocument = file('documentMessage');

export const outgoingFromPhone = (b: Base & { text: string }) =>
  envelope('outgoingMessageReceived', b, {
    typeMessage: 'textMessage',
    textMessageData: { textMessage: b.text },
  });

export const outgoingApi = (b: Base & { text: string }) =>
  envelope('outgoingAPIMessageReceived', b, {
    typeMessage: 'textMessage',
    textMessageData: { textMessage: b.text },
  });

export const stateChanged = (idInstance: string | number, stateInstance = 'authorized') => ({
  typeWebhook: 'stateInstanceChanged',
  instanceData: { idInstance: Number(idInstance), wid: `${idInstance}@c.us`, typeInstance: 'whatsapp' },
  timestamp: Math.floor(Date.now() / 1000),
  stateInstance,
});

export const messageStatus = (idInstance: string | number, idMessage: string, status = 'delivered') => ({
  typeWebhook: 'outgoingMessageStatus',
  instanceData: { idInstance: Number(idInstance), wid: `${idInstance}@c.us`, typeInstance: 'whatsapp' },
  timestamp: Math.floor(Date.now() / 1000),
  idMessage,
  status,
  chatId: '33600000001@c.us',
  sendByApi: true,
});
