/** One attempt at one message: every write of the attempt is fenced by it. */
export interface TurnRef {
  tenantId: string;
  messageId: string;
  attempt: number;
}
