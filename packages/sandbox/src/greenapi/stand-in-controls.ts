/** What a test (or a tool) does to the Green-API stand-in besides calling its API. */
import { randomBytes } from 'node:crypto';
import { sleep } from '../http/server.ts';
import type {
  ApiRequestRecord,
  FailureStatus,
  IncomingInput,
  IncomingRecord,
  SentMessage,
} from './records.ts';
import { type GreenApiState, noFailure } from './stand-in-state.ts';

/** `url` is where the stand-in listens (the files' URLs start with it). */
export function standInControls(state: GreenApiState, url: string) {
  return {
    /** The token the stand-in expects for an instance ('' when `tokens` does not list it). */
    tokenFor: state.tokenFor,
    /** Every message accepted by sendMessage since the last clear, oldest first. */
    sent: (): SentMessage[] => state.sent.map((m) => ({ ...m })),
    /** Every API request answered (method, instance, status), for asserting on retries. */
    requests: (): ApiRequestRecord[] => state.requests.map((r) => ({ ...r })),
    /**
     * The next `n` API requests (optionally only those of one method) fail with `status`
     * (429, 466, 500…) or hang without an answer ('hang').
     */
    failNext(
      n: number,
      status: FailureStatus = 500,
      o: { method?: string; retryAfterSeconds?: number } = {},
    ): void {
      state.failure = {
        remaining: n,
        status,
        method: o.method ?? null,
        retryAfterSeconds: o.retryAfterSeconds ?? null,
      };
    },
    /** The instance accepts this token too (a new token, before the old one is revoked). */
    acceptToken(idInstance: string | number, token: string): void {
      const id = String(idInstance);
      state.accepted.set(id, new Set([...(state.accepted.get(id) ?? []), token]));
      state.refused.get(id)?.delete(token);
    },
    /** The instance no longer accepts this token (revoked in the console): 401. */
    refuseToken(idInstance: string | number, token: string): void {
      const id = String(idInstance);
      state.refused.set(id, new Set([...(state.refused.get(id) ?? []), token]));
      state.accepted.get(id)?.delete(token);
    },
    setState(idInstance: string | number, instanceState: string): void {
      state.states.set(String(idInstance), instanceState);
    },
    settings: (idInstance: string | number): Record<string, unknown> => ({
      ...(state.settings.get(String(idInstance)) ?? {}),
    }),
    /** Adds a message that lastIncomingMessages (and downloadFile) will report. */
    addIncoming(idInstance: string | number, msg: IncomingInput): IncomingRecord {
      const rec: IncomingRecord = {
        idMessage: msg.idMessage ?? `3EB0${randomBytes(8).toString('hex').toUpperCase()}`,
        timestamp: msg.timestamp ?? Math.floor(Date.now() / 1000),
        typeMessage: msg.typeMessage ?? 'textMessage',
        senderId: msg.senderId ?? msg.chatId,
        senderName: msg.senderName ?? '',
        ...msg,
      };
      const key = String(idInstance);
      state.addedAt.set(rec, Date.now());
      state.incoming.set(key, [...(state.incoming.get(key) ?? []), rec]);
      return rec;
    },
    /**
     * Green-API's journals (lastIncomingMessages, lastOutgoingMessages) list a message only after a
     * while (its docs: up to minutes): from now on, only messages at least `ms` old are listed.
     */
    setJournalLag(ms: number): void {
      state.journalLagMs = Math.max(0, ms);
    },
    /** Serves bytes at the returned URL (what a media webhook's downloadUrl points to). */
    putFile(bytes: Uint8Array, mimeType: string): string {
      const key = randomBytes(12).toString('hex');
      state.files.set(key, { bytes: Buffer.from(bytes), mimeType });
      return `${url}/sandbox/files/${key}`;
    },
    /** Resolves once at least `n` messages were sent (optionally to one chat), or rejects. */
    async waitForMessages(
      n: number,
      o: { chatId?: string; timeoutMs?: number } = {},
    ): Promise<SentMessage[]> {
      const deadline = Date.now() + (o.timeoutMs ?? 5000);
      for (;;) {
        const list = state.sent.filter((m) => !o.chatId || m.chatId === o.chatId);
        if (list.length >= n) return list.map((m) => ({ ...m }));
        if (Date.now() > deadline) throw new Error(`expected ${n} sent messages, got ${list.length}`);
        await sleep(20);
      }
    },
    /** Clears messages, requests, incoming, states, settings, files and pending failures. */
    reset(): void {
      state.sent.length = 0;
      state.requests.length = 0;
      state.incoming.clear();
      state.journalLagMs = 0;
      state.states.clear();
      state.settings.clear();
      state.accepted.clear();
      state.refused.clear();
      state.files.clear();
      state.failure = noFailure();
    },
  };
}
