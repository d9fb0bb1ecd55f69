/**
 * What MAX can be told, one example per command and language. The "not understood" reply shows the
 * two or three nearest to what was written (by the command it came closest to, then by shared
 * words), never the whole list.
 */

import type { RulesLanguage, Understood } from './types.ts';
import { tokenize } from './understand/fold.ts';
import { isFiller } from './understand/lexicon.ts';

export interface Example {
  tool: string;
  fr: string;
  en: string;
}

// biome-ignore format: a table reads best one command per line
const ROWS: Array<[tool: string, fr: string, en: string]> = [
  ['create_lead', 'ajoute Marie Dupont de la société Acme, marie@acme.fr', 'add Mary Smith from Acme as a lead, mary@acme.com'],
  ['find_leads', 'trouve le lead Dupont', 'find lead Smith'],
  ['update_lead', "change l'email de Marie Dupont en marie.d@acme.fr", "update Mary Smith's phone to +44 20 7946 0958"],
  ['change_status', 'passe Marie Dupont en cours', 'mark Mary Smith as lost'],
  ['list_recent', 'les 5 derniers leads', 'show me the last 10 leads'],
  ['add_note', 'note pour Dupont : rappeler après les vacances', 'add a note to Mary Smith: prefers mornings'],
  ['create_task', 'rappelle-moi de relancer Dupont lundi', 'remind me to call Mary Smith tomorrow'],
  ['log_call', "j'ai appelé Dupont, il rappelle lundi", "I called Mary Smith, she'll call back Monday"],
  ['schedule_meeting', 'rdv avec Dupont demain à 10h', 'schedule a meeting with Acme on Friday at 3pm'],
  ['list_activities', "qu'est-ce que j'ai à faire cette semaine ?", "what's on my agenda today?"],
  ['complete_task', 'marque la tâche rappeler Dupont comme faite', 'mark task call Mary as done'],
  ['create_contact', 'crée un contact Marie Dupont chez Boulangerie Dupont', 'new contact Mary Smith at Acme'],
  ['find_contacts', 'montre les contacts de Boulangerie Dupont', 'show me the contacts at Acme'],
  ['create_account', 'crée un compte Boulangerie Dupont', 'create an account Acme Corp'],
  ['update_account', 'le site du compte Acme est acme.fr', 'set the website of account Acme to acme.io'],
  ['create_opportunity', 'crée une opportunité Site web pour Acme, 5000 €, clôture fin janvier', 'create a deal "Website" for Acme, $5,000, closing end of January'],
  ['find_opportunities', 'montre le pipeline', 'show me the open deals'],
  ['update_opportunity', "passe l'opportunité Site web en négociation", 'mark deal Website as won'],
  ['link_records', 'rattache Marie Dupont à Boulangerie Dupont', 'link Mary Smith to Acme'],
  ['convert_lead', 'convertis le lead Dupont', 'convert lead Smith'],
  ['find_duplicates', 'cherche les doublons', 'any duplicate contacts?'],
  ['data_quality_report', 'rapport qualité', 'check the data quality'],
  ['remember', 'notre source de leads par défaut est Web Site', 'we sell in euros'],
  ['recall', "qu'est-ce que tu sais de nous ?", 'what do you know about us?'],
  ['set_my_preferences', 'appelle-moi Marie', 'reply in English'],
  ['create_custom_record', 'crée une mission MAX pour Acme, budget 1500 €', 'new AI diagnostic for Acme, score 65'],
];

export const EXAMPLES: Example[] = ROWS.map(([tool, fr, en]) => ({ tool, fr, en }));

const words = (s: string) =>
  new Set(
    tokenize(s)
      .map((t) => t.word)
      .filter((w) => !isFiller(w)),
  );

/** The examples nearest to a message: its command first, then the ones sharing most words. */
export function nearestExamples(
  text: string,
  understood: Understood | undefined,
  lang: RulesLanguage,
  n = 3,
): string[] {
  const said = words(text);
  const scored = EXAMPLES.map((e, i) => {
    let score = 0;
    if (understood?.tool === e.tool) score += 10;
    for (const w of words(`${e.fr} ${e.en}`)) if (said.has(w)) score += 1;
    return { text: e[lang], score, i };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.slice(0, n).map((s) => s.text);
}
