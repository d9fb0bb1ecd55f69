import type { Harness } from './harness.ts';

/** A tenant of the shared-mode suites: its id, its WhatsApp instance, and who may write to it. */
export interface SharedSeat {
  id: string;
  instance: string;
  admin?: string;
  member?: string;
}

const TENANT_FIELD = { type: 'varchar', maxLength: 64, isCustom: true };

/**
 * Tenants side by side on the harness's one EspoCRM in shared mode (every record carries
 * cTenantId): the multi-tenant suites start from here. `tenantField` adds the cTenantId field to
 * these entities first, as an install without MAX's customizations needs.
 */
export async function seedSharedTenants(
  h: Harness,
  seats: SharedSeat[],
  o: { tenantField?: string[] } = {},
): Promise<void> {
  for (const e of o.tenantField ?? []) h.espo.addField(e, 'cTenantId', TENANT_FIELD);
  for (const t of seats)
    await h.seedTenant({
      id: t.id,
      idInstance: t.instance,
      crmUrl: h.espo.url,
      mode: 'shared',
      ...(t.admin ? { admin: t.admin } : {}),
      ...(t.member ? { member: t.member } : {}),
    });
}
