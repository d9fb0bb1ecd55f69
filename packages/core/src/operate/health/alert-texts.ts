import type { Component } from './assess.ts';
import type { IncidentEvent } from './incidents.ts';

type Lang = 'fr' | 'en';

const WHAT: Record<Component, Record<Lang, string>> = {
  crm: { fr: 'votre CRM', en: 'your CRM' },
  whatsapp: { fr: 'le numéro WhatsApp de MAX', en: "MAX's WhatsApp number" },
  messages: { fr: 'le traitement des messages', en: 'message processing' },
};

const day = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'UTC',
  });

/** What the tenant's admins read on WhatsApp (or the operator's channel says) about an incident. */
export function alertText(
  e: Exclude<IncidentEvent, { kind: 'reopened' }>,
  o: { lang: Lang; tenantName: string; detail: string },
): string {
  const what = WHAT[e.component][o.lang];
  const since = `${day(e.openedAt, o.lang)} UTC`;
  if (o.lang === 'fr') {
    if (e.kind === 'opened')
      return e.component === 'messages'
        ? `⚠️ MAX (${o.tenantName}) : ${what} rencontre des erreurs (${o.detail}). Nous regardons.`
        : `⚠️ MAX (${o.tenantName}) ne joint plus ${what} (${o.detail}). Les messages attendent et seront traités dès son retour.`;
    if (e.kind === 'reminder')
      return `⚠️ Rappel : ${what} pose toujours problème depuis le ${since} (${o.detail}).`;
    return `✅ MAX (${o.tenantName}) : ${what} fonctionne de nouveau (incident ouvert le ${since}). Les messages en attente repartent.`;
  }
  if (e.kind === 'opened')
    return e.component === 'messages'
      ? `⚠️ MAX (${o.tenantName}): ${what} is failing (${o.detail}). We are looking into it.`
      : `⚠️ MAX (${o.tenantName}) cannot reach ${what} (${o.detail}). Messages wait and will be handled once it is back.`;
  if (e.kind === 'reminder') return `⚠️ Reminder: ${what} still has a problem since ${since} (${o.detail}).`;
  return `✅ MAX (${o.tenantName}): ${what} works again (incident opened ${since}). Waiting messages are on their way.`;
}

/** The alert's key: the same alert is never recorded (nor sent) twice. */
export const alertKey = (e: IncidentEvent) =>
  `health:${e.incidentId}:${e.kind}${e.kind === 'reminder' ? `:${e.n}` : ''}`;
