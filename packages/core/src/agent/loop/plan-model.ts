import { describeError } from '../../shared/errors.ts';
import type { AgentInput, Plan, PlannedCall, RunState } from '../calls/run-state.ts';
import type { ModelMessage, ModelToolCall } from '../model/chat-model.ts';
import { routeFamilies } from '../route/route-families.ts';
import { toModelSpec, toolsFor } from '../tools/registry.ts';

/** Within one request's index range: tool calls first, then the stored model decisions. */
export const PLAN_OFFSET = 40;
const PLAN_TOOL = '__model_turn__';

/** The model's decision for this turn: replayed from an earlier attempt, or asked for (and stored). */
export async function planTurn(
  input: AgentInput,
  state: RunState,
  messages: ModelMessage[],
  turn: number,
  index: number,
): Promise<Plan | null> {
  const stored = input.journal.reuse(index);
  let plan: Plan | null = stored ? (stored.result as Plan) : null;
  if (!plan && state.engine === 'model' && input.model) {
    try {
      // Shared mode: the CRM's structure is the operator's, so its tools are not even offered.
      // Only the families this request can need (a compact prompt), and in shared mode never the
      // CRM's structure, which is the operator's.
      const families = routeFamilies(input.texts, input.focus?.entity);
      const tools = toolsFor(input.role, families).filter(
        (t) => !(t.changesSchema && input.tenant.crmMode === 'shared'),
      );
      const res = await input.model.complete({ messages, tools: tools.map(toModelSpec) });
      state.modelCalls++;
      state.promptTokens += res.promptTokens;
      state.tokens.cachedTokens += res.cachedTokens;
      state.tokens.completionTokens += res.completionTokens ?? 0;
      plan = { content: res.content, calls: res.toolCalls.map(parseModelCall) };
      await input.journal.record({
        callIndex: index,
        tool: PLAN_TOOL,
        argsDigest: '',
        ok: true,
        result: plan,
        state: 'done',
      });
    } catch (e) {
      // The rules engine is the fallback when the model is down after its retries.
      if ((e as { code?: string })?.code === 'conflict') throw e;
      input.logger.warn('model.failed', { ...describeError(e), fallback: turn === 0 ? 'rules' : 'render' });
      state.engine = 'rules';
      return null;
    }
  }
  // The assistant's tool calls precede their results, on a first attempt and on a replay alike.
  if (plan?.calls.some((c) => c.modelCallId))
    messages.push({
      role: 'assistant',
      content: plan.content,
      tool_calls: plan.calls
        .filter((c) => c.modelCallId)
        .map((c) => ({
          id: c.modelCallId!,
          type: 'function' as const,
          function: { name: c.name, arguments: c.rawArguments ?? JSON.stringify(c.args ?? {}) },
        })),
    });
  return plan;
}

function parseModelCall(c: ModelToolCall): PlannedCall {
  try {
    return {
      name: c.name,
      args: JSON.parse(c.arguments || '{}'),
      modelCallId: c.id,
      rawArguments: c.arguments,
    };
  } catch {
    return {
      name: c.name,
      args: {},
      rawError: 'arguments are not valid JSON',
      modelCallId: c.id,
      rawArguments: c.arguments,
    };
  }
}
