import type { AgentInput, PlannedCall } from '../calls/run-state.ts';
import {
  notUnderstood,
  parseCommand,
  parseFragment,
  proposalQuestion,
  rulesHelp,
  smallTalkReply,
} from '../rules/index.ts';

export type RulesPlan =
  | { calls: PlannedCall[] }
  | { propose: PlannedCall; question: string }
  | { reply: string };

/**
 * The rules engine's reading. A message that is only contact details, right after a lead was the
 * subject ("crée un lead Marie Dupont", then "email marie@x.fr"), completes that lead. Small talk
 * and what is not understood get the rules engine's own answers, in the turn's language.
 */
export function rulesPlan(input: AgentInput): RulesPlan {
  const text = input.texts.join(', ');
  const parsed = parseCommand(text, { today: input.today, locale: input.lang });
  if (parsed.kind === 'calls') return { calls: parsed.calls.map((c) => ({ name: c.name, args: c.args })) };
  const fragment = input.focusFresh && input.focus?.entity === 'Lead' ? parseFragment(text) : null;
  if (fragment) return { calls: [{ name: 'update_lead', args: { target: {}, changes: fragment } }] };
  if (parsed.kind === 'ask')
    return { propose: parsed.call, question: proposalQuestion(parsed.call, parsed.leftovers, input.lang) };
  if (parsed.kind === 'smalltalk')
    return {
      reply:
        parsed.act === 'help'
          ? rulesHelp(input.lang)
          : smallTalkReply(parsed.act, input.lang, input.sender?.name),
    };
  return { reply: notUnderstood(text, parsed, input.lang) };
}
