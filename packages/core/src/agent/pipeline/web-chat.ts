import { AppError } from '../../shared/errors.ts';
import { detectLanguage } from '../rules/index.ts';
import { runAgent } from '../run-agent.ts';
import { localDate } from './dates.ts';
import type { PipelineDeps, PipelineResponse } from './handle-inbound.ts';
import type { WebChatRequest } from './jobs.ts';

/**
 * POST /api/chat, forwarded by the Worker once it has verified the user's Supabase JWT: the same
 * agent as WhatsApp, run synchronously. Membership and role come from tenant_members, read under
 * the tenant's RLS; the tenant comes from the X-Tenant header, the user from the verified token.
 */
export async function handleWebChat(deps: PipelineDeps, req: WebChatRequest): Promise<PipelineResponse> {
  const log = deps.logger.child({ requestId: req.requestId, tenantId: req.tenantId, channel: 'web' });
  const ts = deps.store.forTenant(req.tenantId);
  const role = await ts.memberRole(req.userId);
  if (!role) {
    log.warn('webchat.not_member');
    throw new AppError('forbidden', 'Not a member of this tenant');
  }
  const chatId = `web:${req.userId}`;
  const claim = await ts.claimMessage({
    idMessage: `web:${req.requestId}`,
    chatId,
    typeMessage: 'webChat',
    waTimestamp: Math.floor(deps.clock.now().getTime() / 1000),
    requestId: req.requestId,
    leaseMs: deps.leaseMs ?? 120_000,
  });
  if (claim.outcome === 'duplicate')
    return {
      status: 409,
      body: { error: { code: 'duplicate', message: 'This request was already answered' } },
    };
  const ctx = await ts.loadContext(chatId);
  if (ctx.tenant.status !== 'active') throw new AppError('forbidden', 'Tenant disabled');
  const clients = await deps.clients(ctx.tenant, ctx.secrets);
  const lang = detectLanguage(req.text, ctx.tenant.locale);
  const now = deps.clock.now();
  try {
    const result = await runAgent({
      text: req.text,
      lang,
      messageId: claim.messageId,
      actor: chatId,
      // Viewers may search, not write; owners and admins get the admin tools.
      role: role === 'owner' || role === 'admin' ? 'admin' : role === 'viewer' ? 'viewer' : 'member',
      tenant: ctx.tenant,
      focus: ctx.session?.focus ?? null,
      history: ctx.session?.turns ?? [],
      today: localDate(now, ctx.tenant.timezone),
      crm: clients.crm,
      model: clients.model,
      store: ts,
      clock: deps.clock,
      logger: log,
    });
    const at = now.toISOString();
    await ts.commitTurn({
      messageId: claim.messageId,
      chatId,
      audit: result.audit,
      session: {
        turns: [
          ...(ctx.session?.turns ?? []),
          { role: 'user', text: req.text, at },
          { role: 'assistant', text: result.reply, at },
        ],
        pausedUntil: null,
        focus: result.focus,
      },
      outbox: [],
      status: 'done',
    });
    log.info('webchat.done', { engine: result.engine, toolCalls: result.audit.length });
    return { status: 200, body: { reply: result.reply, requestId: req.requestId } };
  } catch (e) {
    await ts.markMessage(claim.messageId, 'failed', 'webchat').catch(() => {});
    throw e;
  }
}
