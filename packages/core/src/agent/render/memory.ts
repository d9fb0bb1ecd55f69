import { catalogue, type Lang } from '../lang.ts';
import { CURRENCY_KEY, parseKey } from '../memory/keys.ts';
import type { ToolOutcome } from '../types.ts';
import { pluralS } from './plural.ts';
import { entityLabel } from './records.ts';

type Ok = Extract<ToolOutcome, { ok: true }>;
interface Entry {
  key: string;
  value: string;
}

const PROFILE: Record<string, { fr: string; en: string }> = {
  sector: { fr: 'Secteur', en: 'Sector' },
  offer: { fr: 'Offre', en: 'Offer' },
  customers: { fr: 'Clientèle cible', en: 'Target customers' },
  tone: { fr: 'Ton', en: 'Tone' },
  hours: { fr: 'Horaires', en: 'Working hours' },
  location: { fr: 'Localisation', en: 'Location' },
};
const LIST = {
  goal: { fr: 'Objectif', en: 'Goal' },
  pref: { fr: 'Préférence', en: 'Preference' },
  note: { fr: 'Note', en: 'Note' },
};

/** How a key reads: "Secteur", "Objectif 2", "Source par défaut (leads)". */
export function keyLabel(key: string, lang: Lang): string {
  const p = parseKey(key);
  if (p.kind === 'profile') return PROFILE[p.field]![lang];
  if (p.kind === 'default' && key === CURRENCY_KEY)
    return lang === 'fr' ? 'Devise par défaut' : 'Default currency';
  if (p.kind === 'default')
    return lang === 'fr'
      ? `${p.field} par défaut (${entityLabel(p.entity, lang).many})`
      : `Default ${p.field} (${entityLabel(p.entity, lang).many})`;
  if (p.kind === 'other') return key;
  return `${LIST[p.kind][lang]} ${p.n}`;
}

/** The longest reply: WhatsApp shows it whole, and the outbox row stays far below its limit. */
const REPLY_CHARS = 3500;

const line = (e: Entry, lang: Lang) => `• ${keyLabel(e.key, lang)}${lang === 'fr' ? ' : ' : ': '}${e.value}`;

function listing(entries: Entry[], lang: Lang): string {
  const out: string[] = [];
  let size = 0;
  for (const [i, e] of entries.entries()) {
    const l = line(e, lang);
    if (size + l.length > REPLY_CHARS) {
      const rest = entries.length - i;
      out.push(
        lang === 'fr'
          ? `… et ${rest} autre${pluralS('fr', rest)} (demandez par exemple « que sais-tu de nos notes ? »)`
          : `… and ${rest} more (ask e.g. "what do you know about our notes?")`,
      );
      break;
    }
    out.push(l);
    size += l.length + 1;
  }
  return out.join('\n');
}

const LANG_NAME = { fr: { fr: 'français', en: 'anglais' }, en: { fr: 'French', en: 'English' } };

