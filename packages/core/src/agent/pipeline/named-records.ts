import type { ToolOutcome } from '../types.ts';

/** A CRM record a reply names: the console links it to the tenant's EspoCRM. */
export interface NamedRecord {
  entity: string;
  id: string;
  name: string | null;
}

/** The records a turn's tools returned or offered to choose from, once each (at most 20). */
export function namedRecords(outcomes: ToolOutcome[]): NamedRecord[] {
  const seen = new Map<string, NamedRecord>();
  for (const o of outcomes) {
    const list = o.ok ? o.records : o.kind === 'ambiguous' ? o.candidates : [];
    const outcomeEntity = 'entity' in o ? o.entity : undefined;
    for (const r of list) {
      const entity = r.entity ?? outcomeEntity ?? 'Lead';
      if (!seen.has(`${entity}/${r.id}`)) seen.set(`${entity}/${r.id}`, { entity, id: r.id, name: r.name });
    }
  }
  return [...seen.values()].slice(0, 20);
}
