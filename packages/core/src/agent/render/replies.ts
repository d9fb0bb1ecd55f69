import { catalogue, type Lang } from '../lang.ts';
import type { LeadSummary, ToolOutcome } from '../types.ts';
import { INVALID_RENDERERS, KIND_RENDERERS } from './kinds.ts';
import { pluralS } from './plural.ts';
import { entityLabel, recordLabel, recordLine, recordReplies } from './records.ts';

/** Lang's home is lang.ts; it is re-exported here for the callers that render and pick a language together. */
export type { Lang };

/**
 * Replies are rendered from what the CRM returned, never from the model's claims: a "created"
 * reply always carries the record's name and id.
 */
const t = catalogue({
  fr: {
    created: (l: string) => `✅ Lead créé : ${l}`,
    exists: (l: string) => `ℹ️ Ce lead existe déjà : ${l}`,
    updated: (l: string, c: string) => `✅ Lead mis à jour : ${l}${c ? `\n${c}` : ''}`,
    status: (l: string, s: string) => `✅ Statut de ${l} : ${s}`,
    noted: (l: string) => `📝 Note ajoutée à ${l}`,
    task: (n: string, l: string | null, d: string | null, id: string) =>
      `📌 Tâche créée : « ${n} »${l ? ` pour ${l}` : ''}${d ? `, échéance ${d}` : ''} [${id}]`,
    found0: 'Aucun lead trouvé.',
    found: (n: number, total: number) =>
      `🔎 ${total} lead${pluralS('fr', total)} trouvé${pluralS('fr', total)}${total > n ? ` (les ${n} plus récents)` : ''} :`,
    listed0: 'Aucun lead pour le moment.',
    listed: (n: number) => `🗂️ ${n} dernier${pluralS('fr', n)} lead${pluralS('fr', n)} :`,
    deleted: (l: string) => `🗑️ Lead supprimé : ${l}`,
    ambiguous: 'Plusieurs leads correspondent, lequel ?',
    notFound: (w: string) =>
      w
        ? `Je ne trouve aucun lead pour « ${w} ».`
        : 'De quel lead parlez-vous ? Donnez un nom, un email ou un téléphone.',
    invalid: (f: string, a?: string[]) =>
      `Le champ « ${f} » n'est pas valide${a?.length ? ` (valeurs possibles : ${a.join(', ')})` : ''}.`,
    badEmail: (v: string, why: string) =>
      `❌ L'adresse e-mail « ${v} » n'est pas valide : ${why}. Corrigez-la et renvoyez la commande.`,
    badPhone: (v: string, why: string) =>
      `❌ Le numéro de téléphone « ${v} » n'est pas valide : ${why}. Corrigez-le et renvoyez la commande.`,
    why: {
      email_missing_at: 'il manque le « @ »',
      email_several_at: 'elle contient plusieurs « @ »',
      email_missing_domain: 'le domaine après le « @ » est incomplet (par exemple « exemple.fr »)',
      email_invalid: 'des caractères ou des points sont mal placés',
      phone_too_short: 'il manque des chiffres',
      phone_too_long: 'il y a trop de chiffres',
      phone_invalid_length: 'le nombre de chiffres ne correspond à aucun numéro',
      phone_invalid_country: "l'indicatif pays n'existe pas",
      phone_needs_country_code: "il faut l'indicatif pays (par exemple +33)",
      phone_not_a_number: "ce n'est pas un numéro de téléphone",
      phone_invalid: 'il ne correspond à aucun numéro attribué dans ce pays',
    } as Record<string, string>,
    denied: 'Désolé, cette action est réservée aux administrateurs.',
    planLimit:
      "⛔ La limite mensuelle de votre forfait est atteinte : MAX ne crée ni ne modifie plus rien jusqu'au 1er du mois prochain ; les recherches restent possibles. Votre opérateur peut relever la limite. Rien n'a été modifié.",
    done: '✅ C’est fait.',
    sharedSchema:
      "Ce CRM est partagé avec d'autres entreprises : sa structure (champs, mises en page, reconstruction) est gérée par l'opérateur de MAX. Demandez-lui ce changement ; rien n'a été modifié.",
    error: 'Le CRM a refusé la demande, rien n’a été modifié.',
    field: (f: string, e: string, c: boolean) =>
      c ? `✅ Champ ${f} créé sur ${e}.` : `ℹ️ Le champ ${f} existe déjà sur ${e}.`,
    layout: (f: string, e: string, ch: string[]) =>
      ch.length ? `✅ ${f} ajouté aux vues ${ch.join(', ')} de ${e}.` : `ℹ️ ${f} est déjà affiché sur ${e}.`,
    rebuild: '✅ CRM reconstruit et cache vidé.',
    health: (ok: boolean, lines: string) => `${ok ? '✅' : '⚠️'} État du CRM :\n${lines}`,
  },
  en: {
    created: (l: string) => `✅ Lead created: ${l}`,
    exists: (l: string) => `ℹ️ This lead already exists: ${l}`,
    updated: (l: string, c: string) => `✅ Lead updated: ${l}${c ? `\n${c}` : ''}`,
    status: (l: string, s: string) => `✅ Status of ${l}: ${s}`,
    noted: (l: string) => `📝 Note added to ${l}`,
    task: (n: string, l: string | null, d: string | null, id: string) =>
      `📌 Task created: "${n}"${l ? ` for ${l}` : ''}${d ? `, due ${d}` : ''} [${id}]`,
    found0: 'No lead found.',
    found: (n: number, total: number) =>
      `🔎 ${total} lead${pluralS('en', total)} found${total > n ? ` (latest ${n})` : ''}:`,
    listed0: 'No leads yet.',
    listed: (n: number) => `🗂️ Last ${n} lead${pluralS('en', n)}:`,
    deleted: (l: string) => `🗑️ Lead deleted: ${l}`,
    ambiguous: 'Several leads match, which one?',
    notFound: (w: string) =>
      w
        ? `I can't find a lead for "${w}".`
        : 'Which lead do you mean? Give a name, an email or a phone number.',
    invalid: (f: string, a?: string[]) =>
      `The field "${f}" is not valid${a?.length ? ` (allowed: ${a.join(', ')})` : ''}.`,
    badEmail: (v: string, why: string) =>
      `❌ The e-mail address "${v}" is not valid: ${why}. Correct it and send the command again.`,
    badPhone: (v: string, why: string) =>
      `❌ The phone number "${v}" is not valid: ${why}. Correct it and send the command again.`,
    why: {
      email_missing_at: 'the "@" is missing',
      email_several_at: 'it has more than one "@"',
      email_missing_domain: 'the domain after the "@" is incomplete (e.g. "example.com")',
      email_invalid: 'some characters or dots are misplaced',
      phone_too_short: 'digits are missing',
      phone_too_long: 'it has too many digits',
      phone_invalid_length: 'no number has that many digits',
      phone_invalid_country: 'the country code does not exist',
      phone_needs_country_code: 'it needs the country code (e.g. +44)',
      phone_not_a_number: 'it is not a phone number',
      phone_invalid: 'it is not a number in use in that country',
    } as Record<string, string>,
    denied: 'Sorry, only administrators can do that.',
    planLimit:
      "⛔ Your plan's monthly limit is reached: MAX creates and changes nothing more until the 1st of next month; searches still work. Your operator can lift the limit. Nothing was changed.",
    done: '✅ Done.',
    sharedSchema:
      "This CRM is shared with other businesses: its structure (fields, layouts, rebuild) is managed by MAX's operator. Ask them for this change; nothing was modified.",
    error: 'The CRM refused the request; nothing was changed.',
    field: (f: string, e: string, c: boolean) =>
      c ? `✅ Field ${f} created on ${e}.` : `ℹ️ Field ${f} already exists on ${e}.`,
    layout: (f: string, e: string, ch: string[]) =>
      ch.length
        ? `✅ ${f} added to the ${ch.join(', ')} layout of ${e}.`
        : `ℹ️ ${f} is already shown on ${e}.`,
    rebuild: '✅ CRM rebuilt and cache cleared.',
    health: (ok: boolean, lines: string) => `${ok ? '✅' : '⚠️'} CRM status:\n${lines}`,
  },
});

