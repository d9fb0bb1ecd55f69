import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** A message the stand-in "sent" (Supabase local development shows them in Inbucket/Mailpit). */
export interface SentMail {
  to: string;
  subject: string;
  /** The magic link: `<auth url>/verify?token=<token hash>&type=magiclink&redirect_to=…`. */
  link: string;
  /** The same sign-in as a 6-digit code (`verifyOtp({ email, token, type: 'email' })`). */
  otp: string;
  sentAt: string;
}

interface Pending {
  userId: string;
  email: string;
  tokenHash: string;
  otp: string;
  expiresAt: number;
}

/** GoTrue's token hash: hex SHA-224 of e-mail and code, what the link carries instead of the code. */
const tokenHashOf = (email: string, otp: string) =>
  createHash('sha224')
    .update(email + otp)
    .digest('hex');

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Magic links and e-mail codes: one live per user (a new one replaces it), single use, an hour at
 * most (GoTrue's mailer default), and at most one e-mail per address a minute (429 otherwise).
 */
export function oneTimeTokens(o: { ttlMs?: number; resendAfterMs?: number; now?: () => number } = {}) {
  const now = o.now ?? Date.now;
  const ttlMs = o.ttlMs ?? 3_600_000;
  const resendAfterMs = o.resendAfterMs ?? 60_000;
  const byUser = new Map<string, Pending>();
  const lastSent = new Map<string, number>();
  const mailbox: SentMail[] = [];

  return {
    /** Seconds before this address may be sent another e-mail (0: now). */
    waitSeconds(email: string): number {
      const last = lastSent.get(email);
      return last === undefined ? 0 : Math.max(0, Math.ceil((last + resendAfterMs - now()) / 1000));
    },

    issue(
      userId: string,
      email: string,
      linkFor: (tokenHash: string) => string,
      subject = 'Your Magic Link',
    ): SentMail {
      const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const tokenHash = tokenHashOf(email, otp);
      byUser.set(userId, { userId, email, tokenHash, otp, expiresAt: now() + ttlMs });
      lastSent.set(email, now());
      const mail = {
        to: email,
        subject,
        link: linkFor(tokenHash),
        otp,
        sentAt: new Date(now()).toISOString(),
      };
      mailbox.push(mail);
      return mail;
    },

    /** The user a link or code was for, once: null when unknown, used, replaced or expired. */
    consume(by: { tokenHash: string } | { email: string; otp: string }): string | null {
      for (const p of byUser.values()) {
        const match =
          'tokenHash' in by
            ? same(p.tokenHash, by.tokenHash)
            : p.email === by.email && same(p.tokenHash, tokenHashOf(by.email, by.otp));
        if (!match) continue;
        byUser.delete(p.userId);
        return p.expiresAt > now() ? p.userId : null;
      }
      return null;
    },

    mail: (to?: string) => mailbox.filter((m) => !to || m.to === to),
  };
}

export type OneTimeTokens = ReturnType<typeof oneTimeTokens>;
