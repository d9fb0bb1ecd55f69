import { CURRENCY_FIELD, type MemoryKind, type ProfileField } from './keys.ts';

/** A fact as said ("nous sommes une agence immobilière à Lyon"), read into a memory entry. */
export interface Fact {
  kind: MemoryKind;
  /** A profile field, or `Entity.field` for a default. */
  field?: string;
  value: string;
}

type Rule = [
  kind: MemoryKind,
  field: ProfileField | 'Lead.source' | typeof CURRENCY_FIELD | undefined,
  re: RegExp,
];

// Every pattern is fixed words then one trailing capture: linear on any input.
const R = (s: string) => new RegExp(s, 'iu');
const IS_FR = '(?:est|sont|:|=)';
const IS_EN = '(?:is|are|:|=)';

// A currency in words or symbols; the value kept is its ISO code (currencyOf).
const CUR =
  '(euros?|eur|€|dollars?(?:\\s+(?:am[ée]ricains?|us))?|usd|us\\s+dollars?|\\$|livres?(?:\\s+sterling)?|pounds?(?:\\s+sterling)?|gbp|£|francs?\\s+suisses?|swiss\\s+francs?|chf)';

/** Most specific first: "nous sommes ouverts …" is hours before "nous sommes …" is anything else. */
const RULES: Rule[] = [
  // Default lead source, as people state it: "notre source de leads par défaut est Web Site",
  // "nos leads viennent du salon", "our default lead source is Web Site", "new leads come from referrals".
  [
    'default',
    'Lead.source',
    R(
      "^(?:(?:notre|nos|la|les)\\s+)?(?:source|origine)s?(?:\\s+(?:de|des)\\s+(?:nos\\s+)?(?:nouveaux\\s+)?(?:leads?|prospects?))?(?:\\s+par\\s+d[ée]faut)?(?:\\s+(?:des|de|pour\\s+les|pour\\s+nos)\\s+(?:nouveaux\\s+)?(?:leads?|prospects?))?\\s*(?:est|sont|c'est|ce\\s+sont|:|=)\\s*(?:le\\s+|la\\s+|l')?(.+)$",
    ),
  ],
  [
    'default',
    'Lead.source',
    R(
      "^(?:(?:les|nos|tous\\s+nos|la\\s+plupart\\s+de\\s+nos)\\s+)?(?:nouveaux\\s+)?(?:leads?|prospects?)\\s+(?:viennent|arrivent|proviennent|nous\\s+arrivent)\\s+(?:tous\\s+|toujours\\s+|surtout\\s+|principalement\\s+|en\\s+g[ée]n[ée]ral\\s+)?(?:de\\s+la\\s+|de\\s+l'|du\\s+|des\\s+|de\\s+|d'|par\\s+(?:le\\s+|la\\s+|l'|les\\s+)?|via\\s+(?:le\\s+|la\\s+|l')?)(.+)$",
    ),
  ],
  [
    'default',
    'Lead.source',
    R(
      '^(?:(?:our|the)\\s+)?(?:default\\s+)?(?:lead\\s+)?source(?:\\s+(?:for|of)\\s+(?:new\\s+)?leads)?(?:\\s+by\\s+default)?\\s*(?:is|:|=)\\s*(?:the\\s+)?(.+)$',
    ),
  ],
  [
    'default',
    'Lead.source',
    R(
      '^(?:(?:our|all|all\\s+our|the|most(?:\\s+of\\s+our)?)\\s+)?(?:new\\s+)?leads?\\s+(?:(?:mostly|mainly|usually|generally|often)\\s+)?(?:come|comes|arrive|are\\s+coming)\\s+(?:mostly\\s+|mainly\\s+|usually\\s+|all\\s+)?(?:from|via|through)\\s+(?:the\\s+|our\\s+)?(.+)$',
    ),
  ],
  [
    'default',
    'Lead.source',
    R(
      '^(?:set|make|mets|mettre|d[ée]finis|fixe)\\s+(?:the\\s+|la\\s+)?(?:default\\s+)?(?:lead\\s+)?source(?:\\s+par\\s+d[ée]faut)?(?:\\s+(?:des|of)\\s+leads?)?\\s+(?:to|[àa]|sur|as)\\s+(.+)$',
    ),
  ],
  // The currency the business sells in: "on vend en euros", "we sell in euros", "notre devise est l'euro".
  [
    'default',
    CURRENCY_FIELD,
    R(
      `^(?:nous|on|je)\\s+(?:vendons|vend|vends|travaillons|travaille|facturons|facture|factures|encaissons)\\s+en\\s+${CUR}$`,
    ),
  ],
  [
    'default',
    CURRENCY_FIELD,
    R(
      `^(?:nos|les|tous\\s+nos)\\s+(?:prix|montants|tarifs|devis|affaires|opportunit[ée]s|ventes)\\s+sont\\s+(?:en|exprim[ée]s\\s+en|libell[ée]s\\s+en)\\s+${CUR}$`,
    ),
  ],
  [
    'default',
    CURRENCY_FIELD,
    R(`^(?:notre|la|ma)\\s+devise(?:\\s+par\\s+d[ée]faut)?\\s*(?:est|:|=)\\s*(?:l'|le\\s+|la\\s+)?${CUR}$`),
  ],
  [
    'default',
    CURRENCY_FIELD,
    R(`^(?:we|i)\\s+(?:sell|work|invoice|bill|charge|trade|price\\s+things|are\\s+paid)\\s+in\\s+${CUR}$`),
  ],
  [
    'default',
    CURRENCY_FIELD,
    R(`^(?:(?:our|the|my)\\s+)?(?:default\\s+)?currency\\s*(?:is|:|=)\\s*(?:the\\s+)?${CUR}$`),
  ],
  [
    'default',
    CURRENCY_FIELD,
    R(`^(?:(?:our|all\\s+our|the)\\s+)?(?:prices|amounts|deals|quotes|sales)\\s+are\\s+in\\s+${CUR}$`),
  ],
  // Default lead source: "les leads du site sont source Web", "leads from the website are source Web".
  [
    'default',
    'Lead.source',
    R(
      '^(?:(?:les|the|new|nouveaux|nos|our)\\s+)*leads?\\b[^:]{0,60}?\\bsources?\\s*(?:=|:|est|is|de|en)?\\s*(.+)$',
    ),
  ],
  [
    'default',
    'Lead.source',
    R(
      '^(?:(?:la|the|default|lead)\\s+)*sources?(?:\\s+par\\s+d[ée]faut)?(?:\\s+(?:des|pour les|of|for)(?:\\s+(?:nouveaux|new))?\\s+leads?)?(?:\\s+par\\s+d[ée]faut)?\\s*(?:est|is|=|:)\\s*(.+)$',
    ),
  ],
  // Hours.
  [
    'profile',
    'hours',
    R(`^(?:nos|mes)\\s+horaires(?:\\s+d'ouverture|\\s+de\\s+travail)?\\s*${IS_FR}\\s*(.+)$`),
  ],
  ['profile', 'hours', R('^(?:nous\\s+sommes|on\\s+est|je\\s+suis)\\s+ouverte?s?\\s+(.+)$')],
  [
    'profile',
    'hours',
    R(`^(?:our|my)\\s+(?:working\\s+|opening\\s+|business\\s+|office\\s+)?hours\\s*${IS_EN}\\s*(.+)$`),
  ],
  ['profile', 'hours', R("^(?:we(?:'re|\\s+are)|i'm|i\\s+am)\\s+open\\s+(.+)$")],
  // Target customers (before "we work …" hours).
  ['profile', 'customers', R(`^(?:nos|mes)\\s+clients?(?:\\s+cibles?)?\\s*${IS_FR}\\s*(.+)$`)],
  [
    'profile',
    'customers',
    R(`^(?:notre|ma)\\s+(?:client[èe]le|cible)(?:\\s+client(?:e|èle)?)?\\s*${IS_FR}\\s*(.+)$`),
  ],
  [
    'profile',
    'customers',
    R(
      '^(?:nous|on|je)\\s+(?:ciblons|cible|travaillons\\s+(?:avec|pour)|travaille\\s+(?:avec|pour))\\s+(.+)$',
    ),
  ],
  [
    'profile',
    'customers',
    R(`^(?:our|my)\\s+(?:target\\s+)?(?:customers|clients|audience|market|clientele)\\s*${IS_EN}\\s*(.+)$`),
  ],
  ['profile', 'customers', R('^(?:we|i)\\s+(?:target|serve|work\\s+with|work\\s+for|sell\\s+to)\\s+(.+)$')],
  ['profile', 'hours', R('^(?:nous|on|je)\\s+(?:travaillons|travaille)\\s+(.+)$')],
  ['profile', 'hours', R('^(?:we|i)\\s+work\\s+(.+)$')],
  // Tone.
  [
    'profile',
    'tone',
    R(
      `^(?:(?:notre|le|ton|mon)\\s+)?ton(?:\\s+des\\s+r[ée]ponses|\\s+[àa]\\s+employer)?\\s*(?:doit\\s+[êe]tre|${IS_FR})\\s*(.+)$`,
    ),
  ],
  ['profile', 'tone', R('^(?:utilise|adopte|prends|emploie|garde)\\s+(?:un|le)\\s+ton\\s+(.+)$')],
  [
    'profile',
    'tone',
    R(`^(?:(?:our|the|your)\\s+)?tone(?:\\s+of\\s+voice)?\\s*(?:should\\s+be|${IS_EN})\\s*(.+)$`),
  ],
  ['profile', 'tone', R('^use\\s+(?:a|an|the)\\s+(.+?)\\s+tone$')],
  // Offer.
  [
    'profile',
    'offer',
    R(`^(?:notre|nos|mon|mes)\\s+(?:offres?|produits?|services?|prestations?)\\s*${IS_FR}\\s*(.+)$`),
  ],
  [
    'profile',
    'offer',
    R('^(?:nous|on|je)\\s+(?:vendons|vends|vend|proposons|propose|offrons|offre)\\s+(.+)$'),
  ],
  ['profile', 'offer', R(`^(?:our|my)\\s+(?:offer|offering|products?|services?)\\s*${IS_EN}\\s*(.+)$`)],
  ['profile', 'offer', R('^(?:we|i)\\s+(?:sell|offer|provide)\\s+(.+)$')],
  // Location (before the sector: "nous sommes à Lyon").
  [
    'profile',
    'location',
    R(
      '^(?:nous\\s+sommes|on\\s+est|je\\s+suis)\\s+(?:(?:bas[ée]|situ[ée]|install[ée]|implant[ée])e?s?\\s+)?(?:à|a|au|aux|en|sur)\\s+(.+)$',
    ),
  ],
  [
    'profile',
    'location',
    R(`^(?:notre|mon)\\s+(?:adresse|ville|si[èe]ge|bureau|agence)\\s*${IS_FR}\\s*(.+)$`),
  ],
  ['profile', 'location', R("^(?:we(?:'re|\\s+are)|i'm|i\\s+am)\\s+(?:based|located)\\s+(?:in|at)\\s+(.+)$")],
  [
    'profile',
    'location',
    R(`^(?:our|my)\\s+(?:address|city|location|office|head\\s+office)\\s*${IS_EN}\\s*(.+)$`),
  ],
  // Sector.
  ['profile', 'sector', R('^(?:nous\\s+sommes|on\\s+est|je\\s+suis)\\s+(?:un|une|des)\\s+(.+)$')],
  [
    'profile',
    'sector',
    R("^(?:nous\\s+sommes|on\\s+est|je\\s+suis)\\s+dans\\s+(?:le\\s+|la\\s+|les\\s+|l')?(.+)$"),
  ],
  [
    'profile',
    'sector',
    R(
      `^(?:notre|mon)\\s+(?:secteur|activit[ée]|m[ée]tier|domaine)(?:\\s+d'activit[ée])?\\s*${IS_FR}\\s*(?:le\\s+|la\\s+|les\\s+|l')?(.+)$`,
    ),
  ],
  ['profile', 'sector', R("^(?:we(?:'re|\\s+are)|i'm|i\\s+am)\\s+(?:a|an)\\s+(.+)$")],
  ['profile', 'sector', R("^(?:we(?:'re|\\s+are))\\s+in\\s+the\\s+(.+?)\\s+(?:business|industry|sector)$")],
  [
    'profile',
    'sector',
    R(`^(?:our|my)\\s+(?:sector|industry|business|trade)\\s*${IS_EN}\\s*(?:in\\s+)?(?:the\\s+)?(.+)$`),
  ],
  // Goals.
  [
    'goal',
    undefined,
    R(
      "^(?:(?:notre|mon|l')\\s*)?objectif(?:\\s+principal|\\s+du\\s+mois|\\s+de\\s+l'ann[ée]e|\\s+commercial)?\\s*(?:est\\s+de\\s+|est\\s+d'|est\\s+|:|=)\\s*(.+)$",
    ),
  ],
  ['goal', undefined, R(`^(?:nos|mes)\\s+objectifs\\s*${IS_FR}\\s*(.+)$`)],
  ['goal', undefined, R('^(?:nous\\s+visons|on\\s+vise|je\\s+vise)\\s+(.+)$')],
  [
    'goal',
    undefined,
    R(
      '^(?:(?:our|my|the)\\s+)?(?:main\\s+|monthly\\s+|yearly\\s+|sales\\s+)?(?:goal|objective|target)s?\\s*(?:is\\s+to\\s+|are\\s+|is\\s+|:|=)\\s*(.+)$',
    ),
  ],
  [
    'goal',
    undefined,
    R('^(?:we|i)\\s+(?:aim\\s+for|aim\\s+to|want\\s+to\\s+reach|want\\s+to\\s+get)\\s+(.+)$'),
  ],
  // Preferences.
  ['pref', undefined, R('^(?:je|nous|on)\\s+pr[ée]f[èée]r(?:e|ons|ent)\\s+(.+)$')],
  ['pref', undefined, R('^(?:pr[ée]f[ée]rences?|preferences?)\\s*:\\s*(.+)$')],
  ['pref', undefined, R('^(?:i|we)\\s+(?:prefer|would\\s+rather)\\s+(.+)$')],
];

/** Surrounding quotes and a closing full stop are not part of what is remembered. */
export function cleanValue(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["«“'\s]+|["»”'\s]+$/g, '')
    .replace(/[.!;,]+$/, '')
    .trim();
}

/** What kind of fact a sentence states; anything not recognised is a long-term note, as said. */
export function classifyFact(text: string): Fact {
  const body = cleanValue(text);
  for (const [kind, field, re] of RULES) {
    const m = re.exec(body);
    let value = m ? cleanValue(m[1] ?? '') : '';
    if (field === CURRENCY_FIELD) value = currencyOf(value);
    if (value) return field ? { kind, field, value } : { kind, value };
  }
  return { kind: 'note', value: body };
}

/** A currency said in words or symbols → its ISO 4217 code. */
export function currencyOf(said: string): string {
  const t = said.toLowerCase();
  if (/^(?:euros?|eur|€)$/.test(t)) return 'EUR';
  if (/dollar|usd|^\$$/.test(t)) return 'USD';
  if (/livre|pound|gbp|^£$/.test(t)) return 'GBP';
  if (/franc|chf/.test(t)) return 'CHF';
  return said.toUpperCase();
}
