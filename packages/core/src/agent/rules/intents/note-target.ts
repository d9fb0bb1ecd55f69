import { targetFrom } from '../target.ts';
import type { LeadTargetArgs } from '../types.ts';

/**
 * Words that say which entity a record is ("le compte Acme", "l'opportunité Refonte", "la mission
 * de Dupont"): notes, tasks, calls, meetings and field changes then look there only. Without such a
 * word the tool looks for a lead first, then a contact, an account, an opportunity.
 */
const ENTITY_WORDS: Array<[RegExp, string]> = [
  [/^(?:comptes?|accounts?|entreprises?|soci[ée]t[ée]s?|compan(?:y|ies))(?![\p{L}])/iu, 'Account'],
  [/^(?:opportunit[ée]s?|opportunit(?:y|ies)|affaires?|deals?)(?![\p{L}])/iu, 'Opportunity'],
  [/^contacts?(?![\p{L}])/iu, 'Contact'],
  [/^(?:missions?(?:\s+max)?|max\s+missions?)(?![\p{L}])/iu, 'MissionMAX'],
  [/^(?:diagnostics?(?:\s+ia)?|diags?|ai\s+diagnostics?)(?![\p{L}])/iu, 'DiagnosticIA'],
  [/^(?:leads?|prospects?)(?![\p{L}])/iu, 'Lead'],
];

const LEADING =
  /^(?:(?:du|de|des|à|a|au|aux|pour|sur|to|for|on|of|about|avec|with)\s+|d'\s*)?(?:(?:le|la|les|the|un|une|a|an|ce|cette|this|mon|ma|my)\s+|l'\s*)?/iu;

// English puts the entity after the name: "the Acme account", "the Dupont mission".
const TRAILING: Array<[RegExp, string]> = [
  [/^(.+?)\s+(?:account|company)$/iu, 'Account'],
  [/^(.+?)\s+(?:opportunity|deal)$/iu, 'Opportunity'],
  [/^(.+?)\s+contact$/iu, 'Contact'],
  [/^(.+?)\s+(?:max\s+)?mission$/iu, 'MissionMAX'],
  [/^(.+?)\s+(?:ai\s+)?diagnostic$/iu, 'DiagnosticIA'],
];

export interface EntityTarget {
  entity?: string;
  target: LeadTargetArgs;
}

/** Who a command is about, and in which entity when the words say it. Null: not a target. */
export function entityTargetFrom(fragment: string | undefined): EntityTarget | null {
  if (!fragment) return { target: {} };
  const bare = fragment.trim().replace(LEADING, '');
  for (const [re, entity] of ENTITY_WORDS) {
    const m = re.exec(bare);
    if (!m) continue;
    const rest = bare.slice(m[0].length);
    const target = targetFrom(rest);
    return target ? { entity, target } : null;
  }
  for (const [re, entity] of TRAILING) {
    const m = re.exec(bare);
    if (!m) continue;
    const target = targetFrom(m[1]);
    if (target && Object.keys(target).length) return { entity, target };
  }
  const target = targetFrom(fragment);
  return target ? { target } : null;
}

/** The call's arguments for an entity target: `entity` only when said (the rules' calls stay as before). */
export const withEntity = (t: EntityTarget) => ({
  target: t.target,
  ...(t.entity ? { entity: t.entity } : {}),
});
