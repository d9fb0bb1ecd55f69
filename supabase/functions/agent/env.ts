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
    BURST_WINDOW_MS: z.coerce.number().int().min(0).max(10_000).default(3000),
    MODEL_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
    CRM_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .refine((e) => e.DATABASE_URL ?? e.SUPABASE_DB_URL, {
    message: 'DATABASE_URL or SUPABASE_DB_URL is required',
  });

export type AgentEnv = z.infer<typeof agentEnvSchema>;

export function parseAgentEnv(raw: Record<string, string | undefined>): AgentEnv {
  const res = agentEnvSchema.safeParse(raw);
  if (!res.success) {
    // Names only: values may be secrets.
    const problems = res.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`).join('; ');
    throw new Error(`Invalid agent configuration: ${problems}`);
  }
  return res.data;
}
