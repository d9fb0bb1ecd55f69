import type { AuditEntry } from '../../store/types.ts';
import type { AgentInput, PendingCreate, RunState } from '../act/run-state.ts';
import { rulesHelp } from '../rules/index.ts';
import type { Focus, ToolOutcome } from '../types.ts';

export interface AgentResult {
  reply: string;
  audit: AuditEntry[];
  focus: Focus;
  modelCalls: number;
  promptTokens: number;
  engine: 'model' | 'rules';
  pending: PendingCreate | null;
  outcomes: ToolOutcome[];
}

/** The request's answer: its reply, audit rows (with the model's usage, for metering) and state. */
export function finish(input: AgentInput, state: RunState, reply: string): AgentResult {
  // The model calls this request made, for metering (a plan replayed from an earlier attempt made none).
  const usage: AuditEntry[] = state.modelCalls
    ? [
        {
          messageId: input.messageId,
          actor: input.actor,
          action: 'model_usage',
          targetEntity: null,
          targetId: null,
          argsDigest: null,
          result: 'ok',
          latencyMs: 0,
          detail: {
            engine: 'model',
            calls: state.modelCalls,
            prompt_tokens: state.promptTokens,
            cached_tokens: state.tokens.cachedTokens,
            completion_tokens: state.tokens.completionTokens,
          },
        },
      ]
    : [];
  return {
    reply: reply || rulesHelp(input.lang),
    audit: [...state.audit, ...usage],
    focus: state.focus,
    modelCalls: state.modelCalls,
    promptTokens: state.promptTokens,
    engine: state.engine,
    pending: state.pending,
    outcomes: state.outcomes,
  };
}
