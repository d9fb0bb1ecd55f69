import type { Locale as Lang } from '../../store/types.ts';
import type { ToolOutcome } from '../types.ts';
import { recordLabel } from './records.ts';

type Ok = Extract<ToolOutcome, { ok: true }>;
type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

const v = {
  fr: {
    sent: (who: string, id: string, quota: string) =>
      `✅ WhatsApp envoyé à ${who}\nGreen-API : ${id}${quota}\n(noté sur sa fiche)`,
    quota: (n: unknown, cap: unknown) => ` · ${n}/${cap} envois aujourd'hui`,
    granted: (who: string) => `✅ Consentement WhatsApp enregistré pour ${who}.`,
    revoked: (who: string) => `✅ ${who} : consentement WhatsApp retiré, MAX ne lui écrira plus.`,
    noConsent: (n: string) =>
      `⛔ Je n'envoie rien à ${n} : aucun consentement WhatsApp n'est enregistré sur sa fiche. Dites « ${n} accepte les messages WhatsApp » une fois son accord obtenu.`,
    optedOut: (n: string) =>
      `⛔ ${n} a répondu STOP : MAX ne lui écrit plus. Seule la personne peut revenir sur ce choix (en écrivant START).`,
    noPhone: (n: string) =>
      `⛔ ${n} n'a pas de numéro de téléphone valide sur sa fiche : rien n'a été envoyé.`,
    dailyCap: (cap: string) =>
      `⏸️ Limite du jour atteinte (${cap} messages aux prospects et contacts par jour, pour protéger votre numéro WhatsApp). Rien n'a été envoyé ; réessayez demain.`,
    spacing: (s: string) =>
      `⏸️ Un message vient de partir : pour protéger votre numéro WhatsApp, MAX espace les envois. Rien n'a été envoyé ; réessayez dans ${s} s.`,
    off: () => `⛔ Les messages aux prospects ne sont pas disponibles ici (WhatsApp seulement).`,
    notPerson: (n: string) => `⛔ ${n} : je n'écris qu'à un lead ou un contact.`,
  },
  en: {
    sent: (who: string, id: string, quota: string) =>
      `✅ WhatsApp sent to ${who}\nGreen-API: ${id}${quota}\n(logged on the record)`,
    quota: (n: unknown, cap: unknown) => ` · ${n}/${cap} sends today`,
    granted: (who: string) => `✅ WhatsApp consent recorded for ${who}.`,
    revoked: (who: string) => `✅ ${who}: WhatsApp consent withdrawn, MAX will not write to them.`,
    noConsent: (n: string) =>
      `⛔ I'm not sending anything to ${n}: no WhatsApp consent is recorded on their record. Say "${n} agrees to WhatsApp messages" once they have agreed.`,
    optedOut: (n: string) =>
      `⛔ ${n} replied STOP: MAX no longer writes to them. Only they can undo it (by writing START).`,
    noPhone: (n: string) => `⛔ ${n} has no valid phone number on their record: nothing was sent.`,
    dailyCap: (cap: string) =>
      `⏸️ Today's limit is reached (${cap} messages to leads and contacts a day, to protect your WhatsApp number). Nothing was sent; try again tomorrow.`,
    spacing: (s: string) =>
      `⏸️ A message just went out: to protect your WhatsApp number MAX spaces its sends. Nothing was sent; try again in ${s} s.`,
    off: () => `⛔ Messages to leads are not available here (WhatsApp only).`,
    notPerson: (n: string) => `⛔ ${n}: I only write to a lead or a contact.`,
  },
} as const;

export const OUTREACH_RENDERERS: Record<string, (o: Ok, lang: Lang) => string> = {
  whatsapp_sent: (o, lang) => {
    const d = o.detail ?? {};
    const quota = d.cap !== undefined ? v[lang].quota(d.sentToday, d.cap) : '';
    return v[lang].sent(recordLabel(o.records[0]!), String(d.idMessage), quota);
  },
  whatsapp_consent: (o, lang) =>
    o.detail?.consent === 'revoked'
      ? v[lang].revoked(recordLabel(o.records[0]!))
      : v[lang].granted(recordLabel(o.records[0]!)),
};

/** Why MAX did not write to a person: each says what to do next. */
export const OUTREACH_INVALID_RENDERERS: Record<string, (o: Invalid, lang: Lang) => string> = {
  no_consent: (o, lang) => v[lang].noConsent(o.value ?? ''),
  opted_out: (o, lang) => v[lang].optedOut(o.value ?? ''),
  no_phone: (o, lang) => v[lang].noPhone(o.value ?? ''),
  daily_cap: (o, lang) => v[lang].dailyCap(o.value ?? ''),
  spacing: (o, lang) => v[lang].spacing(o.value ?? ''),
  outbound_off: (_o, lang) => v[lang].off(),
  not_a_person: (o, lang) => v[lang].notPerson(o.value ?? ''),
};
