import type { InboundMessage } from '../../greenapi/inbound.ts';
import { normalizeWebhook } from '../../greenapi/webhook/index.ts';
import { parseQueueMessage, type QueueMessage } from '../../queue/index.ts';
import { verifyInternal } from '../../queue/internal-auth.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, describeError, isAppError, toHttp } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Store, TenantStore } from '../../store/port.ts';
import type { AuditEntry, OutboxInput, Session, TenantContext } from '../../store/types.ts';
import { fixedReplies, pick } from '../render/messages.ts';
import type { Lang } from '../render/replies.ts';
import { detectLanguage } from '../rules/index.ts';
import { runAgent } from '../run-agent.ts';
import { runBackstop } from './backstop.ts';
import { confirmPending } from './confirm-pending.ts';
import { localDate } from './dates.ts';
import { isNo, isStart, isStop, isYes } from './intents.ts';
import { jobRequestSchema } from './jobs.ts';
import type { TenantClients, TenantClientsFactory } from './ports.ts';
import { flushOutbox } from './send-outbox.ts';
import { waitForTurn } from './wait-for-turn.ts';
import { handleWebChat } from './web-chat.ts';

export interface PipelineDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  agentSecret: string;
  clients: TenantClientsFactory;
  /** How long a claim holds before a redelivery may take over a crashed attempt. */
  leaseMs?: number;
  /** Messages of one chat this close together are handled as one request (default 3000). */
  burstWindowMs?: number;
  /** How long a message waits for an earlier one of its chat before going back to the queue. */
  orderWaitMs?: number;
}

export interface PipelineRequest {
  headers: { get(name: string): string | null };
  body: string;
}

export interface PipelineResponse {
  status: number;
  body: Record<string, unknown>;
}

/** The agent endpoint: internal auth, then one queue message through the pipeline. */
export async function handleInbound(deps: PipelineDeps, req: PipelineRequest): Promise<PipelineResponse> {
  try {
    await verifyInternal(deps.agentSecret, req.body, req.headers, deps.clock.now());
    let json: unknown;
    try {
      json = JSON.parse(req.body);
    } catch {
      throw new AppError('bad_request', 'Body is not JSON');
    }
    // Jobs share the endpoint and its auth: the lost-webhook backstop, the web chat.
    const job = jobRequestSchema.safeParse(json);
    if (job.success) {
      if (job.data.kind === 'backstop') {
        return {
          status: 200,
          body: {
            ...(await runBackstop(deps, { minutes: job.data.minutes, requestId: job.data.requestId })),
          },
        };
      }
      return await handleWebChat(deps, job.data);
    }
    const parsed = parseQueueMessage(json);
    if (!parsed.ok)
      throw new AppError('bad_request', 'Invalid queue message', { details: { issues: parsed.issues } });
    return await processQueueMessage(deps, parsed.message);
  } catch (e) {
    const http = toHttp(e);
    const log = http.status >= 500 ? deps.logger.error : deps.logger.warn;
    log('agent.rejected', { status: http.status, ...describeError(e) });
    return { status: http.status, body: http.body };
  }
}

