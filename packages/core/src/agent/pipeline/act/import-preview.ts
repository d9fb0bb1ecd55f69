import { describeError, isAppError } from '../../../shared/errors.ts';
import type { AuditEntry } from '../../../store/types.ts';
import { argsDigest } from '../../calls/prepare-call.ts';
import { bytesDigest } from '../../import/digest.ts';
import { planImport } from '../../import/plan.ts';
import { readSpreadsheet } from '../../import/sheet.ts';
import type { PendingCreate } from '../../loop/run-agent.ts';
import { renderImportPreview } from '../../render/import.ts';
import { type Lang, renderOutcome } from '../../render/replies.ts';
import { importRecords } from '../../tools/import/import-records.ts';
import type { Decision } from '../decide/decision.ts';
import type { ImportRequest } from '../decide/import-request.ts';
import { plan, type TurnInput, type TurnPlan } from '../turn-plan.ts';
import { localDate } from './dates.ts';
import type { OutreachTurn } from './outreach-turn.ts';
import { sealPending } from './pending-seal.ts';

/** How long the preview's yes is awaited. */
const PREVIEW_TTL_MS = 30 * 60_000;

interface ImportTurnPlan {
  outcome: string;
  audit: AuditEntry[];
  replies: Array<{ chatId: string; body: string }>;
  pendingCreate?: PendingCreate;
}

/**
 * A spreadsheet sent to MAX: its preview, and the import waits for a yes (an action that was
 * waiting for one is cancelled).
 */
export async function previewImport(
  t: TurnInput,
  d: Extract<Decision, { kind: 'import' }>,
): Promise<TurnPlan> {
  const p = await preview(t, d.request, d.lang);
  const drop = t.ctx.pending ? { id: t.ctx.pending.id, resolution: 'cancelled' as const } : null;
  return plan({ ...p, session: d.session, ...(drop ? { pendingResolve: drop } : {}) });
}

/**
 * The preview of an import: the file read, its columns mapped to the CRM's fields, its rows checked
 * and compared with the CRM; the import itself waits for the sender's yes (a pending action sealed
 * to this conversation and to this file's digest). Admins only: an import writes in bulk.
 */
async function preview(
  t: OutreachTurn & { role: string | null },
  { entity, kind }: ImportRequest,
  lang: Lang,
): Promise<ImportTurnPlan> {
  const file = t.msg.file!;
  const fileName = file.fileName ?? `import.${kind}`;
  const reply = (body: string) => [{ chatId: t.conv.chatId, body }];
  const row = (result: AuditEntry['result'], detail: Record<string, unknown>): AuditEntry => ({
    messageId: t.turn.messageId,
    actor: t.conv.senderId,
    action: 'import_preview',
    targetEntity: entity,
    targetId: null,
    argsDigest: null,
    result,
    latencyMs: 0,
    detail,
  });
  if (t.role !== 'admin')
    return {
      outcome: 'import_denied',
      audit: [row('denied', { reason: 'role' })],
      replies: reply(
        lang === 'fr'
          ? "⛔ Seul un administrateur peut importer un fichier (un import écrit beaucoup d'un coup)."
          : '⛔ Only an administrator can import a file (an import writes a lot at once).',
      ),
    };
  const download = t.clients.whatsapp.downloadFile;
  if (!download)
    return {
      outcome: 'import_unavailable',
      audit: [],
      replies: reply(renderImport('import_unavailable', lang)),
    };
  let bytes: ArrayBuffer;
  let sheet: Awaited<ReturnType<typeof readSpreadsheet>>;
  try {
    bytes = await download(file.downloadUrl);
    sheet = await readSpreadsheet(bytes, kind);
  } catch (e) {
    if (!isAppError(e) || e.retryable) throw e;
    t.log.warn('import.refused', describeError(e));
    const reason =
      e.code === 'payload_too_large' || e.details?.type === 'too_many_bytes'
        ? 'too_many_bytes'
        : 'unreadable';
    return {
      outcome: 'import_refused',
      audit: [row('denied', { reason })],
      replies: reply(renderImport(reason, lang)),
    };
  }
  const ctx = {
    crm: t.clients.crm,
    tenant: t.ctx.tenant,
    role: 'admin' as const,
    focus: null,
    today: localDate(t.deps.clock.now(), t.ctx.tenant.timezone),
    clock: t.deps.clock,
    logger: t.log,
  };
  const plan = await planImport(ctx, sheet, entity);
  const counts = {
    rows: plan.rows,
    fresh: plan.fresh.length,
    existing: plan.existing.length,
    invalid: plan.checked.invalid.length,
    repeated: plan.checked.repeated.length,
  };
  t.log.info('import.preview', counts);
  const body = renderImportPreview(plan, fileName, lang);
  if (plan.fresh.length + plan.existing.length === 0)
    return { outcome: 'import_empty', audit: [row('ok', counts)], replies: reply(body) };
  const args = { url: file.downloadUrl, fileName, kind, sha256: await bytesDigest(bytes), entity };
  const digest = await argsDigest(importRecords.name, args);
  const binding = {
    tenantId: t.turn.tenantId,
    key: t.conv.key,
    tool: importRecords.name,
    argsDigest: digest,
  };
  return {
    outcome: 'pending_confirmation',
    audit: [{ ...row('pending_confirmation', counts), argsDigest: digest }],
    replies: reply(body),
    pendingCreate: {
      key: t.conv.key,
      tool: importRecords.name,
      args,
      argsDigest: await sealPending(t.deps.agentSecret, binding),
      ttlMs: PREVIEW_TTL_MS,
    },
  };
}

const renderImport = (reason: string, lang: Lang) =>
  renderOutcome({ ok: false, kind: 'invalid', field: 'import', reason }, lang);
