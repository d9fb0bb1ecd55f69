import {
  nextName,
  prevName,
  type ROTATED,
  type RotatedService,
  secretNames,
} from '../../agent/pipeline/wiring/tenant-credentials.ts';
import { decryptSecret, secretAad } from '../../secrets/envelope.ts';
import { AppError } from '../../shared/errors.ts';
import type { SqlQuery } from '../../store/postgres/sql-client.ts';
import { checkTenant } from '../checks.ts';
import type { Actor, OperateDeps } from '../deps.ts';
import { openTenantSecrets, storeSecret } from '../secrets.ts';
import { auditTenantStep } from '../tenant-audit.ts';
import type { TenantView } from '../tenant-view.ts';
import { assertTenantAllowed, mustReadTenant } from '../tenants.ts';
import { dropPrevious } from './drop-previous.ts';

export interface RotationView {
  id: string;
  service: RotatedService;
  state: 'grace' | 'done';
  switchedAt: string;
  graceUntil: string | null;
}

/** The new values, by secret name. */
export type Candidate = Partial<Record<(typeof ROTATED)[RotatedService][number], string>>;

/** Which check lines decide whether the service took the candidate. */
const DECIDING: Record<RotatedService, string[]> = {
  crm: ['crm.reachable', 'crm.auth'],
  greenapi: ['greenapi.state'],
};

/** Green-API answers a valid token with the instance's state, whatever it is: only a refusal fails it. */
const accepted = (service: RotatedService, line: { ok: boolean | null; detail: string }) =>
  line.ok === true || (service === 'greenapi' && !/refused|unreachable/.test(line.detail));

async function moveSecret(ops: OperateDeps, tx: SqlQuery, tenantId: string, from: string, to: string) {
  const [row] =
    await tx`select ciphertext from tenant_secrets where tenant_id = ${tenantId} and name = ${from}`;
  if (!row) return false;
  // Envelopes are bound to their name: a move is a re-seal.
  const plain = await decryptSecret(ops.keyring, String(row.ciphertext), secretAad(tenantId, from));
  await storeSecret(ops.keyring, tx, tenantId, to, plain);
  return true;
}

/**
 * Rotates a tenant's CRM API key / HMAC secret or Green-API token without downtime: the candidate is
 * staged (next_*), validated against the service — refused there, nothing changes and the error says
 * why — then switched in while the current one becomes the fallback (prev_*) for `graceHours`, after
 * which the cron drops it. Every step is in the tenant's audit.
 */
export async function rotateCredential(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  service: RotatedService,
  candidate: Candidate,
  graceHours: number = ops.settings.rotationGraceHours,
): Promise<RotationView> {
  assertTenantAllowed(actor, tenantId);
  const tenant = await mustReadTenant(ops, tenantId);
  checkCandidate(tenant, service, candidate);
  const names = Object.keys(candidate) as string[];
  // A rotation still in its grace period ends first (its fallback goes): one previous credential at a time.
  await dropPrevious(ops, { tenantId, service, actor, reason: 'superseded' });
  const rotationId = await ops.sql('rotation_stage', (sql) =>
    sql.begin(async (tx) => {
      const [r] = await tx`
        insert into credential_rotations (tenant_id, service, state, actor)
        values (${tenantId}, ${service}, 'validating', ${actor.name})
        on conflict (tenant_id, service) where state in ('validating', 'grace') do nothing returning id`;
      if (!r)
        throw new AppError('conflict', `A ${service} rotation of ${tenantId} is already running`, {
          retryable: true,
        });
      for (const n of names)
        await storeSecret(ops.keyring, tx, tenantId, nextName(n), candidate[n as keyof Candidate]!);
      await auditTenantStep(tx, tenantId, actor, 'credential_rotation', 'ok', {
        service,
        step: 'staged',
        rotationId: r.id,
        secrets: names,
      });
      return String(r.id);
    }),
  );

  const refuse = async (detail: string) => {
    await ops.sql('rotation_refuse', (sql) =>
      sql.begin(async (tx) => {
        for (const n of names)
          await tx`delete from tenant_secrets where tenant_id = ${tenantId} and name = ${nextName(n)}`;
        await tx`update credential_rotations set state = 'refused', finished_at = now(), detail = ${detail.slice(0, 500)} where id = ${rotationId}`;
        await auditTenantStep(tx, tenantId, actor, 'credential_rotation', 'denied', {
          service,
          step: 'refused',
          rotationId,
          detail,
        });
      }),
    );
    throw new AppError(
      'unprocessable',
      `The new ${service} credential was refused, nothing changed: ${detail}`,
      {
        details: { rotationId, service },
      },
    );
  };

  let verdict: string | null;
  try {
    verdict = await validate(ops, tenant, service, candidate);
  } catch (e) {
    verdict = e instanceof AppError ? e.message : 'the check failed';
  }
  if (verdict !== null) return refuse(verdict);

  const view = await ops.sql('rotation_switch', (sql) =>
    sql.begin(async (tx) => {
      for (const n of names) {
        await moveSecret(ops, tx, tenantId, n, prevName(n));
        await moveSecret(ops, tx, tenantId, nextName(n), n);
        await tx`delete from tenant_secrets where tenant_id = ${tenantId} and name = ${nextName(n)}`;
      }
      const [r] = await tx`
        update credential_rotations
           set state = 'grace', switched_at = now(), grace_until = now() + make_interval(hours => ${graceHours})
         where id = ${rotationId} returning switched_at, grace_until`;
      await auditTenantStep(tx, tenantId, actor, 'credential_rotation', 'ok', {
        service,
        step: 'switched',
        rotationId,
        graceHours,
      });
      return {
        id: rotationId,
        service,
        state: 'grace' as const,
        switchedAt: new Date(r!.switched_at as string).toISOString(),
        graceUntil: new Date(r!.grace_until as string).toISOString(),
      };
    }),
  );
  if (graceHours > 0) return view;
  await dropPrevious(ops, { tenantId, service, actor, reason: 'no_grace' });
  return { ...view, state: 'done', graceUntil: null };
}

function checkCandidate(tenant: TenantView, service: RotatedService, c: Candidate): void {
  if (service === 'crm') {
    if (tenant.crmAuthMode === 'basic')
      throw new AppError(
        'validation',
        'This tenant signs in to its CRM with a password: set crm_password instead',
      );
    if (!c.crm_api_key) throw new AppError('validation', 'apiKey is required');
    if (c.crm_hmac_secret && tenant.crmAuthMode !== 'hmac')
      throw new AppError(
        'validation',
        `hmacSecret is only for the hmac auth mode (this tenant uses ${tenant.crmAuthMode})`,
      );
  } else if (!c.greenapi_token) throw new AppError('validation', 'token is required');
}

/** null when the service accepts the candidate, else why not. */
async function validate(
  ops: OperateDeps,
  tenant: TenantView,
  service: RotatedService,
  candidate: Candidate,
): Promise<string | null> {
  const secrets = await openTenantSecrets(ops, tenant.id);
  for (const [n, v] of Object.entries(candidate)) secrets.set(n, v);
  // The checks of the other service are not this rotation's business.
  if (service === 'crm') secrets.delete(secretNames.greenApiToken);
  else secrets.delete(secretNames.crmApiKey);
  const report = await checkTenant(ops, tenant, secrets);
  for (const name of DECIDING[service]) {
    const line = report.checks.find((l) => l.name === name);
    if (!line) return `${name} could not be checked`;
    if (!accepted(service, line)) return `${name}: ${line.detail}`;
  }
  return null;
}
