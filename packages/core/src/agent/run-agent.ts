import type { CrmClient } from '../crm/port.ts';
import type { Clock } from '../shared/clock.ts';
import { sha256Hex } from '../shared/crypto.ts';
import { describeError, isAppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { TenantStore } from '../store/port.ts';
import type {
  AuditEntry,
  PendingAction,
  SenderRole,
  SessionTurn,
  StoredToolResult,
  Tenant,
} from '../store/types.ts';
import type { ChatModel, ModelMessage, ModelToolCall } from './model/chat-model.ts';
import { buildMessages } from './model/prompt.ts';
import { fixedReplies, pick } from './render/messages.ts';
import { type Lang, renderOutcomes } from './render/replies.ts';
import { parseCommand, rulesHelp } from './rules/index.ts';
import { findTool, toModelSpec, toolsFor } from './tools/registry.ts';
import type { Focus, ToolContext, ToolDefinition, ToolOutcome } from './types.ts';

export const MAX_MODEL_TURNS = 3;
export const MAX_TOOL_CALLS = 5;
/** Stored model decisions live above the tool-call indices, so a retry replays them without a model call. */
const PLAN_INDEX_BASE = 900;
const PLAN_TOOL = '__model_turn__';

export interface AgentInput {
  text: string;
  lang: Lang;
  messageId: string;
  actor: string;
  role: SenderRole | 'viewer';
  tenant: Tenant;
  focus: Focus;
  history: SessionTurn[];
  today: string;
  crm: CrmClient;
  model: ChatModel | null;
  store: TenantStore;
  clock: Clock;
  logger: Logger;
  pendingTtlMs?: number;
  /** A first attempt has nothing stored yet: skip the read (one transaction less per message). */
  firstAttempt?: boolean;
}

export interface AgentResult {
  reply: string;
  audit: AuditEntry[];
  focus: Focus;
  modelCalls: number;
  promptTokens: number;
  engine: 'model' | 'rules';
  pending: PendingAction | null;
}

interface PlannedCall {
  name: string;
  args: unknown;
  /** Set when the model's JSON could not be parsed. */
  rawError?: string;
  modelCallId?: string;
}

export const argsDigest = (tool: string, args: unknown) => sha256Hex(`${tool}:${JSON.stringify(args ?? {})}`);

/** Runs one message through the model (or the rules engine) and the tools; never sends anything. */
export async function runAgent(input: AgentInput): Promise<AgentResult> {
  const stored = new Map(
    (input.firstAttempt ? [] : await input.store.getToolResults(input.messageId)).map((r) => [
      r.callIndex,
      r,
    ]),
  );
  const state = {
    audit: [] as AuditEntry[],
    focus: input.focus,
    outcomes: [] as ToolOutcome[],
    callIndex: 0,
    pending: null as PendingAction | null,
  };
  const tools = toolsFor(input.role);
  const specs = tools.map(toModelSpec);
  const toolCtx: ToolContext = {
    crm: input.crm,
    tenant: input.tenant,
    role: input.role,
    focus: input.focus,
    today: input.today,
    clock: input.clock,
    logger: input.logger,
  };

  let modelCalls = 0;
  let promptTokens = 0;
  let engine: AgentResult['engine'] = input.model ? 'model' : 'rules';
  const messages: ModelMessage[] = buildMessages({
    text: input.text,
    today: input.today,
    lang: input.lang,
    focus: input.focus,
    history: input.history,
  });

  for (let turn = 0; turn < MAX_MODEL_TURNS; turn++) {
    let plan: { content: string | null; calls: PlannedCall[] } | null = null;
    const replay = stored.get(PLAN_INDEX_BASE + turn);
    if (replay) {
      plan = replay.result as { content: string | null; calls: PlannedCall[] };
    } else if (engine === 'model' && input.model) {
      try {
        const res = await input.model.complete({ messages, tools: specs });
        modelCalls++;
        promptTokens += res.promptTokens;
        plan = { content: res.content, calls: res.toolCalls.map(parseModelCall) };
        await input.store.putToolResult(input.messageId, {
          callIndex: PLAN_INDEX_BASE + turn,
          tool: PLAN_TOOL,
          argsDigest: '',
          ok: true,
          result: plan,
        });
        messages.push({
          role: 'assistant',
          content: res.content,
          ...(res.toolCalls.length
            ? {
                tool_calls: res.toolCalls.map((c) => ({
                  id: c.id,
                  type: 'function' as const,
                  function: { name: c.name, arguments: c.arguments },
                })),
              }
            : {}),
        });
      } catch (e) {
        // The rules engine is the fallback when the model is down after its retries.
        input.logger.warn('model.failed', { ...describeError(e), fallback: turn === 0 ? 'rules' : 'render' });
        if (turn > 0) break;
        engine = 'rules';
      }
    }
    if (!plan) {
      if (turn > 0) break;
      const parsed = parseCommand(input.text, { today: input.today, locale: input.lang });
      if (parsed.kind === 'unknown') {
        return finish(input, state, rulesHelp(input.lang), modelCalls, promptTokens, engine);
      }
      plan = { content: null, calls: parsed.calls.map((c) => ({ name: c.name, args: c.args })) };
    }

    if (plan.calls.length === 0) {
      const text = plan.content?.trim() || (state.outcomes.length ? '' : rulesHelp(input.lang));
      const rendered = [renderOutcomes(state.outcomes, input.lang), text].filter(Boolean).join('\n\n');
      return finish(input, state, rendered, modelCalls, promptTokens, engine);
    }

    let needsModel = false;
    for (const call of plan.calls) {
      if (state.callIndex >= MAX_TOOL_CALLS) {
        state.outcomes.push({ ok: false, kind: 'denied', reason: 'too_many_calls' });
        break;
      }
      const outcome = await runCall(input, toolCtx, state, call, stored);
      if (state.pending) {
        const what = `${call.name} ${JSON.stringify(call.args)}`;
        return finish(
          input,
          state,
          pick(fixedReplies.confirmAsk, input.lang)(what),
          modelCalls,
          promptTokens,
          engine,
        );
      }
      state.outcomes.push(outcome);
      if (call.modelCallId) {
        messages.push({ role: 'tool', tool_call_id: call.modelCallId, content: JSON.stringify(outcome) });
      }
      // A wrong argument is worth a second model turn; anything else is rendered as is.
      if (!outcome.ok && outcome.kind === 'invalid' && engine === 'model') needsModel = true;
    }
    if (!needsModel || turn === MAX_MODEL_TURNS - 1) break;
  }
  return finish(input, state, renderOutcomes(state.outcomes, input.lang), modelCalls, promptTokens, engine);
}

function parseModelCall(c: ModelToolCall): PlannedCall {
  try {
    return { name: c.name, args: JSON.parse(c.arguments || '{}'), modelCallId: c.id };
  } catch {
    return { name: c.name, args: {}, rawError: 'arguments are not valid JSON', modelCallId: c.id };
  }
}

async function runCall(
  input: AgentInput,
  ctx: ToolContext,
  state: { audit: AuditEntry[]; focus: Focus; callIndex: number; pending: PendingAction | null },
  call: PlannedCall,
  stored: Map<number, StoredToolResult>,
): Promise<ToolOutcome> {
  const index = state.callIndex++;
  const started = input.clock.now().getTime();
  const tool = findTool(call.name);
  const audit = (
    result: AuditEntry['result'],
    outcome: ToolOutcome | null,
    digest: string | null,
    extra?: Record<string, unknown>,
  ) => {
    const target = outcome?.ok ? (outcome.records[0]?.id ?? null) : null;
    state.audit.push({
      messageId: input.messageId,
      actor: input.actor,
      action: call.name,
      targetEntity: target ? 'Lead' : null,
      targetId: target,
      argsDigest: digest,
      result,
      latencyMs: input.clock.now().getTime() - started,
      detail: {
        engine: call.modelCallId ? 'model' : 'rules',
        ...(outcome ? { outcome: outcome.kind } : {}),
        ...extra,
      },
    });
  };

  // Role first: a member never learns more about admin tools than "not allowed".
  if (!tool || !isAllowed(tool, input.role)) {
    const o: ToolOutcome = { ok: false, kind: 'denied', reason: tool ? 'role' : 'unknown_tool' };
    audit('denied', o, null);
    return o;
  }
  const parsed = tool.parameters.safeParse(call.args);
  if (call.rawError || !parsed.success) {
    const field = parsed.success ? 'arguments' : parsed.error.issues[0]?.path.join('.') || 'arguments';
    const o: ToolOutcome = {
      ok: false,
      kind: 'invalid',
      field,
      reason: call.rawError ?? parsed.error?.issues[0]?.message ?? 'invalid',
    };
    audit('error', o, null);
    return o;
  }
  const digest = await argsDigest(tool.name, parsed.data);
  if (tool.confirm) {
    state.pending = await input.store.createPendingAction({
      chatId: input.actor,
      tool: tool.name,
      args: parsed.data,
      argsDigest: digest,
      expiresAt: new Date(input.clock.now().getTime() + (input.pendingTtlMs ?? 10 * 60_000)).toISOString(),
    });
    audit('pending_confirmation', null, digest);
    return { ok: false, kind: 'denied', reason: 'confirmation_required' };
  }
  return executeTool(
    input,
    { ...ctx, focus: state.focus },
    state,
    tool,
    parsed.data,
    digest,
    index,
    stored,
    audit,
  );
}

function isAllowed(tool: ToolDefinition, role: SenderRole | 'viewer'): boolean {
  if (role === 'viewer') return tool.access === 'member' && !tool.writes;
  return tool.access === 'member' || role === 'admin';
}

/** Runs a validated tool call, reusing a result stored by an earlier attempt of the same message. */
export async function executeTool(
  input: Pick<AgentInput, 'messageId' | 'store' | 'logger'>,
  ctx: ToolContext,
  state: { focus: Focus },
  tool: ToolDefinition,
  args: unknown,
  digest: string,
  index: number,
  stored: Map<number, StoredToolResult>,
  audit: (
    r: AuditEntry['result'],
    o: ToolOutcome | null,
    d: string | null,
    extra?: Record<string, unknown>,
  ) => void,
): Promise<ToolOutcome> {
  const previous = stored.get(index);
  if (previous && previous.tool === tool.name && previous.argsDigest === digest) {
    const o = previous.result as ToolOutcome;
    if (o.ok && o.focus !== undefined) state.focus = o.focus;
    audit('reused', o, digest);
    return o;
  }
  let outcome: ToolOutcome;
  try {
    outcome = await tool.run(ctx, args);
  } catch (e) {
    // Transient CRM trouble fails the whole message so the queue retries it later;
    // a definite refusal is reported to the user instead.
    if (!isAppError(e) || e.retryable) throw e;
    input.logger.warn('tool.failed', { tool: tool.name, ...describeError(e) });
    outcome =
      e.code === 'validation'
        ? {
            ok: false,
            kind: 'invalid',
            field: String(e.details?.field ?? 'unknown'),
            reason: String(e.details?.type ?? 'invalid'),
          }
        : e.code === 'not_found'
          ? { ok: false, kind: 'not_found', what: '' }
          : { ok: false, kind: 'error', code: e.code };
  }
  if (tool.writes) {
    await input.store.putToolResult(input.messageId, {
      callIndex: index,
      tool: tool.name,
      argsDigest: digest,
      ok: outcome.ok,
      result: outcome,
    });
  }
  if (outcome.ok && outcome.focus !== undefined) state.focus = outcome.focus;
  audit(outcome.ok ? 'ok' : 'error', outcome, digest);
  return outcome;
}

function finish(
  input: AgentInput,
  state: { audit: AuditEntry[]; focus: Focus; pending: PendingAction | null },
  reply: string,
  modelCalls: number,
  promptTokens: number,
  engine: AgentResult['engine'],
): AgentResult {
  return {
    reply: reply || rulesHelp(input.lang),
    audit: state.audit,
    focus: state.focus,
    modelCalls,
    promptTokens,
    engine,
    pending: state.pending,
  };
}
