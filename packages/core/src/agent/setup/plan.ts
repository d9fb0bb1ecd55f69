import { z } from 'zod';

export const SETUP_ENTITIES = ['Lead', 'Contact', 'Account', 'Opportunity'] as const;
export const SETUP_FIELD_TYPES = [
  'varchar',
  'text',
  'int',
  'float',
  'bool',
  'date',
  'enum',
  'multiEnum',
  'currency',
  'url',
] as const;

/** Fields one plan may add: a sector needs a handful, not a schema. */
export const MAX_PLAN_FIELDS = 12;

/** One field a plan adds, and the layouts it is shown on (detail when absent). */
export const plannedFieldSchema = z.object({
  entity: z.enum(SETUP_ENTITIES),
  name: z.string().regex(/^[a-z][a-zA-Z0-9]{1,39}$/, 'lowerCamelCase letters and digits'),
  type: z.enum(SETUP_FIELD_TYPES),
  label: z.string().min(1).max(60),
  options: z.array(z.string().min(1).max(60)).min(1).max(20).optional(),
  layouts: z
    .array(z.enum(['detail', 'list']))
    .max(2)
    .optional(),
});

/**
 * A sector setup plan, exactly as it is shown to the sender and stored with the pending action:
 * what is confirmed is what is applied.
 */
export const setupPlanSchema = z
  .object({
    sector: z.string().min(2).max(60),
    fields: z.array(plannedFieldSchema).min(1).max(MAX_PLAN_FIELDS),
  })
  .superRefine((plan, issue) => {
    const seen = new Set<string>();
    plan.fields.forEach((f, i) => {
      if ((f.type === 'enum' || f.type === 'multiEnum') && !f.options?.length)
        issue.addIssue({ code: 'custom', path: ['fields', i, 'options'], message: 'required_for_enum' });
      const key = `${f.entity}.${storedName(f.name)}`;
      if (seen.has(key))
        issue.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: 'duplicate_field' });
      seen.add(key);
    });
  });

export type PlannedField = z.infer<typeof plannedFieldSchema>;
export type SetupPlan = z.infer<typeof setupPlanSchema>;

/** The name EspoCRM's Field Manager gives a custom field of a core entity: `budget` → `cBudget`. */
export function storedName(name: string): string {
  const bare = /^c[A-Z]/.test(name) ? name.charAt(1).toLowerCase() + name.slice(2) : name;
  return `c${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
}
