import type { CrmClient } from '../crm/port.ts';
import type { SchedulerPort } from '../scheduler/port.ts';
import type { Clock } from '../shared/clock.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { AuditEntry, SenderRole, SessionTurn, Tenant } from '../store/types.ts';
import { askConfirmation } from './act/ask-confirmation.ts';
import { auditRow, executeTool, prepareCall } from './act/execute-tool.ts';
import type { ToolJournal } from './act/journal.ts';
import { applyChanges } from './memory/changes.ts';
import { withDefaults } from './memory/defaults.ts';
import type { ChatModel, ModelMessage, ModelToolCall } from './model/chat-model.ts';
import { buildMessages } from './model/prompt.ts';
import type { OutboundPort } from './outreach/outbound.ts';
import { fixedReplies, pick } from './render/messages.ts';
import { type Lang, renderOutcomes } from './render/replies.ts';
import { routeFamilies } from './route/route-families.ts';
import {
  notUnderstood,
  parseCommand,
  parseFragment,
  proposalQuestion,
  rulesHelp,
  smallTalkReply,
} from './rules/index.ts';
import { toModelSpec, toolsFor } from './tools/registry.ts';
import type { Focus, SenderFacts, ToolContext, ToolOutcome } from './types.ts';

export const MAX_MODEL_TURNS = 3;
export const MAX_TOOL_CALLS = 5;
/** Within one request's index range: tool calls first, then the stored model decisions. */
const PLAN_OFFSET = 40;
const PLAN_TOOL = '__model_turn__';

export interface AgentInput {
  /** The request: one or more messages of one person, in WhatsApp order. */
  texts: string[];
  lang: Lang;
  messageId: string;
  actor: string;
  role: SenderRole | 'viewer';
  tenant: Tenant;
  focus: Focus;
  /** The focus was set moments ago: a bare e-mail or phone completes that record. */
  focusFresh?: boolean;
  history: SessionTurn[];
  today: string;
  crm: CrmClient;
  model: ChatModel | null;
  clock: Clock;
  logger: Logger;
  journal: ToolJournal;
  /** Where this request's call indices start (a turn with several requests gives each a range). */
  indexBase?: number;
  /** The conversation a confirmation prompt belongs to. */
  pendingKey: string;
  pendingTtlMs?: number;
  /** What MAX knows about the business (tenant_memory): the model's context, the tools' defaults. */
  memory?: Record<string, string>;
  /** The sender's own facts; null when the request has no WhatsApp sender. */
  sender?: SenderFacts | null;
  /** Past a limit of the tenant's plan: reads run, writes are refused (pipeline/plan-limit.ts). */
  pastPlanLimit?: boolean;
  /** HTTP requests the tenant's CRM client has made so far (metering: each call's audit row says how many). */
  crmRequests?: () => number;
  /** Messages to leads and contacts (WhatsApp turns only). */
  outbound?: OutboundPort;
  /** The scheduler for the WhatsApp sender (reminder replies, settings). */
  scheduler?: SchedulerPort | null;
}

export interface PendingCreate {
  key: string;
  tool: string;
  args: unknown;
  argsDigest: string;
  ttlMs: number;
}

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

/** Model tokens of a request beyond its prompt: what metering counts (the `model_usage` audit row). */
interface TokenUse {
  cachedTokens: number;
  completionTokens: number;
}

interface PlannedCall {
  name: string;
  args: unknown;
  /** Set when the model's JSON could not be parsed. */
  rawError?: string;
  modelCallId?: string;
  /** The model's raw argument text, replayed verbatim in the assistant message on a retry. */
  rawArguments?: string;
  /** The rules engine proposes it: it waits for the sender's yes like a risky tool does. */
  propose?: boolean;
}

interface Plan {
  content: string | null;
  calls: PlannedCall[];
}

interface RunState {
  audit: AuditEntry[];
  focus: Focus;
  outcomes: ToolOutcome[];
  calls: number;
  pending: PendingCreate | null;
  modelCalls: number;
  promptTokens: number;
  tokens: TokenUse;
  engine: 'model' | 'rules';
  /** The tenant's memory with this request's earlier changes applied. */
  memory: Record<string, string>;
  /** The confirmation question of `pending`, in words. */
  question: string;
}

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

