/** Green-API's sending and journal methods: sendMessage, the last*Messages journals, getMessage, downloadFile. */
import type { ApiMethod } from './api-method.ts';
import { findIncoming, findMessage, lastIncoming, lastOutgoing } from './journal.ts';
import { jsonBody } from './json-body.ts';
import { downloadFileBodySchema, getMessageBodySchema, sendMessageBodySchema } from './records.ts';

export const messageMethods: Record<string, ApiMethod> = {
  sendMessage: {
    verb: 'POST',
    async run({ state, req, id, answer, fail }) {
      const body = await jsonBody(req, sendMessageBodySchema);
      if (!body.ok) return fail(400, body.message);
      const idMessage = state.nextIdMessage();
      state.sent.push({
        index: state.sent.length,
        idInstance: id,
        chatId: body.data.chatId,
        message: body.data.message,
        quotedMessageId: body.data.quotedMessageId ?? null,
        linkPreview: body.data.linkPreview ?? true,
        idMessage,
        at: new Date().toISOString(),
      });
      return answer(200, { idMessage });
    },
  },
  lastIncomingMessages: {
    verb: 'GET',
    run: ({ state, id, url, answer }) => answer(200, lastIncoming(state, id, url)),
  },
  lastOutgoingMessages: {
    verb: 'GET',
    run: ({ state, id, url, answer }) => answer(200, lastOutgoing(state, id, url)),
  },
  getMessage: {
    verb: 'POST',
    async run({ state, req, id, answer, fail }) {
      const body = await jsonBody(req, getMessageBodySchema);
      if (!body.ok) return fail(400, body.message);
      const found = findMessage(state, id, body.data.chatId, body.data.idMessage);
      if (found) return answer(200, found);
      // Green-API answers an unknown message like downloadFile's unknown file: 400 "… not found …".
      return fail(400, 'Message not found');
    },
  },
  downloadFile: {
    verb: 'POST',
    async run({ state, req, id, answer, fail }) {
      const body = await jsonBody(req, downloadFileBodySchema);
      if (!body.ok) return fail(400, body.message);
      const rec = findIncoming(state, id, body.data.chatId, body.data.idMessage);
      if (!rec?.downloadUrl) return fail(404, 'File not found');
      return answer(200, { downloadUrl: rec.downloadUrl });
    },
  },
};
