import { runCall } from '../act/run-call.ts';
import type { AgentInput, Plan, RunState } from '../act/run-state.ts';
import type { ModelMessage } from '../model/chat-model.ts';
import { buildMessages } from '../model/prompt.ts';
import { fixedReplies, pick } from '../render/messages.ts';
import { renderOutcomes } from '../render/replies.ts';
import { rulesHelp } from '../rules/index.ts';
import { type AgentResult, finish } from './finish.ts';
import { PLAN_OFFSET, planTurn } from './plan-model.ts';
import { rulesPlan } from './plan-rules.ts';

export type { AgentInput, PendingCreate } from '../act/run-state.ts';
export type { AgentResult } from './finish.ts';

/**
 * Decide and act, alternating: a model (or the rules engine) decides what to do
 * (loop/plan-model.ts, loop/plan-rules.ts), act runs each call (act/run-call.ts), and the model
 * sees the results before it decides again, at most MAX_MODEL_TURNS times.
 */
export const MAX_MODEL_TURNS = 3;
export const MAX_TOOL_CALLS = 5;

/** Runs one request through the model (or the rules engine) and the tools; never sends anything. */
export async function runAgent(input: AgentInput): Promise<AgentResult> {
  const state: RunState = {
    audit: [],
    focus: input.focus,
    outcomes: [],
    calls: 0,
    pending: null,
    modelCalls: 0,
    promptTokens: 0,
    tokens: { cachedTokens: 0, completionTokens: 0 },
    engine: input.model ? 'model' : 'rules',
    memory: input.memory ?? {},
    question: '',
  };
  const base = input.indexBase ?? 0;
  const messages = buildMessages({
    texts: input.texts,
    today: input.today,
    lang: input.lang,
    focus: input.focus,
    history: input.history,
    memory: input.memory,
    userName: input.sender?.name ?? null,
  });
  for (let turn = 0; turn < MAX_MODEL_TURNS; turn++) {
    const plan = await planTurn(input, state, messages, turn, base + PLAN_OFFSET + turn);
    if (!plan) {
      if (turn > 0) break;
      const rules = rulesPlan(input);
      if ('reply' in rules) return finish(input, state, rules.reply);
      if ('propose' in rules) {
        // A new record read with words left over: stored as the action a "oui" runs, never run now.
        await runCall(input, state, { ...rules.propose, propose: true }, base);
        return finish(
          input,
          state,
          state.pending ? rules.question : renderOutcomes(state.outcomes, input.lang),
        );
      }
      await runPlan(input, state, messages, { content: null, calls: rules.calls }, base);
      break;
    }
    if (plan.calls.length === 0) {
      const text = plan.content?.trim() || (state.outcomes.length ? '' : rulesHelp(input.lang));
      return finish(
        input,
        state,
        [renderOutcomes(state.outcomes, input.lang), text].filter(Boolean).join('\n\n'),
      );
    }
    const next = await runPlan(input, state, messages, plan, base);
    if (state.pending || !next) break;
  }
  if (state.pending) return finish(input, state, pick(fixedReplies.confirmAsk, input.lang)(state.question));
  return finish(input, state, renderOutcomes(state.outcomes, input.lang));
}

/** Runs a plan's calls; true when a wrong argument is worth another model turn. */
async function runPlan(
  input: AgentInput,
  state: RunState,
  messages: ModelMessage[],
  plan: Plan,
  base: number,
): Promise<boolean> {
  let again = false;
  for (const call of plan.calls) {
    if (state.calls >= MAX_TOOL_CALLS) {
      state.outcomes.push({ ok: false, kind: 'denied', reason: 'too_many_calls' });
      break;
    }
    const outcome = await runCall(input, state, call, base + state.calls++);
    if (state.pending) return false;
    state.outcomes.push(outcome);
    if (call.modelCallId)
      messages.push({ role: 'tool', tool_call_id: call.modelCallId, content: JSON.stringify(outcome) });
    if (!outcome.ok && outcome.kind === 'invalid' && state.engine === 'model') again = true;
  }
  return again;
}
