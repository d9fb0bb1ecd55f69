import { z } from 'zod';

/** Bindings Cloudflare provides (not validated by zod: they are objects, not strings). */
export interface Bindings {
  INBOUND: Queue;
  RL_CHAT: RateLimit;
  RL_INSTANCE: RateLimit;
  RL_NOTICE: RateLimit;
  GREENAPI_WEBHOOK_SECRET?: string;
  AGENT_SHARED_SECRET?: string;
  AGENT_URL?: string;
  AGENT_TIMEOUT_MS?: string;
  RETRY_BASE_SECONDS?: string;
  RETRY_CAP_SECONDS?: string;
  LOG_LEVEL?: string;
  SUPABASE_JWT_SECRET?: string;
  SUPABASE_JWKS?: string;
  BACKSTOP_MINUTES?: string;
}

const schema = z.object({
  GREENAPI_WEBHOOK_SECRET: z.string().min(32, 'GREENAPI_WEBHOOK_SECRET must be at least 32 characters'),
  AGENT_SHARED_SECRET: z.string().min(32, 'AGENT_SHARED_SECRET must be at least 32 characters'),
  AGENT_URL: z.string().url(),
  AGENT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  RETRY_CAP_SECONDS: z.coerce.number().int().min(1).max(43_200).default(600),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Web chat: the Supabase project's JWT secret (HS256) and/or its JWKS (signing keys), as JSON. */
  SUPABASE_JWT_SECRET: z.string().min(32).optional(),
  SUPABASE_JWKS: z
    .string()
    .refine((s) => {
      try {
        return Array.isArray((JSON.parse(s) as { keys?: unknown }).keys);
      } catch {
        return false;
      }
    }, 'SUPABASE_JWKS must be a JSON Web Key Set')
    .optional(),
  /** The lost-webhook backstop looks this far back (minutes). */
  BACKSTOP_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
});

export type WorkerConfig = z.infer<typeof schema>;
export type ConfigResult = { ok: true; config: WorkerConfig } | { ok: false; problems: string[] };

let cached: { source: Bindings; result: ConfigResult } | null = null;

/** Parsed once per isolate; a missing or weak secret fails closed (503), never open. */
export function loadConfig(env: Bindings): ConfigResult {
  if (cached?.source === env) return cached.result;
  const res = schema.safeParse(env);
  const result: ConfigResult = res.success
    ? { ok: true, config: res.data }
    : { ok: false, problems: res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  cached = { source: env, result };
  return result;
}
