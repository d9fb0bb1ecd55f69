import { runPlan } from '../calls/run-plan.ts';
import type { AgentInput, RunState } from '../calls/run-state.ts';
import type { ModelMessage } from '../model/chat-model.ts';
import { PLAN_OFFSET, planTurn } from './plan-model.ts';
import { rulesPlan } from './plan-rules.ts';

export const MAX_MODEL_TURNS = 3;

/** What the reply says: a text of its own, the calls' outcomes (then a text), or the question waiting for a yes. */
export type Said =
  | { kind: 'text'; text: string }
  | { kind: 'outcomes'; words?: string }
  | { kind: 'question'; text: string }
  | { kind: 'ask' };

/**
 * Decide and act, alternating: the model (or the rules engine) decides what to do
 * (plan-model.ts, plan-rules.ts), each call runs through calls/run-plan.ts, and the model sees the
 * results before it decides again, at most MAX_MODEL_TURNS times.
 */
export async function decideAndAct(
  input: AgentInput,
  state: RunState,
  messages: ModelMessage[],
): Promise<Said> {
  const base = input.indexBase ?? 0;
  for (let turn = 0; turn < MAX_MODEL_TURNS; turn++) {
    let plan = await planTurn(input, state, messages, turn, base + PLAN_OFFSET + turn);
    // No model (or it failed): the rules engine reads the request once.
    const rules = plan || turn > 0 ? null : rulesPlan(input);
    if (!plan && !rules) break;
    if (rules && 'reply' in rules) return { kind: 'text', text: rules.reply };
    // A new record read with words left over: stored as the action a "oui" runs, never run now.
    if (rules && 'propose' in rules) plan = { content: null, calls: [{ ...rules.propose, propose: true }] };
    else if (rules) plan = { content: null, calls: rules.calls };
    if (!plan) break;
    if (!rules && plan.calls.length === 0) return { kind: 'outcomes', words: plan.content?.trim() ?? '' };
    const again = await runPlan(input, state, messages, plan, base);
    if (rules && 'propose' in rules)
      return state.pending ? { kind: 'question', text: rules.question } : { kind: 'outcomes' };
    if (rules || state.pending || !again) break;
  }
  return state.pending ? { kind: 'ask' } : { kind: 'outcomes' };
}
