import { type SectorTemplate, sectorTemplate } from './templates.ts';

/**
 * Words that name each built-in sector (FR/EN), most specific first: "agence web" is services, not
 * real estate; "boutique en ligne" is e-commerce, not food. Each pattern is a plain alternation.
 */
const SECTOR_WORDS: Array<[key: string, words: RegExp]> = [
  [
    'ecommerce',
    /e-?commerce|boutique en ligne|vente en ligne|site marchand|online (?:shop|store|retail)|web ?shop|shopify|marketplace/iu,
  ],
  [
    'real_estate',
    /immobili|agence immo|agent immo|real[- ]estate|realtor|estate agen|property (?:agen|manag)|letting agen/iu,
  ],
  [
    'food',
    /restaura|boulang|p[âa]tiss|traiteur|brasserie|pizzeria|caf[ée](?:-| )?(?:bar|restaurant)?\b|bakery|bakeries|baker\b|catering|caterer|food ?truck|food service/iu,
  ],
  [
    'trades',
    /\bbtp\b|artisan|b[âa]timent|plombi|[ée]lectricien|ma[çc]on|menuisi|couvreur|charpenti|peintre en b[âa]timent|r[ée]novation|construction|builder|plumb|electrician|carpent|roofer|contractor|tradesm|renovation/iu,
  ],
  [
    'services',
    /conseil|consult|cabinet|freelance|ind[ée]pendant|formation|coaching|agence (?:web|digitale|marketing|de communication)|prestataire|services? aux entreprises|professional services|agency|training|coach/iu,
  ],
];

/** The built-in template a sector description names, or null when none does. */
export function matchSector(text: string): SectorTemplate | null {
  const bounded = text.slice(0, 200);
  for (const [key, words] of SECTOR_WORDS) if (words.test(bounded)) return sectorTemplate(key) ?? null;
  return null;
}
