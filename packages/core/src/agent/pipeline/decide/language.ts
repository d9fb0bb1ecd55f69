import type { Session } from '../../../store/types.ts';
import type { Lang } from '../../lang.ts';
import { languageSignal } from '../../rules/index.ts';
import type { TurnInput } from '../turn-plan.ts';

/**
 * The language of the reply. A sender who asked for one ("réponds-moi en anglais") gets it,
 * whatever they write in; otherwise the message's own language, and a message that shows none
 * ("ok", a name, an e-mail) follows the sender's last one in this chat, not the tenant's default.
 */
export function replyLanguage(t: Pick<TurnInput, 'ctx' | 'msg'>): Lang {
  const { ctx } = t;
  return (
    ctx.sender?.preferredLanguage ??
    (t.msg.text ? languageSignal(t.msg.text) : null) ??
    lastLanguage(ctx.session) ??
    ctx.tenant.locale
  );
}

/** The language of the sender's latest message in this chat that showed one. */
function lastLanguage(session: Session | null): Lang | null {
  for (const turn of [...(session?.turns ?? [])].reverse()) {
    const lang = turn.role === 'user' ? languageSignal(turn.text) : null;
    if (lang) return lang;
  }
  return null;
}
