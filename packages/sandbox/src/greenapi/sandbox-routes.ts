/** The stand-in's own HTTP routes for tests and tools: `/sandbox/messages` and the media files. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../http/server.ts';
import type { GreenApiState } from './stand-in-state.ts';

/** Answers a `/sandbox/…` request and returns true, or returns false for any other path. */
export function sandboxRoute(
  state: GreenApiState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): boolean {
  if (url.pathname === '/sandbox/messages') {
    if (req.method === 'DELETE') {
      state.sent.length = 0;
      send(res, 200, { cleared: true });
      return true;
    }
    const chatId = url.searchParams.get('chatId');
    const idInstance = url.searchParams.get('idInstance');
    const since = Number(url.searchParams.get('since') ?? 0) || 0;
    send(
      res,
      200,
      state.sent.filter(
        (m) =>
          (!chatId || m.chatId === chatId) &&
          (!idInstance || m.idInstance === idInstance) &&
          m.index >= since,
      ),
    );
    return true;
  }
  if (url.pathname.startsWith('/sandbox/files/') && req.method === 'GET') {
    const f = state.files.get(url.pathname.slice('/sandbox/files/'.length));
    if (!f) send(res, 404, { message: 'no such file' });
    else {
      res.writeHead(200, { 'content-type': f.mimeType, 'content-length': String(f.bytes.length) });
      res.end(f.bytes);
    }
    return true;
  }
  return false;
}
