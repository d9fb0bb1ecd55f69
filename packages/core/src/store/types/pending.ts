/** A pending confirmation and the stored tool results a retried attempt reuses. */
export interface PendingAction {
  id: string;
  /** The conversation it belongs to (session key). */
  key: string;
  tool: string;
  args: unknown;
  argsDigest: string;
  expiresAt: string;
}

export interface StoredToolResult {
  callIndex: number;
  tool: string;
  argsDigest: string;
  ok: boolean;
  result: unknown;
  /** 'unknown': a CRM write whose answer was lost; the retry looks before writing again. */
  state?: 'done' | 'unknown';
}
