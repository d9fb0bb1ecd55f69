import { catalogue, type Lang } from '../lang.ts';
import type { ToolOutcome } from '../types.ts';
import type { KindRenderer } from './kind-renderer.ts';
import { entityLabel, recordLabel } from './records.ts';

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const t = catalogue({
  fr: {
    created: (what: string, fem: boolean, r: string) => `✅ ${cap(what)} créé${fem ? 'e' : ''} : ${r}`,
    owner: (what: string, r: string) => `• Pour ${what} : ${r}`,
  },
  en: {
    created: (what: string, _fem: boolean, r: string) => `✅ ${cap(what)} created: ${r}`,
    owner: (what: string, r: string) => `• For ${what}: ${r}`,
  },
});

/** A DiagnosticIA or MissionMAX as the CRM stored it: its name and id, whose it is, what was set. */
export const CUSTOM_RENDERERS: Record<string, KindRenderer> = {
  custom_created: (o, lang) => {
    const l = entityLabel(o.entity, lang);
    const [record, owner] = o.records;
    const lines: string[] = [t[lang].created(l.one, Boolean(l.feminine), recordLabel(record!))];
    if (owner) lines.push(t[lang].owner(entityLabel(owner.entity, lang).one, recordLabel(owner)));
    for (const [k, v] of Object.entries((o.detail?.fields as Record<string, string>) ?? {}))
      lines.push(`• ${k}${lang === 'fr' ? ' :' : ':'} ${v}`);
    return lines.join('\n');
  },
};

const list = (a: string[] | undefined) => (a ?? []).join(', ');

const v = catalogue({
  fr: {
    noField: (x: string, allowed: string) =>
      `❌ Je ne trouve pas de champ « ${x} » sur cette fiche${allowed ? `. Champs possibles : ${allowed}` : ''} ; rien n'a été modifié.`,
    number: (f: string, x: string, int: boolean) =>
      `❌ « ${x} » n'est pas un nombre${int ? ' entier' : ''} : « ${f} » attend un nombre (par exemple 1500) ; rien n'a été modifié.`,
    range: (f: string, x: string, allowed: string) =>
      `❌ ${x} est hors limites pour « ${f} »${allowed ? ` (valeurs possibles : ${allowed})` : ''} ; rien n'a été modifié.`,
    option: (f: string, x: string, allowed: string) =>
      `❌ « ${x} » n'est pas une valeur possible pour « ${f} »${allowed ? `. Valeurs possibles : ${allowed}` : ''} ; rien n'a été modifié.`,
    bool: (f: string, x: string) => `❌ « ${f} » attend oui ou non (reçu « ${x} ») ; rien n'a été modifié.`,
    long: (f: string, allowed: string) =>
      `❌ La valeur de « ${f} » est trop longue (${allowed} caractères) ; rien n'a été modifié.`,
    missing: (many: string, fem: boolean) =>
      `❌ Les ${many} ne sont pas installé${fem ? 'e' : ''}s dans ce CRM (métadonnées de infra/scaleway-espocrm) : demandez-le à l'administrateur ; rien n'a été fait.`,
  },
  en: {
    noField: (x: string, allowed: string) =>
      `❌ There is no field "${x}" on this record${allowed ? `. Fields: ${allowed}` : ''}; nothing was changed.`,
    number: (f: string, x: string, int: boolean) =>
      `❌ "${x}" is not ${int ? 'a whole number' : 'a number'}: "${f}" takes a number (e.g. 1500); nothing was changed.`,
    range: (f: string, x: string, allowed: string) =>
      `❌ ${x} is out of range for "${f}"${allowed ? ` (allowed: ${allowed})` : ''}; nothing was changed.`,
    option: (f: string, x: string, allowed: string) =>
      `❌ "${x}" is not a possible value of "${f}"${allowed ? `. Allowed: ${allowed}` : ''}; nothing was changed.`,
    bool: (f: string, x: string) => `❌ "${f}" takes yes or no (got "${x}"); nothing was changed.`,
    long: (f: string, allowed: string) =>
      `❌ The value of "${f}" is too long (${allowed} characters); nothing was changed.`,
    missing: (many: string) =>
      `❌ ${cap(many)} are not installed in this CRM (infra/scaleway-espocrm's metadata): ask your administrator; nothing was done.`,
  },
});

/** Refusals of the custom-field checks: the wrong value, the field, and what it accepts. */
export const CUSTOM_INVALID_RENDERERS: Record<string, (o: Invalid, lang: Lang) => string> = {
  no_such_field: (o, lang) => v[lang].noField(o.value ?? o.field, list(o.allowed)),
  not_a_number: (o, lang) => v[lang].number(o.field, o.value ?? '', false),
  not_an_integer: (o, lang) => v[lang].number(o.field, o.value ?? '', true),
  out_of_range: (o, lang) => v[lang].range(o.field, o.value ?? '', list(o.allowed)),
  value_not_allowed: (o, lang) => v[lang].option(o.field, o.value ?? '', list(o.allowed)),
  not_a_boolean: (o, lang) => v[lang].bool(o.field, o.value ?? ''),
  too_long: (o, lang) => v[lang].long(o.field, list(o.allowed)),
  entity_not_installed: (o, lang) => {
    const l = entityLabel(o.value, lang);
    return v[lang].missing(l.many, Boolean(l.feminine));
  },
};
