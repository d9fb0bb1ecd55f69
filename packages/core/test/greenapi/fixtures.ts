/** One Green-API webhook per type, shaped as the docs show them (with the extra fields they carry). */
export const ID_INSTANCE = 1101000001;
export const CHAT = '33698765432@c.us';

export const envelope = (typeWebhook: string, extra: Record<string, unknown> = {}) => ({
  typeWebhook,
  instanceData: { idInstance: ID_INSTANCE, wid: '33612345678@c.us', typeInstance: 'whatsapp' },
  timestamp: 1703014480,
  ...extra,
});

export const message = (typeWebhook: string, messageData: Record<string, unknown>, idMessage = 'MSG-1') =>
  envelope(typeWebhook, {
    idMessage,
    senderData: {
      chatId: CHAT,
      chatName: 'Rija',
      sender: CHAT,
      senderName: 'Rija',
      senderContactName: 'Rija',
    },
    messageData,
  });

const file = (typeMessage: string, mimeType: string, caption = '') => ({
  typeMessage,
  fileMessageData: {
    downloadUrl: `https://do-media-7103.fra1.digitaloceanspaces.com/7103/${typeMessage}.bin`,
    caption,
    fileName: `${typeMessage}.bin`,
    jpegThumbnail: '/9j/4AAQSkZJRgABAQAAAQABAAD',
    mimeType,
    isForwarded: false,
    forwardingScore: 0,
  },
});

export const messageData = {
  textMessage: { typeMessage: 'textMessage', textMessageData: { textMessage: 'Salut MAX' } },
  extendedTextMessage: {
    typeMessage: 'extendedTextMessage',
    extendedTextMessageData: {
      text: 'voir https://example.fr',
      description: 'd',
      title: 't',
      previewType: 'None',
      jpegThumbnail: '',
      forwardingScore: 0,
      isForwarded: false,
    },
  },
  quotedMessageOld: {
    typeMessage: 'quotedMessage',
    extendedTextMessageData: { text: 'oui', stanzaId: 'QUOTED-1', participant: '33600000000@c.us' },
    quotedMessage: { stanzaId: 'QUOTED-1', participant: '33600000000@c.us', typeMessage: 'textMessage' },
  },
  textWithQuote: {
    typeMessage: 'textMessage',
    textMessageData: { textMessage: 'oui' },
    quotedMessage: {
      stanzaId: 'QUOTED-2',
      participant: '33600000000@c.us',
      typeMessage: 'textMessage',
      textMessage: 'on valide ?',
    },
  },
  imageMessage: file('imageMessage', 'image/jpeg', 'carte de visite de Jean'),
  videoMessage: file('videoMessage', 'video/mp4'),
  documentMessage: file('documentMessage', 'application/pdf'),
  audioMessage: file('audioMessage', 'audio/ogg; codecs=opus'),
  locationMessage: {
    typeMessage: 'locationMessage',
    locationMessageData: {
      nameLocation: 'Paris',
      address: 'Rue de Rivoli',
      latitude: 48.85,
      longitude: 2.35,
      jpegThumbnail: '',
    },
  },
  contactMessage: {
    typeMessage: 'contactMessage',
    contactMessageData: { displayName: 'Jean', vcard: 'BEGIN:VCARD\nVERSION:3.0\nEND:VCARD' },
  },
  contactsArrayMessage: {
    typeMessage: 'contactsArrayMessage',
    messageData: { contacts: [{ displayName: 'A', vcard: 'BEGIN:VCARD\nEND:VCARD' }] },
  },
  stickerMessage: {
    typeMessage: 'stickerMessage',
    fileMessageData: { downloadUrl: 'https://example.com/s.webp', mimeType: 'image/webp', isAnimated: false },
  },
  reactionMessage: {
    typeMessage: 'reactionMessage',
    extendedTextMessageData: { text: '👍' },
    quotedMessage: { stanzaId: 'QUOTED-3', participant: CHAT, typeMessage: 'textMessage' },
  },
  pollMessage: {
    typeMessage: 'pollMessage',
    pollMessageData: { name: 'RDV ?', options: [{ optionName: 'lundi' }], multipleAnswers: false },
  },
  pollUpdateMessage: { typeMessage: 'pollUpdateMessage', pollMessageData: { stanzaId: 'P1', votes: [] } },
  editedMessage: {
    typeMessage: 'editedMessage',
    editedMessageData: { textMessage: 'corrigé', stanzaId: 'E1' },
  },
  deletedMessage: { typeMessage: 'deletedMessage', deletedMessageData: { stanzaId: 'D1' } },
  buttonsResponseMessage: {
    typeMessage: 'buttonsResponseMessage',
    buttonsResponseMessage: { stanzaId: 'B1', selectedButtonId: '1', selectedButtonText: 'Oui' },
  },
  listResponseMessage: {
    typeMessage: 'listResponseMessage',
    listResponseMessage: { stanzaId: 'L1', title: 'Choix', singleSelectReply: { selectedRowId: 'r1' } },
  },
  templateButtonsReplyMessage: {
    typeMessage: 'templateButtonsReplyMessage',
    templateButtonReplyMessage: { stanzaId: 'T1', selectedId: '1', selectedDisplayText: 'Oui' },
  },
} satisfies Record<string, Record<string, unknown>>;

export const otherWebhooks = {
  outgoingMessageStatus: envelope('outgoingMessageStatus', {
    idMessage: 'OUT-1',
    status: 'delivered',
    chatId: CHAT,
    sendByApi: true,
  }),
  stateInstanceChanged: envelope('stateInstanceChanged', { stateInstance: 'authorized' }),
  incomingCall: envelope('incomingCall', { idMessage: 'CALL-1', from: CHAT, status: 'offer' }),
  deviceInfo: envelope('deviceInfo', { deviceData: { platform: 'android', deviceManufacturer: 'x' } }),
};
