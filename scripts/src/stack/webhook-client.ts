import { incomingText } from '@max/sandbox';

export interface SentRecord {
  index: number;
  chatId: string;
  message: string;
}

/** Talks to the running stack like Green-API does: webhooks in, sent messages read back. */
export function webhookClient(urls: { webhook: string; green: string }, token: string, idInstance: string) {
  return {
    async sendText(chatId: string, text: string, idMessage?: string, timestamp?: number) {
      const event = incomingText({
        idInstance,
        chatId,
        text,
        ...(idMessage ? { idMessage } : {}),
        ...(timestamp ? { timestamp } : {}),
      });
      const res = await fetch(urls.webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(event),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, event };
    },
    async sendRaw(body: unknown, headers: Record<string, string> = {}) {
      const res = await fetch(urls.webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async sent(since = 0, chatId?: string): Promise<SentRecord[]> {
      const q = new URLSearchParams({ since: String(since), ...(chatId ? { chatId } : {}) });
      return (await (await fetch(`${urls.green}/sandbox/messages?${q}`)).json()) as SentRecord[];
    },
    /** Waits for `count` new replies to a chat (or the timeout); returns what arrived. */
    async waitForReplies(
      chatId: string,
      since: number,
      count = 1,
      timeoutMs = 20_000,
    ): Promise<SentRecord[]> {
      const deadline = Date.now() + timeoutMs;
      let got: SentRecord[] = [];
      while (Date.now() < deadline) {
        got = await this.sent(since, chatId);
        if (got.length >= count) return got;
        await new Promise((r) => setTimeout(r, 100));
      }
      return got;
    },
  };
}
