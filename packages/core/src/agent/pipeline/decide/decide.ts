import type { AuditEntry } from '../../../store/types.ts';
import { addressedText } from '../claim/conversation.ts';
import { importTurn } from './import-turn.ts';
import { replyLanguage } from './language.ts';
import { requestText } from './media.ts';
import { sessionOf } from './session.ts';
import { strangerTurn } from './stranger.ts';
import { textTurn } from './text-turn.ts';
import { note, plan, type TurnInput, type TurnPlan } from './turn-plan.ts';

/**
 * The decide stage: who wrote, whether MAX should answer at all, and what the answer is. The
 * checks run in this order: stranger, group addressing, human pause, a spreadsheet to import,
 * media, then the text (text-turn.ts: opt-out, a pending confirmation, the request(s)).
 */
export async function decideTurn(t: TurnInput): Promise<TurnPlan> {
  const p = await decide(t);
  const m = p.memory;
  // Tenant-memory changes are decided from the memory this turn read: the commit checks it is
  // still that (a concurrent turn may have taken the goal number this one chose).
  if (m && (Object.keys(m.set).length > 0 || m.delete.length > 0))
    return { ...p, memory: { ...m, basedOn: t.ctx.memory } };
  return p;
}

async function decide(t: TurnInput): Promise<TurnPlan> {
  const { ctx, conv } = t;
  const lang = replyLanguage(t);
  if (!t.role) return strangerTurn(t, lang);
  let text = t.msg.text;
  if (conv.isGroup) {
    text = text ? addressedText(text, { assistantName: ctx.tenant.assistantName, ownWid: t.ownWid }) : null;
    if (!text) return plan({ status: 'ignored', outcome: 'group_not_addressed' });
  }
  const session = sessionOf(t);
  if (session.pausedUntil && new Date(session.pausedUntil) > t.deps.clock.now())
    return plan({ outcome: 'paused', audit: [note(t, 'paused', 'denied')] });
  // A spreadsheet sent to MAX ("importe ces leads"): its preview, and the import waits for a yes.
  const preview = t.channel === 'whatsapp' ? await importTurn(t, lang) : null;
  if (preview) {
    const drop = ctx.pending ? { id: ctx.pending.id, resolution: 'cancelled' as const } : null;
    return plan({ ...preview, session, ...(drop ? { pendingResolve: drop } : {}) });
  }
  const got = await requestText(t, { ...t.msg, text }, lang);
  if ('reply' in got)
    return plan({ outcome: got.outcome, session, replies: [{ chatId: conv.chatId, body: got.reply }] });
  const decided = await textTurn(t, session, got.text, lang);
  if (got.transcribedSeconds === undefined) return decided;
  // A voice note was transcribed: one audit row says so, with its length (metering).
  const heard: AuditEntry = {
    ...note(t, 'transcription'),
    detail: { seconds: got.transcribedSeconds ?? 0, measured: got.transcribedSeconds !== null },
  };
  return { ...decided, audit: [heard, ...decided.audit] };
}
