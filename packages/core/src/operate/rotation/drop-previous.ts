import { prevName, ROTATED, type RotatedService } from '../../agent/pipeline/wiring/tenant-credentials.ts';
import type { Actor, OperateDeps } from '../deps.ts';
import { auditTenantStep } from '../tenant-audit.ts';

/**
 * Ends a rotation's grace period: its previous credential (prev_*) is deleted and the rotation is
 * done. With `service`, the one of that tenant and service (a new rotation supersedes it); without,
 * every rotation whose grace has passed (the cron). Returns how many ended.
 */
export async function dropPrevious(
  ops: OperateDeps,
  o: { tenantId?: string; service?: RotatedService; actor: Pick<Actor, 'name'>; reason: string },
): Promise<number> {
  return ops.sql('rotation_drop', (sql) =>
    sql.begin(async (tx) => {
      const due = o.tenantId
        ? await tx`
            update credential_rotations set state = 'done', finished_at = now()
             where tenant_id = ${o.tenantId} and service = ${o.service ?? 'crm'} and state = 'grace'
            returning id, tenant_id, service`
        : await tx`
            update credential_rotations set state = 'done', finished_at = now()
             where state = 'grace' and grace_until <= now()
            returning id, tenant_id, service`;
      for (const r of due) {
        const names = ROTATED[r.service as RotatedService].map(prevName);
        await tx`delete from tenant_secrets where tenant_id = ${String(r.tenant_id)} and name = any(${`{${names.join(',')}}`}::text[])`;
        await auditTenantStep(tx, String(r.tenant_id), o.actor, 'credential_rotation', 'ok', {
          service: r.service,
          step: 'previous_dropped',
          rotationId: r.id,
          reason: o.reason,
        });
      }
      return due.length;
    }),
  );
}