/** The model's decision for this turn: replayed from an earlier attempt, or asked for (and stored). */
async function planTurn(
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

async function runCall(
  input: AgentInput,
  state: RunState,
  call: PlannedCall,
  index: number,
): Promise<ToolOutcome> {
  const started = input.clock.now().getTime();
  const engine = call.modelCallId ? 'model' : 'rules';
  const row = (result: AuditEntry['result'], o: ToolOutcome | null, digest: string | null, crmCalls = 0) =>
    state.audit.push(
      auditRow(
        { messageId: input.messageId, actor: input.actor, started, now: input.clock.now().getTime(), engine },
        call.name,
        result,
        o,
        digest,
        // Metering (the usage trigger reads it): the CRM requests this call made.
        crmCalls > 0 ? { crm_calls: crmCalls } : undefined,
      ),
    );
  // The tenant's remembered defaults (a lead's source…) fill what the command left out, for the
  // model's calls and the rules engine's alike; the tool's schema and checks then see them.
  const prepared = await prepareCall(withDefaults(call, state.memory), {
    role: input.role,
    tenant: input.tenant,
    pastPlanLimit: input.pastPlanLimit ?? false,
  });
  if (prepared.kind === 'refused') {
    row(
      prepared.outcome.ok ? 'ok' : prepared.outcome.kind === 'denied' ? 'denied' : 'error',
      prepared.outcome,
      null,
    );
    return prepared.outcome;
  }
  if (prepared.kind === 'confirm' || (prepared.kind === 'ready' && call.propose)) {
    // Described from the CRM now, in the sender's words; a record that cannot be read is answered
    // as such and nothing waits for a yes.
    const ctx = { ...toolContext(input, state.focus), memory: state.memory };
    const asked = await askConfirmation(ctx, prepared.tool, prepared.args, input.lang);
    if (!asked.ok) {
      row(asked.outcome.ok ? 'ok' : 'error', asked.outcome, prepared.digest);
      return asked.outcome;
    }
    state.pending = {
      key: input.pendingKey,
      tool: prepared.tool.name,
      args: asked.args,
      argsDigest: asked.digest,
      ttlMs: input.pendingTtlMs ?? 10 * 60_000,
    };
    state.question = asked.text;
    row('pending_confirmation', null, asked.digest);
    return { ok: false, kind: 'denied', reason: 'confirmation_required' };
  }
  const before = input.crmRequests?.() ?? 0;
  const { outcome, reused } = await executeTool(
    { ctx: { ...toolContext(input, state.focus), memory: state.memory }, journal: input.journal },
    prepared.tool,
    prepared.args,
    prepared.digest,
    index,
  );
  if (outcome.ok && outcome.focus !== undefined) state.focus = outcome.focus;
  if (outcome.ok && outcome.memory) state.memory = applyChanges(state.memory, outcome.memory);
  const crmCalls = (input.crmRequests?.() ?? 0) - before;
  row(reused ? 'reused' : outcome.ok ? 'ok' : 'error', outcome, prepared.digest, crmCalls);
  return outcome;
}

export function toolContext(input: AgentInput, focus: Focus): ToolContext {
  return {
    crm: input.crm,
    tenant: input.tenant,
    role: input.role,
    focus,
    today: input.today,
    clock: input.clock,
    logger: input.logger,
    memory: input.memory ?? {},
    sender: input.sender ?? null,
    messageId: input.messageId,
    ...(input.outbound ? { outbound: input.outbound } : {}),
    scheduler: input.scheduler ?? null,
  };
}

type RulesPlan = { calls: PlannedCall[] } | { propose: PlannedCall; question: string } | { reply: string };

/**
 * The rules engine's reading. A message that is only contact details, right after a lead was the
 * subject ("crée un lead Marie Dupont", then "email marie@x.fr"), completes that lead. Small talk
 * and what is not understood get the rules engine's own answers, in the turn's language.
 */
function rulesPlan(input: AgentInput): RulesPlan {
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

function finish(input: AgentInput, state: RunState, reply: string): AgentResult {
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
