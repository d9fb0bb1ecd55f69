import type { Session } from '../../store/types.ts';
import type { TurnInput } from './turn-plan.ts';

/** The conversation as it starts: the stored one, or a new one for this chat. */
export const sessionOf = (t: Pick<TurnInput, 'ctx' | 'conv'>): Session =>
  t.ctx.session ?? { key: t.conv.key, turns: [], pausedUntil: null, focus: null };

/** The conversation with this exchange added (what the next message's context shows). */
export function remember(t: Pick<TurnInput, 'deps'>, s: Session, text: string, answer: string): Session {
  const at = t.deps.clock.now().toISOString();
  return { ...s, turns: [...s.turns, { role: 'user', text, at }, { role: 'assistant', text: answer, at }] };
}

/** The conversation's last turn was moments ago (a follow-up, not a new subject). */
export const isRecent = (s: Session, now: Date) => {
  const last = s.turns.at(-1)?.at;
  return last !== undefined && now.getTime() - Date.parse(last) < 5 * 60_000;
};
