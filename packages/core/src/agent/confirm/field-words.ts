import type { Lang } from '../lang.ts';

const TYPES: Record<Lang, Record<string, string>> = {
  fr: {
    varchar: 'texte court',
    text: 'texte',
    int: 'nombre entier',
    float: 'nombre',
    bool: 'oui/non',
    date: 'date',
    enum: 'liste',
    multiEnum: 'choix multiples',
    currency: 'montant',
    url: 'lien',
  },
  en: {
    varchar: 'short text',
    text: 'text',
    int: 'whole number',
    float: 'number',
    bool: 'yes/no',
    date: 'date',
    enum: 'list',
    multiEnum: 'multiple choice',
    currency: 'amount',
    url: 'link',
  },
};

const LAYOUTS: Record<Lang, Record<string, string>> = {
  fr: { detail: 'fiche', list: 'liste' },
  en: { detail: 'detail', list: 'list' },
};

/** "liste : Appartement, Maison" / "montant": a field's type in words, with its options. */
export function fieldKind(type: string, options: string[] | undefined, lang: Lang): string {
  const name = TYPES[lang][type] ?? type;
  return options?.length ? `${name}${lang === 'fr' ? ' : ' : ': '}${options.join(', ')}` : name;
}

/** "fiche, liste": the layouts a field goes on, in words. */
export const layoutWords = (layouts: readonly string[], lang: Lang) =>
  layouts.map((l) => LAYOUTS[lang][l] ?? l).join(', ');
