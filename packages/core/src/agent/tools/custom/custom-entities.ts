import { z } from 'zod';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import type { OwnedSpec } from '../activities/owned-records.ts';

/** The seed's custom entities (infra/scaleway-espocrm): each belongs to a lead and/or an account. */
export const CUSTOM_ENTITIES = ['DiagnosticIA', 'MissionMAX'] as const;
export type CustomEntity = (typeof CUSTOM_ENTITIES)[number];

export const customEntitySchema = z.enum(CUSTOM_ENTITIES);

export const isCustomEntity = (entity: string): entity is CustomEntity =>
  (CUSTOM_ENTITIES as readonly string[]).includes(entity);

/** Whose record it is: "le diagnostic de Dupont" is the one whose lead or account is Dupont. */
export const OWNED: Record<CustomEntity, OwnedSpec> = {
  DiagnosticIA: {
    entity: 'DiagnosticIA',
    owners: [
      { entity: 'Account', attribute: 'accountId' },
      { entity: 'Lead', attribute: 'leadId' },
    ],
  },
  MissionMAX: {
    entity: 'MissionMAX',
    owners: [
      { entity: 'Account', attribute: 'accountId' },
      { entity: 'Lead', attribute: 'leadId' },
    ],
  },
};

/** The link attribute of an owner on a custom record. */
export const ownerAttribute = (owner: string) => (owner === 'Account' ? 'accountId' : 'leadId');

/**
 * A CRM without infra/scaleway-espocrm's customisations has no such entity (its API answers 404):
 * say so instead of "not found".
 */
export async function notInstalled(
  ctx: ToolContext,
  entity: string,
): Promise<Extract<ToolOutcome, { kind: 'invalid' }> | null> {
  const fields = await ctx.crm.fields(entity);
  return Object.keys(fields).length
    ? null
    : { ok: false, kind: 'invalid', field: 'entity', reason: 'entity_not_installed', value: entity };
}
