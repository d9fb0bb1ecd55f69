import type { Keyring } from '@max/core';
import type { Sql } from 'postgres';
import { setSecret, setSender, upsertTenant } from '../stack/tenants.ts';
import type { CaseCrm } from './case-crm.ts';
import type { EvalCase } from './corpus.ts';

/**
 * Each case is its own tenant (a French agency, dedicated CRM) with its own sender: memory,
 * defaults, sessions and records never leak from one case into another.
 */
export interface CaseTenant {
  id: string;
  idInstance: string;
  chatId: string;
  timeZone: string;
}

export function caseTenant(i: number, c: EvalCase): CaseTenant {
  return {
    id: `eval-${i + 1}`,
    idInstance: String(1102000000 + i + 1),
    chatId: `3361${String(i + 1).padStart(7, '0')}@c.us`,
    timeZone: c.tz ?? 'Europe/Paris',
  };
}

export async function seedCaseTenant(
  sql: Sql,
  ctx: { keyring: Keyring; greenUrl: string; greenToken: (idInstance: string) => string },
  t: CaseTenant,
  c: EvalCase,
  crm: CaseCrm,
): Promise<void> {
  await upsertTenant(sql, {
    id: t.id,
    name: `Eval ${c.id}`,
    idInstance: t.idInstance,
    greenApiUrl: ctx.greenUrl,
    crmBaseUrl: crm.url,
    crmMode: 'dedicated',
    crmAuthMode: 'apikey',
    locale: 'fr',
    timezone: t.timeZone,
    defaultCountry: 'FR',
  });
  await setSecret(sql, ctx.keyring, t.id, 'crm_api_key', crm.apiKey);
  if (crm.admin) {
    await setSecret(sql, ctx.keyring, t.id, 'crm_admin_username', crm.admin.username);
    await setSecret(sql, ctx.keyring, t.id, 'crm_admin_password', crm.admin.password);
  }
  await setSecret(sql, ctx.keyring, t.id, 'greenapi_token', ctx.greenToken(t.idInstance));
  await setSender(sql, t.id, t.chatId, c.role);
}
