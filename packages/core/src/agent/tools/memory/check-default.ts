import { resolveFieldName } from '../../../crm/field-name.ts';
import { CURRENCY_KEY, knownEntity } from '../../memory/keys.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { checkCurrency } from '../opportunities/money.ts';
import { validateFields } from '../validate-fields.ts';

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
const wordsOf = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/^(?:le|la|les|l'|the)\s+/, '')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .sort()
    .join(' ');

// "nos partenaires", "our partners", "surtout du salon": the words around the option's own name.
const AROUND =
  /^(?:(?:surtout|souvent|principalement|mostly|mainly|usually|generally)\s+)?(?:(?:de|du|des|d'|from|via|par|through)\s*)?(?:(?:nos|notre|nôtre|our|les|la|le|l'|the|un|une|a|an)\s*)?/iu;
const bare = (s: string) => {
  const w = wordsOf(s.trim().replace(AROUND, ''));
  return w.replace(/(?<=\p{L}{3})s(?= |$)/gu, '');
};

/** The option whose label, in the CRM's own language, is what was said ("nos partenaires" → Partner). */
async function byLabel(
  ctx: ToolContext,
  entity: string,
  field: string | null,
  options: string[],
  value: string,
): Promise<string> {
  if (!field) return value;
  const labels = await ctx.crm.labels().catch(() => ({}) as Awaited<ReturnType<typeof ctx.crm.labels>>);
  const shown = labels[entity]?.options?.[field] ?? {};
  const said = bare(value);
  const hits = options.filter((o) => bare(o) === said || (shown[o] !== undefined && bare(shown[o]) === said));
  return hits.length === 1 ? hits[0]! : value;
}

/**
 * A default is checked against the tenant's live CRM metadata when it is remembered, so every
 * record created with it later is valid: the field must exist and be writable, an enum value is
 * taken as the option it names ("web" or "website" → "Web Site"), an e-mail or phone must be valid.
 */
export async function checkDefault(
  ctx: ToolContext,
  target: string,
  value: string,
): Promise<{ key: string; value: string } | ToolOutcome> {
  // The currency of amounts said without one: one of the CRM's currencies (its settings list them).
  if (/(?:^|\.)(?:amount)?currency$/i.test(target)) {
    const money = await checkCurrency(ctx, value);
    if (!money.ok) return money;
    return { key: CURRENCY_KEY, value: money.currency ?? value.toUpperCase() };
  }
  const [entityName, fieldName] = target.includes('.') ? target.split('.', 2) : ['Lead', target];
  const entity = knownEntity(entityName ?? '');
  if (!entity || !fieldName)
    return { ok: false, kind: 'invalid', field: 'field', reason: 'unknown_field', allowed: ['Lead.source'] };
  const fields = await ctx.crm.fields(entity);
  const field = resolveFieldName(fields, fieldName);
  const def = field ? fields[field] : undefined;
  let chosen = value;
  if (def?.options?.length && (def.type === 'enum' || def.type === 'multiEnum')) {
    const options = def.options.filter(Boolean);
    const exact = options.find((o) => squash(o) === squash(value));
    // The same words in another order ("site web" is "Web Site").
    const reordered = options.find((o) => wordsOf(o) === wordsOf(value));
    const starts = options.filter((o) => squash(o).startsWith(squash(value)));
    chosen =
      exact ??
      reordered ??
      (starts.length === 1 ? starts[0]! : await byLabel(ctx, entity, field ?? null, options, value));
  }
  const checked = await validateFields(ctx, entity, { [field ?? fieldName]: chosen });
  if (!checked.ok) return checked;
  const [name, stored] = Object.entries(checked.data)[0] ?? [];
  if (!name || stored === undefined || stored === null || stored === '')
    return { ok: false, kind: 'invalid', field: fieldName, reason: 'empty' };
  return { key: `default.${entity}.${name}`, value: String(stored) };
}
