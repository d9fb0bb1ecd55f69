import { randomBytes } from 'node:crypto';

/** A signed-in session (GoTrue's auth.sessions): refresh tokens rotate inside it until logout. */
export interface AuthSession {
  id: string;
  userId: string;
  method: 'password' | 'otp';
  /** When the person proved who they are (the token's `amr` timestamp), in seconds. */
  authenticatedAt: number;
}

interface RefreshToken {
  sessionId: string;
  revoked: boolean;
  issuedAt: number;
  /** The token that replaced this one, when it was used. */
  child: string | null;
}

export type RefreshFailure = 'refresh_token_not_found' | 'refresh_token_already_used';

/** GoTrue's default: a used refresh token may be presented again for 10 s (two tabs refreshing at once). */
const REUSE_INTERVAL_MS = 10_000;

const newToken = () => randomBytes(18).toString('base64url');

/**
 * Sessions and rotating refresh tokens as Supabase Auth keeps them: a refresh token is single use
 * (its replacement is returned again within the reuse interval); presenting a used one later is a
 * replay, and the whole session is revoked, as GoTrue does. Kept in memory: the stand-in's sessions
 * end with its process.
 */
export function authSessions(now: () => number = Date.now) {
  const sessions = new Map<string, AuthSession & { revoked: boolean }>();
  const tokens = new Map<string, RefreshToken>();

  const issue = (sessionId: string): string => {
    const token = newToken();
    tokens.set(token, { sessionId, revoked: false, issuedAt: now(), child: null });
    return token;
  };

  return {
    start(userId: string, method: AuthSession['method']): { session: AuthSession; refreshToken: string } {
      const session = {
        id: crypto.randomUUID(),
        userId,
        method,
        authenticatedAt: Math.floor(now() / 1000),
        revoked: false,
      };
      sessions.set(session.id, session);
      return { session, refreshToken: issue(session.id) };
    },

    refresh(token: string): { session: AuthSession; refreshToken: string } | { error: RefreshFailure } {
      const rt = tokens.get(token);
      if (!rt) return { error: 'refresh_token_not_found' };
      const session = sessions.get(rt.sessionId);
      // A signed-out (or revoked) session's tokens are gone, as GoTrue deletes them.
      if (!session || session.revoked) return { error: 'refresh_token_not_found' };
      if (rt.revoked) {
        const child = rt.child ? tokens.get(rt.child) : undefined;
        if (child && !child.revoked && now() - child.issuedAt < REUSE_INTERVAL_MS)
          return { session, refreshToken: rt.child! };
        // A replayed token: whoever holds it is not the session's owner any more.
        session.revoked = true;
        return { error: 'refresh_token_already_used' };
      }
      rt.revoked = true;
      rt.child = issue(session.id);
      return { session, refreshToken: rt.child };
    },

    active(sessionId: unknown): AuthSession | null {
      const s = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      return s && !s.revoked ? s : null;
    },

    /** logout: this session (local), every session of the user (global), or all but this one (others). */
    revoke(sessionId: string, scope: 'global' | 'local' | 'others'): void {
      const s = sessions.get(sessionId);
      if (!s) return;
      for (const other of sessions.values()) {
        const mine = other.id === sessionId;
        if (other.userId !== s.userId) continue;
        if (scope === 'global' || (scope === 'local' && mine) || (scope === 'others' && !mine))
          other.revoked = true;
      }
    },

    /** Every session of a user ends (the user was deleted). */
    endUser(userId: string): void {
      for (const s of sessions.values()) if (s.userId === userId) s.revoked = true;
    },

    refreshCount: () => [...tokens.values()].filter((t) => t.child !== null).length,
  };
}

export type AuthSessions = ReturnType<typeof authSessions>;