export async function processQueueMessage(deps: PipelineDeps, qm: QueueMessage): Promise<PipelineResponse> {
  const started = deps.clock.now().getTime();
  const event = qm.event as {
    instanceData: { idInstance: string | number };
    idMessage?: string;
    senderData?: { chatId?: string };
  };
  const idInstance = String(event.instanceData.idInstance);
  const baseLog = deps.logger.child({ requestId: qm.requestId, idInstance, kind: qm.kind });
  const ref = await deps.store.resolveTenantByInstance(idInstance);
  if (!ref) {
    baseLog.warn('agent.unknown_instance');
    throw new AppError('not_found', 'Unknown instance');
  }
  const log = baseLog.child({ tenantId: ref.id });
  if (ref.status !== 'active') {
    log.info('agent.tenant_disabled');
    return { status: 200, body: { ignored: 'tenant_disabled' } };
  }
  const ts = deps.store.forTenant(ref.id);
  const done = (body: Record<string, unknown>) => {
    log.info('agent.done', { ...body, durationMs: deps.clock.now().getTime() - started });
    return { status: 200, body };
  };

  if (qm.kind === 'human_active') {
    const chatId = event.senderData?.chatId;
    if (!chatId || !event.idMessage) return done({ ignored: 'no_chat' });
    const claim = await ts.claimMessage({
      idMessage: event.idMessage,
      chatId,
      typeMessage: 'outgoingMessageReceived',
      waTimestamp: Number((qm.event as { timestamp?: number }).timestamp ?? 0),
      requestId: qm.requestId,
      leaseMs: deps.leaseMs ?? 120_000,
      initialStatus: 'ignored',
    });
    if (claim.outcome === 'duplicate') return done({ duplicate: true });
    const ctx = await ts.loadContext(chatId);
    await ts.pauseChat(chatId, new Date(deps.clock.now().getTime() + ctx.tenant.humanPauseMinutes * 60_000));
    return done({ paused: true });
  }

  let msg = normalizeWebhook(qm.event as Parameters<typeof normalizeWebhook>[0]);
  const claim = await ts.claimMessage({
    idMessage: msg.idMessage,
    chatId: msg.chatId,
    typeMessage: msg.typeMessage,
    waTimestamp: msg.timestamp,
    requestId: qm.requestId,
    leaseMs: deps.leaseMs ?? 120_000,
    initialStatus: qm.kind === 'throttled' ? 'throttled' : 'processing',
    content: { kind: msg.kind, text: msg.text },
  });
  if (claim.outcome === 'duplicate') {
    // A redelivery of a finished message may still find its reply unsent: finish that, nothing else.
    if (claim.status === 'done' || claim.status === 'throttled') {
      const ctx = await ts.loadContext(msg.chatId);
      const clients = await deps.clients(ctx.tenant, ctx.secrets);
      await flushOutbox(ts, clients.whatsapp, deps.clock, log);
    }
    return done({ duplicate: true, status: claim.status });
  }
  const messageId = claim.messageId;
  const mlog = log.child({ messageId, attempt: claim.attempt });
  let merged: string[] = [];
  if (qm.kind === 'inbound') {
    const turnStarted = deps.clock.now().getTime();
    const turn = await waitForTurn(ts, deps.clock, {
      chatId: msg.chatId,
      messageId,
      receivedAt: Date.parse(qm.receivedAt),
      burstWindowMs: deps.burstWindowMs ?? 3000,
      maxWaitMs: deps.orderWaitMs ?? 20_000,
    });
    const waitedMs = deps.clock.now().getTime() - turnStarted;
    if (turn.kind === 'merged') return done({ merged: true, waitedMs });
    if (turn.kind === 'blocked') {
      // An earlier message of this chat is still running: hand back to the queue, in order.
      await ts.markMessage(messageId, 'failed', 'waiting_for_earlier');
      mlog.info('agent.waiting_for_earlier', { waitedMs });
      return {
        status: 503,
        body: { error: { code: 'unavailable', message: 'An earlier message of this chat is in progress' } },
      };
    }
    // A burst ("crée un lead Marie Dupont" / "email marie@x.fr") is one request, in WhatsApp order.
    const texts = turn.followers.filter(
      (f) => f.content.kind === 'text' && typeof f.content.text === 'string',
    );
    if (msg.kind === 'text' && msg.text && texts.length) {
      msg = { ...msg, text: [msg.text, ...texts.map((f) => String(f.content.text))].join(', ') };
      merged = texts.map((f) => f.id);
    }
    if (waitedMs > 0) mlog.debug('agent.turn_wait', { waitedMs, merged: merged.length });
  }
  try {
    const ctx = await ts.loadContext(msg.chatId, msg.sender);
    const clients = await deps.clients(ctx.tenant, ctx.secrets);
    const result = await respond(deps, ts, ctx, clients, msg, messageId, qm, mlog, claim.attempt === 1);
    await ts.commitTurn({ messageId, chatId: msg.chatId, ...result, mergedMessageIds: merged });
    const sent = await flushOutbox(ts, clients.whatsapp, deps.clock, mlog, messageId);
    if (sent.failed > 0) {
      // The turn is committed; a redelivery (503 → queue retry) only re-sends the reply.
      return { status: 503, body: { error: { code: 'unavailable', message: 'Reply not sent yet' } } };
    }
    return done({ ok: true, replies: sent.sent, outcome: result.outcome });
  } catch (e) {
    const info = describeError(e);
    mlog.error('agent.failed', info);
    await ts
      .markMessage(messageId, 'failed', info.code)
      .catch((err) => mlog.error('agent.mark_failed', describeError(err)));
    if (isAppError(e) && !e.retryable && e.code !== 'internal') {
      return { status: toHttp(e).status, body: toHttp(e).body };
    }
    return { status: 503, body: { error: { code: 'unavailable', message: 'Try again later' } } };
  }
}

interface TurnResult {
  audit: AuditEntry[];
  session: Omit<Session, 'chatId'>;
  outbox: OutboxInput[];
  status: 'done' | 'throttled';
  outcome: string;
}

