import type { EvalCase } from '../src/eval/corpus.ts';
import type { AuditCall, CaseObservation, RecordView } from '../src/eval/observation.ts';

/** Records, observations and a case the eval scorer's tests share. */
export const LEA = 'a1b2c3d4e5f600001';
export const DUPONT = 'a1b2c3d4e5f600002';
export const NOTE = 'a1b2c3d4e5f600003';

export const lead = (id: string, attrs: Record<string, unknown>): RecordView => ({
  entity: 'Lead',
  id,
  attrs: { id, ...attrs },
});
export const observe = (
  o: Partial<Omit<CaseObservation, 'records'>> & { records?: RecordView[] },
): CaseObservation => ({
  reply: '',
  calls: [],
  changes: [],
  seeds: [],
  timeZone: 'Europe/Paris',
  runToday: '2026-03-02',
  ...o,
  records: new Map((o.records ?? []).map((r) => [`${r.entity}:${r.id}`, r])),
});
export const createLea: EvalCase = {
  id: 'lead-create-fr-1',
  lang: 'fr',
  role: 'member',
  text: 'ajoute Léa Roux de la société Roux & Fils, lea@roux.fr',
  before: [],
  seed: [],
  expect: {
    tool: 'create_lead',
    args: { firstName: 'Lea', lastName: 'ROUX', accountName: 'Roux & Fils', emailAddress: 'lea@roux.fr' },
  },
  source: 'x:1',
};
export const created = (attrs: Record<string, unknown>): AuditCall => ({
  tool: 'create_lead',
  result: 'ok',
  targetEntity: 'Lead',
  targetId: LEA,
  argsDigest: null,
  outcome: { ok: true, kind: 'created', entity: 'Lead', records: [{ id: LEA, name: 'Léa Roux', ...attrs }] },
});

export const leaRecord = lead(LEA, {
  name: 'Léa Roux',
  firstName: 'Léa',
  lastName: 'Roux',
  accountName: 'Roux & Fils',
  emailAddress: 'lea@roux.fr',
});
