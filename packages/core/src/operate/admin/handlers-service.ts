import { requestTenantDeletion } from '../data/delete-tenant.ts';
import { erasePerson } from '../data/erase-person.ts';
import { exportTenant } from '../data/export.ts';
import { tenantHealth } from '../health/tenant-health.ts';
import { rotateCredential } from '../rotation/rotate.ts';
import { monthlyStatement } from '../usage/statement.ts';
import { liftLimits, setTenantPlan, tenantUsage } from '../usage/usage.ts';
import { ok } from './answer.ts';
import type { AdminHandlers } from './handlers.ts';

/** Running the tenant as a service: health, rotations, usage and plans, its data in and out. */
export const serviceHandlers = {
  'tenant.health': async (ops, actor, c) => ok(await tenantHealth(ops, actor, c.tenantId)),
  'rotation.crm': async (ops, actor, c) =>
    ok({
      rotation: await rotateCredential(
        ops,
        actor,
        c.tenantId,
        'crm',
        { crm_api_key: c.body.apiKey, ...(c.body.hmacSecret ? { crm_hmac_secret: c.body.hmacSecret } : {}) },
        c.body.graceHours,
      ),
    }),
  'rotation.greenapi': async (ops, actor, c) =>
    ok({
      rotation: await rotateCredential(
        ops,
        actor,
        c.tenantId,
        'greenapi',
        { greenapi_token: c.body.token },
        c.body.graceHours,
      ),
    }),
  'usage.get': async (ops, actor, c) => ok(await tenantUsage(ops, actor, c.tenantId, c.month)),
  'statement.get': async (ops, actor, c) => ok(await monthlyStatement(ops, actor, c.tenantId, c.month)),
  'plan.set': async (ops, actor, c) => ok(await setTenantPlan(ops, actor, c.tenantId, c.body.plan)),
  'limits.lift': async (ops, actor, c) => ok(await liftLimits(ops, actor, c.tenantId, c.body.until)),
  'data.export': async (ops, actor, c) => {
    const lines: string[] = [];
    await exportTenant(ops, actor, c.tenantId, (l) => {
      lines.push(l);
    });
    const day = ops.clock.now().toISOString().slice(0, 10);
    return {
      status: 200,
      raw: {
        contentType: 'application/x-ndjson; charset=utf-8',
        body: `${lines.join('\n')}\n`,
        fileName: `${c.tenantId}-export-${day}.ndjson`,
      },
    };
  },
  'sender.erase': async (ops, actor, c) =>
    ok({
      erasure: await erasePerson(ops, actor, c.tenantId, c.phone, { removeSender: c.body.removeSender }),
    }),
  'tenant.delete': async (ops, actor, c) =>
    ok({ deletion: await requestTenantDeletion(ops, actor, c.tenantId) }, 202),
} satisfies Partial<AdminHandlers>;