async function respond(
  deps: PipelineDeps,
  ts: TenantStore,
  ctx: TenantContext,
  clients: TenantClients,
  msg: InboundMessage,
  messageId: string,
  qm: QueueMessage,
  log: Logger,
  firstAttempt: boolean,
): Promise<TurnResult> {
  const now = deps.clock.now();
  const session: Omit<Session, 'chatId'> = {
    turns: ctx.session?.turns ?? [],
    pausedUntil: ctx.session?.pausedUntil ?? null,
    focus: ctx.session?.focus ?? null,
  };
  const lang: Lang = msg.text ? detectLanguage(msg.text, ctx.tenant.locale) : ctx.tenant.locale;
  const reply = (
    body: string,
    outcome: string,
    audit: AuditEntry[] = [],
    status: TurnResult['status'] = 'done',
  ): TurnResult => ({
    audit,
    session,
    outbox: body ? [{ chatId: msg.chatId, body, sendKey: `${messageId}:0`, quotedMessageId: null }] : [],
    status,
    outcome,
  });
  const note = (action: string, result: AuditEntry['result'] = 'ok'): AuditEntry => ({
    messageId,
    actor: msg.sender,
    action,
    targetEntity: null,
    targetId: null,
    argsDigest: null,
    result,
    latencyMs: 0,
  });

  if (qm.kind === 'throttled') {
    return reply(
      qm.notify ? pick(fixedReplies.slowDown, lang) : '',
      'throttled',
      [note('throttled', 'denied')],
      'throttled',
    );
  }
  if (!ctx.sender) {
    // One polite refusal per chat, then silence; nothing of the stranger's text is kept.
    const alreadyRefused = ctx.session !== null;
    return reply(alreadyRefused ? '' : pick(fixedReplies.unknownSender, lang), 'unknown_sender', [
      note('unknown_sender', 'denied'),
    ]);
  }
  if (session.pausedUntil && new Date(session.pausedUntil) > now) {
    return reply('', 'paused', [note('paused', 'denied')]);
  }

  let text = msg.text?.trim() ?? '';
  if (msg.kind === 'voice' && msg.file) {
    if (!clients.transcriber || !clients.whatsapp.downloadFile)
      return reply(pick(fixedReplies.media, lang), 'voice_unsupported');
    const bytes = await clients.whatsapp.downloadFile(msg.file.downloadUrl);
    text = (
      await clients.transcriber.transcribe(
        { bytes, mimeType: msg.file.mimeType, fileName: msg.file.fileName },
        lang,
      )
    ).trim();
  } else if (msg.file && text) {
    text = `${text}\n(${lang === 'fr' ? 'fichier joint' : 'attached file'}: ${msg.file.fileName ?? msg.file.mimeType ?? msg.kind})`;
  }
  if (!text) return reply(pick(fixedReplies.media, lang), 'media');

  if (isStop(text)) {
    if (ctx.sender.optedOut) return reply('', 'opt_out_repeat');
    await ts.setSenderOptOut(ctx.sender.chatId, true);
    return reply(pick(fixedReplies.optedOut, lang), 'opt_out', [note('opt_out')]);
  }
  if (isStart(text) && ctx.sender.optedOut) {
    await ts.setSenderOptOut(ctx.sender.chatId, false);
    return reply(pick(fixedReplies.optedIn, lang), 'opt_in', [note('opt_in')]);
  }

  const today = localDate(now, ctx.tenant.timezone);
  const turnAt = now.toISOString();
  const remember = (answer: string) => {
    session.turns = [
      ...session.turns,
      { role: 'user' as const, text, at: turnAt },
      { role: 'assistant' as const, text: answer, at: turnAt },
    ];
  };

  if (isYes(text) || isNo(text)) {
    const pending = await ts.takePendingAction(msg.sender, now);
    if (pending) {
      const confirmed = await confirmPending({
        yes: isYes(text),
        pending,
        ctx,
        clients,
        ts,
        messageId,
        actor: msg.sender,
        today,
        lang,
        clock: deps.clock,
        logger: log,
        focus: session.focus,
      });
      session.focus = confirmed.focus;
      remember(confirmed.reply);
      return reply(confirmed.reply, 'confirmation', confirmed.audit);
    }
  }

  const result = await runAgent({
    text,
    lang,
    messageId,
    actor: msg.sender,
    role: ctx.sender.role,
    tenant: ctx.tenant,
    focus: session.focus,
    history: session.turns,
    today,
    crm: clients.crm,
    model: clients.model,
    store: ts,
    clock: deps.clock,
    logger: log,
    firstAttempt,
  });
  session.focus = result.focus;
  remember(result.reply);
  log.info('agent.turn', {
    engine: result.engine,
    modelCalls: result.modelCalls,
    promptTokens: result.promptTokens,
    toolCalls: result.audit.length,
  });
  return reply(result.reply, result.pending ? 'pending_confirmation' : 'answered', result.audit);
}
