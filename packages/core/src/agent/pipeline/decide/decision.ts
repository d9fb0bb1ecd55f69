import type { AuditEntry, PendingAction, Session } from '../../../store/types.ts';
import type { Lang } from '../../lang.ts';
import type { TurnPlan } from '../turn-plan.ts';
import type { ImportRequest } from './import-request.ts';

/**
 * What the decide stage chose, for the act stage to carry out: an answer that needs nothing more,
 * or the work that reads or writes the CRM (a stranger's look-up, an import's preview, the action
 * a yes confirms, the request(s) through the agent).
 */
export type Decision = (
  | { kind: 'answer'; plan: TurnPlan }
  | { kind: 'stranger'; lang: Lang }
  | { kind: 'import'; lang: Lang; session: Session; request: ImportRequest }
  | { kind: 'confirm'; lang: Lang; session: Session; pending: PendingAction; yes: boolean }
  | { kind: 'requests'; lang: Lang; session: Session; text: string; drop: PendingAction | null }
) & {
  /** A voice note was transcribed: its audit row (its length is metered), first in the turn's audit. */
  heard?: AuditEntry;
};
