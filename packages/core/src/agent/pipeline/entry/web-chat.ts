import type { WebChatRequest } from '../../../queue/jobs.ts';
import { AppError, describeError, isAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { MemberRole, SenderRole } from '../../../store/types.ts';
import { NO_WORDS, YES_WORDS } from '../../control-words.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import { detectLanguage } from '../../rules/language.ts';
import type { PipelineResponse } from '../answers.ts';
import { conversationOf } from '../claim/conversation.ts';
import { commitInput } from '../commit/commit.ts';
import { decideActCommit } from '../turn-rounds.ts';
import { type PipelineDeps, settingsOf } from '../wiring/deps.ts';
import { pendingRefOf, webExtras } from './web-answer.ts';

/** Viewers may search, not write; owners and admins get the admin tools. */
const roleOf = (r: MemberRole): SenderRole | 'viewer' =>
  r === 'owner' || r === 'admin' ? 'admin' : r === 'viewer' ? 'viewer' : 'member';

/**
 * POST /api/chat, forwarded by the Worker once it has verified the user's Supabase JWT: the same
 * stages as WhatsApp, run synchronously. Membership and role come from tenant_members (under the
 * tenant's RLS); the tenant from the X-Tenant header, the user from the verified token. A request
 * id is the user's own: two users sending the same X-Request-Id are two requests.
 */
export async function runWebChat(
  deps: PipelineDeps,
  req: WebChatRequest,
  log: Logger,
): Promise<PipelineResponse> {
  const s = settingsOf(deps);
  const key = `web:${req.userId}`;
  const now = deps.clock.now();
  const r = await deps.store.beginTurn({
    tenantId: req.tenantId,
    channel: 'web',
    userId: req.userId,
    idMessage: `web:${req.userId}:${req.requestId}`,
    chatId: key,
    senderId: key,
    sessionKey: key,
    typeMessage: 'webChat',
    waTimestamp: Math.floor(now.getTime() / 1000),
    requestId: req.requestId,
    receivedAt: now.toISOString(),
    content: { kind: 'text', text: req.text },
    ...(deps.clients.knownVersion(req.tenantId) !== undefined
      ? { knownVersion: deps.clients.knownVersion(req.tenantId) }
      : {}),
    leaseMs: s.leaseMs,
    settleMs: 0,
    burstWindowMs: 0,
    burstMaxWaitMs: 0,
  });
  if (r.outcome === 'not_member' || r.outcome === 'unknown_instance') {
    log.warn('webchat.not_member');
    throw new AppError('forbidden', 'Not a member of this tenant');
  }
  if (r.outcome === 'tenant_disabled') throw new AppError('forbidden', 'Tenant disabled');
  if (r.outcome !== 'claimed')
    return {
      status: 409,
      body: { error: { code: 'duplicate', message: 'This request was already answered' } },
    };
  const turn = { tenantId: r.tenantId, messageId: r.messageId, attempt: r.attempt };
  const lang = detectLanguage(req.text, r.context.tenant.locale);
  let text = req.text;
  try {
    if (req.confirm) {
      // A button answers the action it was shown for: if that one is no longer the one waiting
      // (answered, replaced, expired), nothing runs and the action waiting now is left alone.
      if ((await pendingRefOf(r.context.pending)) !== req.confirm.ref) {
        const reply = pick(fixedReplies.confirmNone, lang);
        await deps.store.commitTurn({
          ...commitInput(turn, {
            status: 'done',
            outcome: 'confirmation_stale',
            audit: [],
            session: null,
            merged: [],
            replies: [{ chatId: key, body: reply }],
          }),
          outbox: [],
        });
        log.info('webchat.done', { outcome: 'confirmation_stale' });
        return { status: 200, body: { reply, requestId: req.requestId, records: [], confirmation: null } };
      }
      text = (req.confirm.yes ? YES_WORDS : NO_WORDS)[lang][0];
    }
    const clients = await deps.clients.forTenant(r.context.tenant, r.context.secrets, log);
    // The answer is this HTTP response: nothing goes to the outbox.
    const { plan } = await decideActCommit({
      deps,
      log,
      turn,
      conv: conversationOf(key, key),
      msg: {
        idInstance: r.context.tenant.greenApiInstanceId,
        idMessage: `web:${req.requestId}`,
        timestamp: 0,
        chatId: key,
        sender: key,
        senderName: null,
        kind: 'text',
        typeMessage: 'webChat',
        text,
        file: null,
        quotedMessageId: null,
      },
      followers: [],
      ctx: r.context,
      clients,
      role: r.context.memberRole ? roleOf(r.context.memberRole) : null,
      channel: 'web',
      receivedAt: r.receivedAt,
      ownWid: null,
    });
    log.info('webchat.done', { outcome: plan.outcome, ...plan.metrics });
    return {
      status: 200,
      body: {
        reply: plan.replies.map((x) => x.body).join('\n\n'),
        requestId: req.requestId,
        ...(await webExtras(plan, deps.clock.now())),
      },
    };
  } catch (e) {
    await deps.store
      .failTurn(turn, describeError(e).code, !(isAppError(e) && e.retryable))
      .catch((err) => log.error('webchat.mark_failed', describeError(err)));
    throw e;
  }
}
