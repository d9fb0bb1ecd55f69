import type { Decision } from '../decide/decision.ts';
import type { TurnInput, TurnPlan } from '../turn-plan.ts';
import { confirmTurn } from './confirm-pending.ts';
import { previewImport } from './import-preview.ts';
import { requestsTurn } from './requests.ts';
import { strangerTurn } from './stranger.ts';

/**
 * The act stage: what decide chose, carried out against the CRM (each write once, through the
 * turn's journal) and put in one plan for the commit.
 */
export async function actOn(t: TurnInput, d: Decision): Promise<TurnPlan> {
  const p = await carryOut(t, d);
  const audit = d.heard ? [d.heard, ...p.audit] : p.audit;
  const m = p.memory;
  // Tenant-memory changes are decided from the memory this turn read: the commit checks it is
  // still that (a concurrent turn may have taken the goal number this one chose).
  if (m && (Object.keys(m.set).length > 0 || m.delete.length > 0))
    return { ...p, audit, memory: { ...m, basedOn: t.ctx.memory } };
  return { ...p, audit };
}

function carryOut(t: TurnInput, d: Decision): TurnPlan | Promise<TurnPlan> {
  switch (d.kind) {
    case 'answer':
      return d.plan;
    case 'stranger':
      return strangerTurn(t, d.lang);
    case 'import':
      return previewImport(t, d);
    case 'confirm':
      return confirmTurn(t, d);
    case 'requests':
      return requestsTurn(t, d);
  }
}
