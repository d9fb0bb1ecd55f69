import { WEBHOOK_PATH } from '../../greenapi/webhook/credentials.ts';
import type { AdminAction, AdminCommand } from '../../queue/admin-commands.ts';
import { activateTenant } from '../activate.ts';
import { runTenantChecks } from '../checks.ts';
import type { Actor, OperateDeps } from '../deps.ts';
import { removeMember, removeSender, setMember, setSender } from '../people.ts';
import { setTenantSecret } from '../secrets.ts';
import { tenantOverview } from '../tenant-overview.ts';
import {
  assertTenantAllowed,
  createTenant,
  describeTenant,
  disableTenant,
  listTenants,
  mustReadTenant,
  updateTenant,
} from '../tenants.ts';
import { type AdminAnswer, ok } from './answer.ts';

type Of<A extends AdminAction> = Extract<AdminCommand, { action: A }>;
type Handler<A extends AdminAction> = (ops: OperateDeps, actor: Actor, c: Of<A>) => Promise<AdminAnswer>;
export type AdminHandlers = { [A in AdminAction]: Handler<A> };

/** The tenant lifecycle, its secrets and people: the onboarding sequence. */
export const onboardingHandlers = {
  'tenant.list': async (ops, actor) =>
    ok({ tenants: await listTenants(ops, actor), overview: await tenantOverview(ops, actor) }),
  'tenant.create': async (ops, actor, c) => {
    const tenant = await createTenant(ops, actor, c.body);
    return ok(
      {
        tenant,
        next: [
          `PUT /api/admin/tenants/${tenant.id}/secrets/crm_api_key and …/secrets/greenapi_token`,
          `PUT /api/admin/tenants/${tenant.id}/senders/<phone> {"role":"admin"}`,
          `GET /api/admin/tenants/${tenant.id}/webhook (set both values on the Green-API instance)`,
          `POST /api/admin/tenants/${tenant.id}/activate`,
        ],
      },
      201,
    );
  },
  'tenant.get': async (ops, actor, c) => ok(await describeTenant(ops, actor, c.tenantId)),
  'tenant.update': async (ops, actor, c) =>
    ok({ tenant: await updateTenant(ops, actor, c.tenantId, c.body) }),
  'tenant.disable': async (ops, actor, c) => ok({ tenant: await disableTenant(ops, actor, c.tenantId) }),
  'tenant.activate': async (ops, actor, c) => ok({ ...(await activateTenant(ops, actor, c.tenantId)) }),
  'tenant.checks': async (ops, actor, c) =>
    ok({ ...(await runTenantChecks(ops, actor, c.tenantId, { fix: c.fix === 'locale' })) }),
  'tenant.webhook': async (ops, actor, c) => {
    assertTenantAllowed(actor, c.tenantId);
    const t = await mustReadTenant(ops, c.tenantId);
    // The token is derived at the edge (the Worker holds GREENAPI_WEBHOOK_SECRET, the agent never does).
    return ok({ tenantId: t.id, idInstance: t.idInstance, webhookPath: WEBHOOK_PATH });
  },
  'secret.set': async (ops, actor, c) =>
    ok({ secret: await setTenantSecret(ops, actor, c.tenantId, c.name, c.body.value) }),
  'sender.set': async (ops, actor, c) =>
    ok({ sender: await setSender(ops, actor, c.tenantId, c.phone, c.body) }),
  'sender.remove': async (ops, actor, c) =>
    ok({ sender: await removeSender(ops, actor, c.tenantId, c.phone) }),
  'member.set': async (ops, actor, c) =>
    ok({ member: await setMember(ops, actor, c.tenantId, c.userId, c.body.role) }),
  'member.remove': async (ops, actor, c) =>
    ok({ member: await removeMember(ops, actor, c.tenantId, c.userId) }),
} satisfies Partial<AdminHandlers>;
