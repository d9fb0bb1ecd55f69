import { catalogue } from '../lang.ts';
import type { KindRenderer } from './kind-renderer.ts';
import { recordReplies as m, recordLabel } from './records.ts';

const t = catalogue({
  fr: {
    account: (a: string, created: boolean) =>
      `🏢 Rattaché au compte ${a}${created ? ' (compte créé)' : ' (compte existant)'}`,
    unlinked: (a: string, b: string) => `✂️ ${a} détaché de ${b}`,
  },
  en: {
    account: (a: string, created: boolean) =>
      `🏢 Linked to account ${a}${created ? ' (new account)' : ' (existing account)'}`,
    unlinked: (a: string, b: string) => `✂️ ${a} unlinked from ${b}`,
  },
});

/** Contacts and links between records: what the CRM returned, with the ids it gave. */
export const CONTACT_RENDERERS: Record<string, KindRenderer> = {
  contact_created: (o, lang) => {
    const [contact, account] = o.records;
    const head = m.created({ one: 'contact', many: 'contacts' }, lang, recordLabel(contact!));
    return account
      ? `${head}\n${t[lang].account(recordLabel(account), Boolean(o.detail?.accountCreated))}`
      : head;
  },
  unlinked: (o, lang) => t[lang].unlinked(recordLabel(o.records[0]!), recordLabel(o.records[1]!)),
};
