import { catalogue, type Lang } from '../lang.ts';
import type { ToolOutcome } from '../types.ts';

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

const v = catalogue({
  fr: {
    notLinked: (x: string) => `ℹ️ ${x} : ces fiches ne sont pas liées, rien à détacher.`,
    noRelation:
      'Je relie un contact à un compte, ou une opportunité à un compte ou à un contact. Précisez « le contact … », « le compte … » ou « l’opportunité … ».',
  },
  en: {
    notLinked: (x: string) => `ℹ️ ${x}: these records are not linked, nothing to undo.`,
    noRelation:
      'I link a contact to an account, or an opportunity to an account or a contact. Say "contact …", "account …" or "opportunity …".',
  },
});

/** "invalid" outcomes of the link tools. */
export const LINK_INVALID_RENDERERS: Record<string, (o: Invalid, lang: Lang) => string> = {
  not_linked: (o, lang) => v[lang].notLinked(o.value ?? ''),
  no_relation: (_o, lang) => v[lang].noRelation,
};
