import type { CrmLabels, FieldDef } from '../../crm/port.ts';
import type { ToolContext } from '../types.ts';

/** A field as people may name it: its attribute name, its label, and what a value of it looks like. */
export interface FieldRef {
  name: string;
  def: FieldDef;
  /** The install's label ("Date de début"), else the name in words ("start date"). */
  label: string;
  /** Enum values → their labels in the install's language ("In Progress" → "En cours"). */
  optionLabels: Record<string, string>;
}

/** Types a sender can set by value. Links, files and computed fields have tools of their own (or none). */
const SETTABLE = new Set([
  'varchar',
  'text',
  'wysiwyg',
  'url',
  'email',
  'phone',
  'int',
  'float',
  'currency',
  'date',
  'datetime',
  'datetimeOptional',
  'enum',
  'multiEnum',
  'checklist',
  'array',
  'bool',
]);

/** Never written by MAX, whatever they are called. */
const SYSTEM = new Set(['id', 'deleted', 'createdAt', 'modifiedAt', 'name', 'firstName', 'lastName']);

/** A few words people use for standard fields that the stand-in's (and a bare install's) labels lack. */
const ALIASES: Record<string, string[]> = {
  amount: ['montant'],
  closeDate: ['date de cloture', 'date de fermeture', 'closing date'],
  stage: ['etape', 'phase'],
  probability: ['probabilite'],
  description: ['desc'],
  website: ['site', 'site web', 'site internet'],
  industry: ['secteur', 'industrie'],
  startDate: ['debut', 'date de debut'],
  endDate: ['fin', 'date de fin'],
  summary: ['synthese', 'resume'],
  status: ['statut', 'etat'],
  priority: ['priorite'],
  title: ['titre', 'poste', 'fonction'],
  source: ['origine'],
};

/** Lower case, no accents, words only: "Date de début" → "date de debut". */
export function normalizeLabel(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^(?:l|le|la|les|son|sa|ses|the|his|her|its|their) /, '');
}

/** "cBudgetAnnuel" → "budget annuel". */
const words = (name: string) =>
  name
    .replace(/^c(?=[A-Z])/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();

/** The fields of an entity that a sender may set, with their labels (live metadata + GET I18n). */
export async function settableFields(ctx: ToolContext, entity: string): Promise<FieldRef[]> {
  const [fields, labels] = await Promise.all([
    ctx.crm.fields(entity),
    ctx.crm.labels().catch(() => ({}) as CrmLabels),
  ]);
  const scope = labels[entity] ?? {};
  const out: FieldRef[] = [];
  for (const [name, def] of Object.entries(fields)) {
    if (!SETTABLE.has(def.type) || SYSTEM.has(name) || def.readOnly || def.notStorable || def.utility)
      continue;
    if (name === ctx.tenant.crmTenantField) continue;
    out.push({
      name,
      def,
      label: scope.fields?.[name] ?? words(name),
      optionLabels: scope.options?.[name] ?? {},
    });
  }
  return out;
}

/** The field a sender means by a word: its name, its label (either language's form), an alias. */
export function matchField(fields: FieldRef[], said: string): FieldRef | null {
  const key = normalizeLabel(said);
  if (!key) return null;
  const keys = (f: FieldRef) => [
    normalizeLabel(f.name),
    normalizeLabel(words(f.name)),
    normalizeLabel(f.label),
    ...(ALIASES[f.name] ?? []),
  ];
  // Custom fields first: "budget" is the tenant's own cBudget before anything else.
  const ordered = [...fields.filter((f) => f.def.isCustom), ...fields.filter((f) => !f.def.isCustom)];
  return (
    ordered.find((f) => keys(f).includes(key)) ??
    (key.endsWith('s') ? (ordered.find((f) => keys(f).includes(key.slice(0, -1))) ?? null) : null)
  );
}
