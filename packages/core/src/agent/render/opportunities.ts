import type { RecordSummary } from '../entities/summary.ts';
import { catalogue, type Lang } from '../lang.ts';
import type { ToolOutcome } from '../types.ts';
import type { KindRenderer } from './kind-renderer.ts';
import { entityLabel, recordLabel, recordLine } from './records.ts';

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

const t = catalogue({
  fr: {
    created: (r: string) => `✅ Opportunité créée : ${r}`,
    facts: (stage: string, amount: string, close: string, byDefault: boolean) =>
      `• Étape : ${stage} · Montant : ${amount} · Clôture : ${close}${byDefault ? ' (par défaut, dans 30 jours)' : ''}`,
    account: (a: string, created: boolean) => `🏢 Compte : ${a}${created ? ' (compte créé)' : ''}`,
    contact: (c: string) => `👤 Contact : ${c}`,
    converted: (l: string) => `🔁 Lead converti : ${l}`,
    already: (l: string) => `ℹ️ Ce lead est déjà converti : ${l}`,
    made: (what: string, r: string) => `• ${what} créé${what === 'Opportunité' ? 'e' : ''} : ${r}`,
    used: (what: string, r: string) =>
      `• ${what} existant${what === 'Opportunité' ? 'e' : ''} utilisé${what === 'Opportunité' ? 'e' : ''} : ${r}`,
    had: (what: string, r: string) => `• ${what} : ${r}`,
    byDefault: 'Date de clôture par défaut : dans 30 jours.',
  },
  en: {
    created: (r: string) => `✅ Opportunity created: ${r}`,
    facts: (stage: string, amount: string, close: string, byDefault: boolean) =>
      `• Stage: ${stage} · Amount: ${amount} · Close date: ${close}${byDefault ? ' (default, in 30 days)' : ''}`,
    account: (a: string, created: boolean) => `🏢 Account: ${a}${created ? ' (new account)' : ''}`,
    contact: (c: string) => `👤 Contact: ${c}`,
    converted: (l: string) => `🔁 Lead converted: ${l}`,
    already: (l: string) => `ℹ️ This lead is already converted: ${l}`,
    made: (what: string, r: string) => `• ${what} created: ${r}`,
    used: (what: string, r: string) => `• Existing ${what.toLowerCase()} used: ${r}`,
    had: (what: string, r: string) => `• ${what}: ${r}`,
    byDefault: 'Default close date: in 30 days.',
  },
});

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const what = (r: RecordSummary, lang: Lang) => cap(entityLabel(r.entity, lang).one);
const amountOf = (r: RecordSummary) => `${r.extra?.amount ?? '—'} ${r.extra?.amountCurrency ?? ''}`.trim();

/** The lead, then each record by what happened to it (created by the conversion, or reused). */
function conversion(o: Extract<ToolOutcome, { ok: true }>, lang: Lang, already: boolean): string {
  const m = t[lang];
  const [lead, ...others] = o.records;
  const created = Object.values((o.detail?.created as Record<string, string>) ?? {});
  const lines = [already ? m.already(recordLabel(lead!)) : m.converted(recordLabel(lead!))];
  for (const r of others) {
    const line = r.entity === 'Opportunity' ? recordLine(r).slice(2) : recordLabel(r);
    if (already) lines.push(m.had(what(r, lang), line));
    else if (created.includes(r.id)) lines.push(m.made(what(r, lang), line));
    else lines.push(m.used(what(r, lang), line));
  }
  if (o.detail?.defaultCloseDate) lines.push(m.byDefault);
  return lines.join('\n');
}

/** Opportunities and lead conversion: amounts, stages and dates as the CRM stored them. */
export const OPPORTUNITY_RENDERERS: Record<string, KindRenderer> = {
  opportunity_created: (o, lang) => {
    const m = t[lang];
    const [opp, ...parties] = o.records;
    const lines = [
      m.created(recordLabel(opp!)),
      m.facts(
        opp!.status ?? '—',
        amountOf(opp!),
        String(opp!.extra?.closeDate ?? '—'),
        Boolean(o.detail?.defaultCloseDate),
      ),
    ];
    for (const r of parties)
      lines.push(
        r.entity === 'Account'
          ? m.account(recordLabel(r), Boolean(o.detail?.accountCreated))
          : m.contact(recordLabel(r)),
      );
    return lines.join('\n');
  },
  converted: (o, lang) => conversion(o, lang, false),
  already_converted: (o, lang) => conversion(o, lang, true),
};

const v = catalogue({
  fr: {
    currency: (c: string, allowed: string[]) =>
      `❌ La devise ${c} n'est pas acceptée par ce CRM${allowed.length ? ` (devises acceptées : ${allowed.join(', ')})` : ''}. Donnez le montant dans une devise acceptée, ou demandez à l'administrateur d'EspoCRM d'ajouter ${c} (Administration › Devises) ; rien n'a été créé ni modifié.`,
    amountRequired: 'Il manque le montant : renvoyez la commande avec un montant (par exemple « 5000 € »).',
    amountInvalid: (x: string) =>
      `❌ Le montant « ${x} » n'est pas un nombre positif (par exemple 5000 ou 5 000,50).`,
    date: (x: string) =>
      `❌ La date « ${x} » n'est pas une date valide (AAAA-MM-JJ, par exemple 2026-12-15).`,
    name: "Il manque le nom de l'opportunité : donnez un nom, un compte ou un contact.",
    leadName: "Ce lead n'a ni nom ni société : ajoutez-lui un nom avant de le convertir.",
  },
  en: {
    currency: (c: string, allowed: string[]) =>
      `❌ The currency ${c} is not accepted by this CRM${allowed.length ? ` (accepted: ${allowed.join(', ')})` : ''}. Give the amount in an accepted currency, or ask your EspoCRM administrator to add ${c} (Administration › Currency); nothing was created or changed.`,
    amountRequired: 'The amount is missing: send the command again with an amount (e.g. "$5,000").',
    amountInvalid: (x: string) => `❌ The amount "${x}" is not a positive number (e.g. 5000 or 5,000.50).`,
    date: (x: string) => `❌ "${x}" is not a valid date (YYYY-MM-DD, e.g. 2026-12-15).`,
    name: 'The opportunity needs a name: give a name, an account or a contact.',
    leadName: 'This lead has neither a name nor a company: give it a name before converting it.',
  },
});

/** "invalid" outcomes of these tools, read as what to do next rather than "field X is not valid". */
export const OPPORTUNITY_INVALID_RENDERERS: Record<string, (o: Invalid, lang: Lang) => string> = {
  currency_not_enabled: (o, lang) => v[lang].currency(o.value ?? '?', o.allowed ?? []),
  amount_required: (_o, lang) => v[lang].amountRequired,
  amount_invalid: (o, lang) => v[lang].amountInvalid(o.value ?? ''),
  date_invalid: (o, lang) => v[lang].date(o.value ?? ''),
  name_required: (_o, lang) => v[lang].name,
  lead_without_name: (_o, lang) => v[lang].leadName,
};
