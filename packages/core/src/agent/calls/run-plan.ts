import type { ModelMessage } from '../model/chat-model.ts';
import { runCall } from './run-call.ts';
import type { AgentInput, Plan, RunState } from './run-state.ts';

/** At most this many calls per request, whatever the model asks for. */
export const MAX_TOOL_CALLS = 5;

/** Runs a plan's calls; true when a wrong argument is worth another model turn. */
export async function runPlan(
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
    // A proposal waits for a yes; one that cannot be asked is not an outcome the reply renders.
    if (state.pending || call.propose) return false;
    state.outcomes.push(outcome);
    if (call.modelCallId)
      messages.push({ role: 'tool', tool_call_id: call.modelCallId, content: JSON.stringify(outcome) });
    if (!outcome.ok && outcome.kind === 'invalid' && state.engine === 'model') again = true;
  }
  return again;
}
