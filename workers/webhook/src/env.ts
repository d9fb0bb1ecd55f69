import { z } from 'zod';

/** Bindings Cloudflare provides (not validated by zod: they are objects, not strings). */
export interface Bindings {
  INBOUND: Queue;
  DEAD_LETTERS: Queue;
  RL_INSTANCE: RateLimit;
  RL_WEBCHAT_USER: RateLimit;
  RL_WEBCHAT_TENANT: RateLimit;
  RL_ADMIN: RateLimit;
  GREENAPI_WEBHOOK_SECRET?: string;
  AGENT_SHARED_SECRET?: string;
  AGENT_URL?: string;
  AGENT_TIMEOUT_MS?: string;
  RETRY_BASE_SECONDS?: string;
  RETRY_CAP_SECONDS?: string;
  LOG_LEVEL?: string;
  SUPABASE_URL?: string;
  SUPABASE_JWT_AUDIENCE?: string;
  SUPABASE_JWT_SECRET?: string;
  SUPABASE_JWKS_COOLDOWN_SECONDS?: string;
  BACKSTOP_MINUTES?: string;
  HEALTH_TENANTS_PER_RUN?: string;
}

const schema = z.object({
  GREENAPI_WEBHOOK_SECRET: z.string().min(32, 'GREENAPI_WEBHOOK_SECRET must be at least 32 characters'),
  AGENT_SHARED_SECRET: z.string().min(32, 'AGENT_SHARED_SECRET must be at least 32 characters'),
  AGENT_URL: z.string().url(),
  AGENT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  /** Consumer retries: min(base × 2^(attempts-1), cap); see wrangler.toml for the numbers. */
  RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  RETRY_CAP_SECONDS: z.coerce.number().int().min(1).max(43_200).default(30),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Web chat: the Supabase project (https://<ref>.supabase.co): token issuer and JWKS URL derive from it. */
  SUPABASE_URL: z.string().url().optional(),
  SUPABASE_JWT_AUDIENCE: z.string().min(1).default('authenticated'),
  /** The project's legacy JWT secret: HS256 tokens are accepted only when it is set. */
  SUPABASE_JWT_SECRET: z.string().min(32).optional(),
  /** How soon an unknown key id may refetch the JWKS (a rotation is picked up after at most this). */
  SUPABASE_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** The lost-webhook backstop looks this far back (minutes). */
  BACKSTOP_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** Tenants the cron's health run checks each time, least recently checked first. */
  HEALTH_TENANTS_PER_RUN: z.coerce.number().int().min(1).max(1000).default(200),
});

export type WorkerConfig = z.infer<typeof schema>;
export type ConfigResult = { ok: true; config: WorkerConfig } | { ok: false; problems: string[] };

let cached: { source: Bindings; result: ConfigResult } | null = null;

/**
 * Parsed once per isolate (env is the same object for every request); a missing or weak secret
 * fails closed (503), never open. An empty value means unset.
 */
export function loadConfig(env: Bindings): ConfigResult {
  if (cached?.source === env) return cached.result;
  const vars: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = (env as unknown as Record<string, unknown>)[key];
    if (v !== undefined && v !== '') vars[key] = v;
  }
  const res = schema.safeParse(vars);
  const result: ConfigResult = res.success
    ? { ok: true, config: res.data }
    : { ok: false, problems: res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  cached = { source: env, result };
  return result;
}
