import { argsDigest, findTool } from '@max/core';
import type { EvalCase } from './corpus.ts';
import { callFacts } from './facts.ts';
import { fold, type MatchContext, namesRecord, replyMentions, sameValue } from './match.ts';
import type { AuditCall, CaseObservation } from './observation.ts';

export interface Verdict {
  pass: boolean;
  /** A write that should not have happened, or that hit another record than the one meant. */
  wrongWrite: boolean;
  reasons: string[];
}

const done = (c: AuditCall) => c.result === 'ok' || c.result === 'reused';
const writes = (c: AuditCall) => Boolean(findTool(c.tool)?.writes);
/** Arguments of a read that its reply shows as written (a search's words, the record named). */
const SHOWN = new Set(['query', 'account', 'target', 'for']);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Record ids in a stored outcome: the records a call says it made or changed. */
const idsIn = (v: unknown) => new Set(JSON.stringify(v ?? null).match(/\b[0-9a-f]{17}\b/g) ?? []);

/** Whether a call ran with the expected arguments, as the tool's own schema reads them. */
async function sameArgs(tool: string, args: Record<string, unknown>, digest: string | null) {
  const parsed = findTool(tool)?.parameters.safeParse(args);
  return Boolean(digest && parsed?.success && (await argsDigest(tool, parsed.data)) === digest);
}

/**
 * What the case's message wrote: its successful write calls (tenant memory and the sender's
 * preferences change only through those) and any change in the CRM, audited or not.
 */
function writtenBy(o: CaseObservation) {
  const calls = o.calls.filter((c) => done(c) && writes(c));
  const what = [...calls.map((c) => c.tool), ...o.changes.map((ch) => `${ch.kind} ${ch.entity} ${ch.id}`)];
  return { calls, any: what.length > 0, what };
}

/** One argument against what the call did: a record's name for identity arguments, values otherwise. */
function argMismatches(
  key: string,
  want: unknown,
  values: Record<string, unknown[]>,
  identity: Set<string>,
  m: MatchContext,
) {
  const got = values[key] ?? [];
  // A record named as the rules engine passes it ({"name": …} / {"emailAddress": …}): each of its values names it.
  if (identity.has(key) && want && typeof want === 'object' && !Array.isArray(want)) {
    return Object.entries(want as Record<string, unknown>).flatMap(([k, v]) =>
      typeof v === 'string' && !namesRecord(v, got)
        ? [`${key}.${k}: want ${JSON.stringify(v)}, got ${JSON.stringify(got[0] ?? null)}`]
        : [],
    );
  }
  if (want && typeof want === 'object' && !Array.isArray(want)) {
    // changes / fields / custom: each key as an attribute of the record (custom ones are cName).
    return Object.entries(want as Record<string, unknown>).flatMap(([k, v]) => {
      const seen = [...(values[k] ?? []), ...(values[`c${cap(k)}`] ?? [])];
      return seen.some((x) => sameValue(v, x, m))
        ? []
        : [`${key}.${k}: want ${JSON.stringify(v)}, got ${JSON.stringify(seen[0] ?? null)}`];
    });
  }
  const ok =
    identity.has(key) && typeof want === 'string'
      ? namesRecord(want, got)
      : got.some((x) => sameValue(want, x, m));
  return ok ? [] : [`${key}: want ${JSON.stringify(want)}, got ${JSON.stringify(got[0] ?? null)}`];
}

/**
 * Scores one case by what happened, not by how the reply is worded: the calls MAX made (audit log),
 * the CRM before and after, memory, and whether the reply names the record.
 */
export async function scoreCase(c: EvalCase, o: CaseObservation): Promise<Verdict> {
  const m: MatchContext = { ...(c.today ? { caseToday: c.today } : {}), runToday: o.runToday };
  const written = writtenBy(o);
  const reasons: string[] = [];
  if ('write' in c.expect || 'ask' in c.expect) {
    if (written.any) reasons.push(`wrote: ${written.what.join(', ')}`);
    if ('ask' in c.expect && !o.reply.includes('?')) reasons.push('asked no question');
    return { pass: reasons.length === 0, wrongWrite: written.any, reasons };
  }
  const { tool, args } = c.expect;
  const def = findTool(tool);
  if (!def) return { pass: false, wrongWrite: written.any, reasons: [`unknown tool ${tool} in the corpus`] };
  let wrongWrite = false;
  const others = written.calls.filter((x) => x.tool !== tool);
  if (others.length) {
    wrongWrite = true;
    reasons.push(`wrote with ${others.map((x) => x.tool).join(', ')}`);
  }
  const hit = o.calls.find((x) => x.tool === tool && done(x));
  if (!hit) {
    const made = o.calls.map((x) => `${x.tool}:${x.result}`).join(', ') || 'no tool call';
    return { pass: false, wrongWrite, reasons: [...reasons, `${tool} not done (${made})`] };
  }
  const facts = callFacts(hit, o);
  if (!def.writes) {
    if (written.any) {
      wrongWrite = true;
      reasons.push(`a read wrote: ${written.what.join(', ')}`);
    }
    // A read leaves no record: it ran with exactly the expected arguments (their digest is in the
    // audit row), or it is judged by what it shows: the words asked for and the seeded records found.
    if (await sameArgs(tool, args, hit.argsDigest)) return { pass: !wrongWrite, wrongWrite, reasons };
    for (const [k, v] of Object.entries(args))
      if (typeof v === 'string' && SHOWN.has(k) && !replyMentions(o.reply, v))
        reasons.push(`the reply does not mention ${k} "${v}"`);
    const seeds = o.seeds
      .map((id) => [...o.records.values()].find((r) => r.id === id))
      .filter((r) => r !== undefined);
    const seedNames = seeds.map((r) => String(r.attrs.name ?? '')).filter(Boolean);
    if (seedNames.length && !seedNames.some((n) => replyMentions(o.reply, n)))
      reasons.push(`the reply names none of the records: ${seedNames.join(', ')}`);
    return { pass: reasons.length === 0, wrongWrite, reasons };
  }
  for (const [k, v] of Object.entries(args)) {
    const bad = argMismatches(k, v, facts.values, facts.identity, m);
    // Another record than the one named: a wrong write (none at all is only a miss).
    if (bad.length && facts.identity.has(k) && (facts.values[k] ?? []).length) wrongWrite = true;
    reasons.push(...bad);
  }
  // Every CRM change is one the call says it made (its records), or it is a write nobody asked for.
  const claimed = idsIn(hit.outcome);
  if (hit.targetId) claimed.add(hit.targetId);
  const stray = o.changes.filter((ch) => !claimed.has(ch.id));
  if (stray.length) {
    wrongWrite = true;
    reasons.push(`also changed ${stray.map((ch) => `${ch.entity} ${ch.id}`).join(', ')}`);
  }
  const name = facts.primary ? String(facts.primary.attrs.name ?? '') : '';
  if (name && !fold(o.reply).includes(fold(name))) reasons.push(`the reply does not name ${name}`);
  return { pass: reasons.length === 0, wrongWrite, reasons };
}
