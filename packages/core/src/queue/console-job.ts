import { z } from 'zod';

/** A tenant memory entry as the database accepts it (tenant_memory_key_shape, tenant_memory_value_size). */
export const memoryKeySchema = z.string().regex(/^[a-z][A-Za-z0-9_.-]{0,99}$/);
export const memoryValueSchema = z.string().trim().min(1).max(500);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const tenantId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);
const userId = z.string().uuid();
/** A WhatsApp number as typed (national in the tenant's country, or international). */
const phone = z
  .string()
  .trim()
  .min(5)
  .max(40)
  .regex(/^\+?[0-9 ().-]{5,30}$/);
const senderRole = z.enum(['admin', 'member']);
const memberRole = z.enum(['owner', 'admin', 'member', 'viewer']);

/**
 * What the console asks of MAX's API (the Worker's /api/console/…), run by the agent as the
 * signed-in person: each read is one query under RLS with their claims, each write one of the
 * person functions issue 18 added (they check the person's role in tenant_members).
 */
export const consoleOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('me') }),
  z.object({
    op: z.literal('activity'),
    action: z.string().min(1).max(100).optional(),
    actor: z.string().min(1).max(100).optional(),
    /** Calendar days (UTC), inclusive. */
    from: day.optional(),
    to: day.optional(),
    /** Keyset pagination: rows older than this audit id. */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  }),
  z.object({ op: z.literal('team') }),
  z.object({ op: z.literal('memory') }),
  z.object({ op: z.literal('memory.set'), key: memoryKeySchema, value: memoryValueSchema }),
  z.object({ op: z.literal('memory.forget'), key: memoryKeySchema }),
  z.object({ op: z.literal('pending') }),
  z.object({ op: z.literal('tenants') }),
  z.object({ op: z.literal('tenant.choose'), tenantId }),
  z.object({
    op: z.literal('usage'),
    month: z
      .string()
      .regex(/^20\d{2}-(0[1-9]|1[0-2])$/)
      .optional(),
  }),
  z.object({ op: z.literal('health') }),
  z.object({
    op: z.literal('sender.set'),
    phone,
    role: senderRole,
    name: z.string().trim().max(100).optional(),
  }),
  z.object({ op: z.literal('sender.remove'), phone }),
  z.object({ op: z.literal('member.set'), userId, role: memberRole }),
  z.object({ op: z.literal('member.remove'), userId }),
  z.object({
    op: z.literal('member.invite'),
    email: z.string().trim().toLowerCase().email().max(255),
    role: memberRole,
    /** Where the invitation's link lands: the console's own origin, set by the Worker (never the caller). */
    redirectTo: z.string().url().max(500),
  }),
]);
export type ConsoleOp = z.infer<typeof consoleOpSchema>;

/**
 * The verified token's claims, as PostgREST would set them: the Worker verified the signature,
 * issuer, audience and expiry; the database decides what they may read (RLS, tenant_members).
 */
export const personClaimsSchema = z.looseObject({
  sub: z.string().uuid(),
  role: z.literal('authenticated'),
  tenant_id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
});
export type PersonClaims = z.infer<typeof personClaimsSchema>;

export const consoleJobSchema = z.object({
  v: z.literal(1),
  kind: z.literal('console'),
  requestId: z.string().min(1).max(100),
  claims: personClaimsSchema,
  request: consoleOpSchema,
});
export type ConsoleJob = z.infer<typeof consoleJobSchema>;
