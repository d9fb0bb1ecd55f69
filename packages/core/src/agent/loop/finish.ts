import type { AuditEntry } from '../../store/types.ts';
import type { AgentInput, PendingCreate, RunState } from '../calls/run-state.ts';
import { fixedReplies, pick } from '../render/messages.ts';
import { renderOutcomes } from '../render/replies.ts';
import { rulesHelp } from '../rules/index.ts';
import type { Focus, ToolOutcome } from '../types.ts';
import type { Said } from './decide-and-act.ts';

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
export function finish(input: AgentInput, state: RunState, said: Said): AgentResult {
  const reply = replyOf(input, state, said);
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

/** The reply in words: the calls' outcomes rendered, the model's own text, or a question. */
function replyOf(input: AgentInput, state: RunState, said: Said): string {
  const lang = input.lang;
  if (said.kind === 'text' || said.kind === 'question') return said.text;
  if (said.kind === 'ask') return pick(fixedReplies.confirmAsk, lang)(state.question);
  const outcomes = renderOutcomes(state.outcomes, lang);
  if (said.words === undefined) return outcomes;
  // The model answered in words after (or without) its calls: its text, or the help when it said nothing at all.
  const text = said.words || (state.outcomes.length ? '' : rulesHelp(lang));
  return [outcomes, text].filter(Boolean).join('\n\n');
}
