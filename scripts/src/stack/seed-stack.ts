import type { Keyring } from '@max/core';
import { espoFaultAnswer, type HttpFaultProxy, startHttpFaultProxy } from '@max/sandbox';
import type postgres from 'postgres';
import { alignDemoCrm } from './demo-crm-locale.ts';
import { DEMO, seedDemo } from './demo-tenant.ts';
import type { StackOptions } from './stack-options.ts';
import type { EspoStandIn, GreenApiStandIn } from './stand-ins.ts';
import type { Teardown } from './teardown.ts';
import { setSender } from './tenants.ts';

/**
 * The demo tenant and the caller's rows: the demo reaches the stand-in CRM, or the real one
 * (ESPO_URL) directly or through a fault proxy (`crmFaults`); `senders` are added as its members.
 */
export async function seedStack(
  sql: postgres.Sql,
  o: Pick<StackOptions, 'crmFaults' | 'seed'>,
  s: {
    keyring: Keyring;
    espo: EspoStandIn | null;
    green: GreenApiStandIn;
    senders: string[];
    teardown: Teardown;
  },
): Promise<{ espoUrl: string; crmProxy: HttpFaultProxy | null }> {
  const { keyring, espo, green } = s;
  const espoUrl = process.env.ESPO_URL ?? espo!.url;
  const crmProxy =
    !espo && o.crmFaults
      ? await startHttpFaultProxy({ target: espoUrl, errorAnswer: espoFaultAnswer })
      : null;
  if (crmProxy) s.teardown.add(crmProxy.stop);
  await seedDemo(sql, {
    keyring,
    espoUrl: crmProxy?.url ?? espoUrl,
    greenUrl: green.url,
    espoApiKey: process.env.ESPO_API_KEY ?? espo!.apiKey,
    greenToken: green.tokenFor(DEMO.idInstance),
    ...(espo
      ? { espoAdmin: { username: espo.credentials.adminUser, password: espo.credentials.adminPassword } }
      : {}),
  });
  if (espo) await alignDemoCrm(espo);
  await o.seed?.(sql, { keyring, greenUrl: green.url, greenToken: (id) => green.tokenFor(id) });
  for (const sender of s.senders) await setSender(sql, DEMO.tenantId, sender, 'member');
  // Where people open the demo's CRM records from the console.
  await sql`update tenants set crm_public_url = ${espoUrl} where id = ${DEMO.tenantId}`;
  return { espoUrl, crmProxy };
}
