import { resolveFieldName } from '../../crm/field-name.ts';
import type { FieldDef } from '../../crm/port.ts';
import type { Lang } from '../lang.ts';
import { pluralS } from '../render/plural.ts';
import { entityLabel } from '../render/records.ts';
import { type SetupPlan, storedName } from '../setup/plan.ts';
import { planSectorSetup } from '../tools/setup/plan-sector-setup.ts';
import type { ToolContext } from '../types.ts';
import { described, describerFor } from './describer.ts';
import { fieldKind, layoutWords } from './field-words.ts';
import { qm, quoted } from './words.ts';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A plan in words: the question, then each field with its record type, type, options and layouts.
 * `present` marks the fields the CRM already has (left as they are when the plan is applied).
 */
export function describeSetupPlan(plan: SetupPlan, lang: Lang, present = new Set<string>()): string {
  const n = plan.fields.length;
  const head =
    lang === 'fr'
      ? `Configurer le CRM pour ${quoted(plan.sector, lang)} avec ${n} champ${pluralS('fr', n)}${qm(lang)}`
      : `Set up the CRM for ${quoted(plan.sector, lang)} with ${n} field${pluralS('en', n)}${qm(lang)}`;
  const lines = plan.fields.map((f) => {
    const there = present.has(`${f.entity}.${f.name}`)
      ? lang === 'fr'
        ? ' (déjà présent, laissé tel quel)'
        : ' (already there, left as it is)'
      : '';
    const where = layoutWords(f.layouts ?? ['detail'], lang);
    return `• ${cap(entityLabel(f.entity, lang).many)} · ${f.label} (${fieldKind(f.type, f.options, lang)}) → ${where}${there}`;
  });
  return [head, ...lines].join('\n');
}

/** The plan's fields the CRM already has; an unreadable CRM marks none (the plan is shown all the same). */
async function presentFields(ctx: ToolContext, plan: SetupPlan): Promise<Set<string>> {
  const out = new Set<string>();
  const entities = [...new Set(plan.fields.map((f) => f.entity))];
  const live = await Promise.all(
    entities.map((e) => ctx.crm.fields(e).catch((): Record<string, FieldDef> => ({}))),
  );
  const byEntity = new Map(entities.map((e, i) => [e, live[i]!]));
  for (const f of plan.fields) {
    const fields = byEntity.get(f.entity) ?? {};
    if (resolveFieldName(fields, f.name) ?? resolveFieldName(fields, storedName(f.name)))
      out.add(`${f.entity}.${f.name}`);
  }
  return out;
}

export const describeSetup = describerFor(planSectorSetup, {
  async ask(ctx, plan, lang) {
    return described(describeSetupPlan(plan, lang, await presentFields(ctx, plan)));
  },
  short: (plan, lang) =>
    lang === 'fr'
      ? `la configuration du CRM pour ${quoted(plan.sector, lang)}`
      : `the CRM setup for ${quoted(plan.sector, lang)}`,
});
