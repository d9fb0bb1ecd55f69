import { z } from 'zod';

/**
 * The agent function's configuration, parsed once at start-up. It fails closed: a missing secret
 * stops the function from serving instead of running half-configured.
 */
const keyringJson = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'MAX_SECRET_KEYS must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.object({ activeKeyId: z.string().min(1), keys: z.record(z.string(), z.string().min(40)) }));

export const agentEnvSchema = z
  .object({
    /** Supabase provides SUPABASE_DB_URL to deployed functions; DATABASE_URL wins locally. */
    DATABASE_URL: z.string().url().optional(),
    SUPABASE_DB_URL: z.string().url().optional(),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(20).default(1),
    /** Close idle connections after this many seconds (0: keep them). */
    DB_IDLE_TIMEOUT_S: z.coerce.number().int().min(0).max(3600).default(0),
    AGENT_SHARED_SECRET: z.string().min(32, 'AGENT_SHARED_SECRET must be at least 32 characters'),
    MAX_SECRET_KEYS: keyringJson,
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: z.string().url().optional(),
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    OPENAI_TRANSCRIBE_MODEL: z.string().min(1).default('whisper-1'),
    /**
     * Bodies over this are refused (413) before the signature is checked. Queue messages are at
     * most 120 KiB, so the floor keeps a misconfiguration from refusing real work.
     */
    AGENT_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(128 * 1024)
      .max(16 * 1024 * 1024)
      .default(256 * 1024),
    BURST_WINDOW_MS: z.coerce.number().int().min(0).max(10_000).default(3000),
    /** A complete-looking message waits this long for more of its sender's messages (ms). */
    BURST_SETTLE_MS: z.coerce.number().int().min(0).max(5000).default(50),
    /**
     * A message that reached MAX more than BACKLOG_LAG_MS after its WhatsApp time is part of a
     * backlog: it waits REORDER_WINDOW_MS (ms) for earlier ones arriving out of order. A live one never does.
     */
    REORDER_WINDOW_MS: z.coerce.number().int().min(0).max(30_000).default(2000),
    BACKLOG_LAG_MS: z.coerce.number().int().min(1000).max(3_600_000).default(10_000),
    /** Extra origins media may be downloaded from, comma-separated (Green-API's hosts are always allowed). */
    MEDIA_HOSTS: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
      )
      .optional(),
    /** A reply whose send may have happened is looked up in Green-API's journal after this long (ms). */
    SENT_JOURNAL_LAG_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
    MODEL_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
    CRM_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /**
     * Supabase Auth's admin API for the console's invitations (Supabase gives deployed functions both):
     * without them an invitation answers 503, everything else works.
     */
    SUPABASE_URL: z.string().url().optional(),
    SUPABASE_SERVICE_ROLE_KEY: z.string().min(20).optional(),
    /** The operator's alert channel (a Slack-compatible incoming webhook): alerts when WhatsApp itself is down. */
    ALERT_WEBHOOK_URL: z.string().url().optional(),
    /** Audit rows (max_logs, operator_audit) are kept this long, a deleted tenant's too (days). */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    /** Between a tenant's deletion request and the purge of its rows (days). */
    DELETION_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
    /** A rotated credential's predecessor stays a fallback this long (hours). */
    ROTATION_GRACE_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  })
  .refine((e) => e.DATABASE_URL ?? e.SUPABASE_DB_URL, {
    message: 'DATABASE_URL or SUPABASE_DB_URL is required',
  });

export type AgentEnv = z.infer<typeof agentEnvSchema>;

/**
 * An empty (or blank) value means unset, for every variable: `OPENAI_API_KEY=` in a copied
 * .env.example must read as "no key", not as an invalid one.
 */
const withoutBlanks = (raw: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ''));

export function parseAgentEnv(raw: Record<string, string | undefined>): AgentEnv {
  const res = agentEnvSchema.safeParse(withoutBlanks(raw));
  if (!res.success) {
    // Names only: values may be secrets.
    const problems = res.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`).join('; ');
    throw new Error(`Invalid agent configuration: ${problems}`);
  }
  return res.data;
}
