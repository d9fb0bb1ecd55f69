import type { Locale } from './tenant.ts';

/** Who writes to MAX: a sender of the tenant's chats and a member's role. */
export type SenderRole = 'admin' | 'member';
export type MemberRole = 'owner' | 'admin' | 'member' | 'viewer';

export interface Sender {
  chatId: string;
  role: SenderRole;
  displayName: string | null;
  optedOut: boolean;
  /** What the sender asked to be called ("appelle-moi Marie"). */
  preferredName?: string | null;
  /** The language the sender asked MAX to answer in ("réponds-moi en anglais"). */
  preferredLanguage?: Locale | null;
  /** The UTC month (YYYY-MM-01) in which this sender was one user beyond the plan's. */
  planBlockedMonth?: string | null;
}