const t = catalogue({
  fr: {
    remembered: (e: Entry, prev?: string) =>
      `🧠 C'est noté — ${keyLabel(e.key, 'fr')} : ${e.value}${prev ? `\n(remplace : ${prev})` : ''}`,
    unchanged: (e: Entry) => `ℹ️ Je le savais déjà — ${keyLabel(e.key, 'fr')} : ${e.value}`,
    full: (max: number) =>
      `⚠️ Ma mémoire est pleine (${max} éléments) : rien n'a été retenu. Faites de la place, par exemple « oublie la note 1 », puis renvoyez la demande.`,
    tooLong: (n: number, max: number) =>
      `⚠️ C'est trop long à retenir (${n} caractères, ${max} au plus) : rien n'a été retenu. Résumez et renvoyez la demande.`,
    forgotten: (es: Entry[]) => `🧹 J'ai oublié :\n${es.map((e) => line(e, 'fr')).join('\n')}`,
    forgotAll: (n: number) => `🧹 J'ai tout oublié (${n} élément${pluralS('fr', n)}).`,
    none: (w: string) =>
      w ? `Je n'ai rien retenu qui corresponde à « ${w} ».` : "Je n'ai rien retenu pour l'instant.",
    ambiguous: (es: Entry[]) =>
      `Plusieurs éléments correspondent, lequel dois-je oublier ? Rien n'a été oublié.\n${es.map((e) => line(e, 'fr')).join('\n')}\nPrécisez, par exemple « oublie ${keyLabel(es[0]!.key, 'fr').toLowerCase()} ».`,
    empty:
      "Je ne sais encore rien de votre entreprise. Un administrateur peut me l'apprendre : « retiens que nous sommes une agence immobilière à Lyon ».",
    emptyTopic: "Je n'ai rien retenu sur ce sujet.",
    known: (n: number) => `🧠 Ce que je sais de votre entreprise (${n} élément${pluralS('fr', n)}) :`,
    you: (name: string | null, lang: string | null) =>
      `👤 Vous : ${[name, lang ? `réponses en ${lang}` : null].filter(Boolean).join(' · ')}`,
    me: (name: string | null | undefined, lang: string | undefined) =>
      [
        name
          ? `👋 Entendu, je vous appellerai ${name}.`
          : name === null
            ? "👋 Entendu, je n'utiliserai plus de prénom."
            : null,
        lang ? `Je vous répondrai désormais en ${lang}.` : null,
      ]
        .filter(Boolean)
        .join(' '),
    meUnavailable: 'Je ne peux retenir ces préférences que pour un numéro WhatsApp.',
  },
  en: {
    remembered: (e: Entry, prev?: string) =>
      `🧠 Got it — ${keyLabel(e.key, 'en')}: ${e.value}${prev ? `\n(replaces: ${prev})` : ''}`,
    unchanged: (e: Entry) => `ℹ️ I already knew that — ${keyLabel(e.key, 'en')}: ${e.value}`,
    full: (max: number) =>
      `⚠️ My memory is full (${max} entries): nothing was remembered. Make room, e.g. "forget note 1", then send the request again.`,
    tooLong: (n: number, max: number) =>
      `⚠️ That is too long to remember (${n} characters, at most ${max}): nothing was remembered. Shorten it and send it again.`,
    forgotten: (es: Entry[]) => `🧹 Forgotten:\n${es.map((e) => line(e, 'en')).join('\n')}`,
    forgotAll: (n: number) => `🧹 I forgot everything (${n} entr${n > 1 ? 'ies' : 'y'}).`,
    none: (w: string) =>
      w ? `I haven't remembered anything matching "${w}".` : "I haven't remembered anything yet.",
    ambiguous: (es: Entry[]) =>
      `Several entries match, which one should I forget? Nothing was forgotten.\n${es.map((e) => line(e, 'en')).join('\n')}\nBe specific, e.g. "forget ${keyLabel(es[0]!.key, 'en').toLowerCase()}".`,
    empty:
      'I don\'t know anything about your business yet. An administrator can teach me: "remember that we are a real estate agency in Lyon".',
    emptyTopic: "I haven't remembered anything on that topic.",
    known: (n: number) => `🧠 What I know about your business (${n} entr${n > 1 ? 'ies' : 'y'}):`,
    you: (name: string | null, lang: string | null) =>
      `👤 You: ${[name, lang ? `replies in ${lang}` : null].filter(Boolean).join(' · ')}`,
    me: (name: string | null | undefined, lang: string | undefined) =>
      [
        name
          ? `👋 Sure, I'll call you ${name}.`
          : name === null
            ? "👋 Sure, I won't use a name any more."
            : null,
        lang ? `I'll reply in ${lang} from now on.` : null,
      ]
        .filter(Boolean)
        .join(' '),
    meUnavailable: 'I can only keep these preferences for a WhatsApp number.',
  },
});

/** The replies of the memory tools (kind `memory`), FR and EN. */
export function renderMemory(o: Ok, lang: Lang): string {
  const d = (o.detail ?? {}) as Record<string, unknown>;
  const entries = (d.entries as Entry[] | undefined) ?? [];
  switch (d.action) {
    case 'remembered':
      return t[lang].remembered(
        { key: String(d.key), value: String(d.value) },
        d.previous === undefined ? undefined : String(d.previous),
      );
    case 'unchanged':
      return t[lang].unchanged({ key: String(d.key), value: String(d.value) });
    case 'full':
      return t[lang].full(Number(d.max));
    case 'too_long':
      return t[lang].tooLong(Number(d.length), Number(d.max));
    case 'forgotten':
      return t[lang].forgotten(entries);
    case 'forgot_all':
      return t[lang].forgotAll(Number(d.count));
    case 'forget_none':
      return t[lang].none(String(d.what ?? ''));
    case 'forget_ambiguous':
      return t[lang].ambiguous(entries);
    case 'recalled': {
      const you = d.you as { name: string | null; language: Lang | null } | undefined;
      const me = you ? t[lang].you(you.name, you.language ? LANG_NAME[lang][you.language] : null) : null;
      if (!entries.length)
        return [d.topic ? t[lang].emptyTopic : t[lang].empty, me].filter(Boolean).join('\n');
      return [t[lang].known(entries.length), listing(entries, lang), me].filter(Boolean).join('\n');
    }
    case 'me': {
      // A new reply language is confirmed in that language.
      const l = (d.language as Lang | undefined) ?? lang;
      const name = 'name' in d ? (d.name as string | null) : undefined;
      return t[l].me(name, d.language ? LANG_NAME[l][d.language as Lang] : undefined);
    }
    case 'me_unavailable':
      return t[lang].meUnavailable;
    default:
      return lang === 'fr' ? '✅ C’est fait.' : '✅ Done.';
  }
}
