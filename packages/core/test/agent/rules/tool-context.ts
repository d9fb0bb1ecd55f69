import type { EspoStandIn } from '@max/sandbox';
import {
  type CrmClient,
  createEspoClient,
  findTool,
  type Lang,
  renderOutcome,
  silentLogger,
  systemClock,
  type Tenant,
  type ToolContext,
  type ToolOutcome,
} from '../../../src/index.ts';

/** A tenant row as the store returns it; only what the tools read matters here. */
export function testTenant(over: Partial<Tenant> = {}): Tenant {
  const base: Partial<Tenant> = {
    id: 'acme',
    name: 'Acme',
    status: 'active',
    locale: 'fr',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
    greenApiInstanceId: '1101000001',
    greenApiUrl: 'https://1101.api.green-api.com',
    crmMode: 'dedicated',
    crmBaseUrl: 'http://127.0.0.1',
    crmAuthMode: 'apikey',
    crmTenantField: null,
    llmBaseUrl: null,
    llmModel: null,
    humanPauseMinutes: 30,
  };
  return { ...base, ...over } as Tenant;
}

/** The real EspoCRM client on the stand-in, over HTTP, as the pipeline wires it. */
export function standInCrm(espo: EspoStandIn, tenant: Tenant): CrmClient {
  return createEspoClient({
    baseUrl: espo.url,
    auth: { kind: 'apikey', apiKey: espo.apiKey },
    fetch: (i, init) => fetch(i, init),
    clock: systemClock,
    logger: silentLogger,
    timeoutMs: 5000,
    defaultCountry: tenant.defaultCountry,
  });
}

export function toolContext(crm: CrmClient, tenant: Tenant, over: Partial<ToolContext> = {}): ToolContext {
  return {
    crm,
    tenant,
    role: 'member',
    focus: null,
    today: '2026-03-02',
    clock: systemClock,
    logger: silentLogger,
    ...over,
  };
}

/**
 * One call as the agent runs it: the tool's own schema parses the arguments, the tool runs against
 * the CRM, and the outcome is rendered into the reply the sender gets.
 */
export async function runCall(
  ctx: ToolContext,
  call: { name: string; args: unknown },
  lang: Lang,
): Promise<{ outcome: ToolOutcome; reply: string }> {
  const tool = findTool(call.name);
  if (!tool) throw new Error(`no tool ${call.name}`);
  const outcome = await tool.run(ctx, tool.parameters.parse(call.args));
  return { outcome, reply: renderOutcome(outcome, lang) };
}
