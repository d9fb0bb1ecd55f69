import type { AgentInput, RunState } from '../calls/run-state.ts';
import { buildMessages } from '../model/prompt.ts';
import { decideAndAct } from './decide-and-act.ts';
import { type AgentResult, finish } from './finish.ts';

export { MAX_TOOL_CALLS } from '../calls/run-plan.ts';
export type { AgentInput, PendingCreate } from '../calls/run-state.ts';
export { MAX_MODEL_TURNS } from './decide-and-act.ts';
export type { AgentResult } from './finish.ts';

/**
 * Runs one request: its prompt, then decide-and-act (the model or the rules engine deciding, the
 * tools acting), then the answer in words; never sends anything.
 */
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
  const messages = buildMessages({
    texts: input.texts,
    today: input.today,
    lang: input.lang,
    focus: input.focus,
    history: input.history,
    memory: input.memory,
    userName: input.sender?.name ?? null,
  });
  const said = await decideAndAct(input, state, messages);
  return finish(input, state, said);
}