export const leadLabel = recordLabel;

const line = (l: LeadSummary) => `• ${leadLabel(l)}${l.status ? ` — ${l.status}` : ''}`;

/** A wrong value names itself and why; anything else names the field (and its options). */
function renderInvalid(o: Extract<ToolOutcome, { kind: 'invalid' }>, lang: Lang): string {
  const m = t[lang];
  const special = INVALID_RENDERERS[o.reason];
  if (special) return special(o, lang);
  const why = m.why[o.reason];
  if (o.value !== undefined && why) {
    if (o.reason.startsWith('email_')) return m.badEmail(o.value, why);
    if (o.reason.startsWith('phone_')) return m.badPhone(o.value, why);
  }
  return m.invalid(o.field, o.allowed);
}

export function renderOutcome(o: ToolOutcome, lang: Lang): string {
  const m = t[lang];
  if (!o.ok) {
    switch (o.kind) {
      case 'ambiguous':
        if (o.entity && o.entity !== 'Lead')
          return [
            recordReplies.ambiguous(entityLabel(o.entity, lang), lang),
            ...o.candidates.map(recordLine),
          ].join('\n');
        return [m.ambiguous, ...o.candidates.map(line)].join('\n');
      case 'not_found':
        if (o.entity && o.entity !== 'Lead')
          return recordReplies.notFound(entityLabel(o.entity, lang), lang, o.what);
        return m.notFound(o.what);
      case 'invalid':
        return renderInvalid(o, lang);
      case 'denied':
        return o.reason === 'shared_mode_schema'
          ? m.sharedSchema
          : o.reason === 'plan_limit'
            ? m.planLimit
            : m.denied;
      case 'error':
        return m.error;
    }
  }
  // Records of other entities, and the kinds families add, read the same way for every entity.
  if ((o.entity && o.entity !== 'Lead') || !LEAD_KINDS.has(o.kind)) {
    const render = KIND_RENDERERS[o.kind];
    return render ? render(o, lang) : m.done;
  }
  const first = o.records[0];
  const d = o.detail ?? {};
  switch (o.kind) {
    case 'created':
      return m.created(leadLabel(first!));
    case 'exists':
      return m.exists(leadLabel(first!));
    case 'updated': {
      const changes = Object.entries((d.changes as Record<string, unknown>) ?? {})
        .map(([k, v]) => `• ${k}: ${v ?? '—'}`)
        .join('\n');
      return m.updated(leadLabel(first!), changes);
    }
    case 'status':
      return m.status(leadLabel(first!), String(d.to));
    case 'noted':
      return m.noted(leadLabel(first!));
    case 'task':
      return m.task(
        String(d.name),
        first ? leadLabel(first) : null,
        (d.dueDate as string | null) ?? null,
        String(d.taskId),
      );
    case 'found':
      return o.records.length
        ? [m.found(o.records.length, Number(d.total ?? o.records.length)), ...o.records.map(line)].join('\n')
        : m.found0;
    case 'listed':
      return o.records.length ? [m.listed(o.records.length), ...o.records.map(line)].join('\n') : m.listed0;
    case 'deleted':
      return m.deleted(leadLabel(first!));
    case 'admin':
      if (d.action === 'field') return m.field(String(d.field), String(d.entity), Boolean(d.created));
      if (d.action === 'layout')
        return m.layout(String(d.field), String(d.entity), (d.changed as string[]) ?? []);
      return m.rebuild;
    case 'health': {
      const ok = Boolean(d.reachable && d.authenticated);
      const lines = Object.entries(d)
        .filter(([k]) => k !== 'error')
        .map(([k, v]) => `• ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join('\n');
      return m.health(ok, lines);
    }
    default:
      return m.done;
  }
}

const LEAD_KINDS = new Set([
  'created',
  'exists',
  'updated',
  'status',
  'noted',
  'task',
  'found',
  'listed',
  'deleted',
  'admin',
  'health',
]);

export function renderOutcomes(outcomes: ToolOutcome[], lang: Lang): string {
  return outcomes.map((o) => renderOutcome(o, lang)).join('\n\n');
}
