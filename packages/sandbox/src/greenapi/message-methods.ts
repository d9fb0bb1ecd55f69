/** Green-API's sending and journal methods: sendMessage, the last*Messages journals, getMessage, downloadFile. */
import type { ApiMethod } from './api-method.ts';
import { findIncoming, findMessage, lastIncoming, lastOutgoing } from './journal.ts';
import { postJson } from './json-body.ts';
import { downloadFileBodySchema, getMessageBodySchema, sendMessageBodySchema } from './records.ts';

export const messageMethods: Record<string, ApiMethod> = {
  sendMessage: postJson(sendMessageBodySchema, ({ state, id, answer }, body) => {
    const idMessage = state.nextIdMessage();
    state.sent.push({
      index: state.sent.length,
      idInstance: id,
      chatId: body.chatId,
      message: body.message,
      quotedMessageId: body.quotedMessageId ?? null,
      linkPreview: body.linkPreview ?? true,
      idMessage,
      at: new Date().toISOString(),
    });
    answer(200, { idMessage });
  }),
  lastIncomingMessages: {
    verb: 'GET',
    run: ({ state, id, url, answer }) => answer(200, lastIncoming(state, id, url)),
  },
  lastOutgoingMessages: {
    verb: 'GET',
    run: ({ state, id, url, answer }) => answer(200, lastOutgoing(state, id, url)),
  },
  getMessage: postJson(getMessageBodySchema, ({ state, id, answer, fail }, body) => {
    const found = findMessage(state, id, body.chatId, body.idMessage);
    if (found) return answer(200, found);
    // Green-API answers an unknown message like downloadFile's unknown file: 400 "… not found …".
    return fail(400, 'Message not found');
  }),
  downloadFile: postJson(downloadFileBodySchema, ({ state, id, answer, fail }, body) => {
    const rec = findIncoming(state, id, body.chatId, body.idMessage);
    if (!rec?.downloadUrl) return fail(404, 'File not found');
    return answer(200, { downloadUrl: rec.downloadUrl });
  }),
};
