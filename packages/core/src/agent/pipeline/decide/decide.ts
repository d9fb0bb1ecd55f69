import { addressedText } from '../claim/conversation.ts';
import { sessionOf } from '../session.ts';
import { note, plan, type TurnInput } from '../turn-plan.ts';
import type { Decision } from './decision.ts';
import { importRequest } from './import-request.ts';
import { replyLanguage } from './language.ts';
import { requestText } from './media.ts';
import { textGates } from './text-gates.ts';

/**
 * The decide stage: who wrote, whether MAX should answer at all, and what is to be done; it writes
 * nothing (a voice note is read: transcribed). The checks run in this order: stranger, group
 * addressing, human pause, a spreadsheet to import, media, then the text's gates (text-gates.ts).
 */
export async function decideTurn(t: TurnInput): Promise<Decision> {
  const { ctx, conv } = t;
  const lang = replyLanguage(t);
  if (!t.role) return { kind: 'stranger', lang };
  let text = t.msg.text;
  if (conv.isGroup) {
    text = text ? addressedText(text, { assistantName: ctx.tenant.assistantName, ownWid: t.ownWid }) : null;
    if (!text) return { kind: 'answer', plan: plan({ status: 'ignored', outcome: 'group_not_addressed' }) };
  }
  const session = sessionOf(t);
  if (session.pausedUntil && new Date(session.pausedUntil) > t.deps.clock.now())
    return { kind: 'answer', plan: plan({ outcome: 'paused', audit: [note(t, 'paused', 'denied')] }) };
  // A spreadsheet sent to MAX ("importe ces leads"): its preview, and the import waits for a yes.
  const request = t.channel === 'whatsapp' ? importRequest(t.msg) : null;
  if (request) return { kind: 'import', lang, session, request };
  const got = await requestText(t, { ...t.msg, text }, lang);
  if ('reply' in got)
    return {
      kind: 'answer',
      plan: plan({ outcome: got.outcome, session, replies: [{ chatId: conv.chatId, body: got.reply }] }),
    };
  const decided = textGates(t, session, got.text, lang);
  if (got.transcribedSeconds === undefined) return decided;
  const seconds = got.transcribedSeconds;
  return {
    ...decided,
    heard: { ...note(t, 'transcription'), detail: { seconds: seconds ?? 0, measured: seconds !== null } },
  };
}
