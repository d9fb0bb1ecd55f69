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

export const EXAMPLES: Example[] = [
  {
    tool: 'create_lead',
    fr: 'ajoute Marie Dupont de la société Acme, marie@acme.fr',
    en: 'add Mary Smith from Acme as a lead, mary@acme.com',
  },
  { tool: 'find_leads', fr: 'trouve le lead Dupont', en: 'find lead Smith' },
  {
    tool: 'update_lead',
    fr: "change l'email de Marie Dupont en marie.d@acme.fr",
    en: "update Mary Smith's phone to +44 20 7946 0958",
  },
  { tool: 'change_status', fr: 'passe Marie Dupont en cours', en: 'mark Mary Smith as lost' },
  { tool: 'list_recent', fr: 'les 5 derniers leads', en: 'show me the last 10 leads' },
  {
    tool: 'add_note',
    fr: 'note pour Dupont : rappeler après les vacances',
    en: 'add a note to Mary Smith: prefers mornings',
  },
  {
    tool: 'create_task',
    fr: 'rappelle-moi de relancer Dupont lundi',
    en: 'remind me to call Mary Smith tomorrow',
  },
  {
    tool: 'log_call',
    fr: "j'ai appelé Dupont, il rappelle lundi",
    en: "I called Mary Smith, she'll call back Monday",
  },
  {
    tool: 'schedule_meeting',
    fr: 'rdv avec Dupont demain à 10h',
    en: 'schedule a meeting with Acme on Friday at 3pm',
  },
  {
    tool: 'list_activities',
    fr: "qu'est-ce que j'ai à faire cette semaine ?",
    en: "what's on my agenda today?",
  },
  {
    tool: 'complete_task',
    fr: 'marque la tâche rappeler Dupont comme faite',
    en: 'mark task call Mary as done',
  },
  {
    tool: 'create_contact',
    fr: 'crée un contact Marie Dupont chez Boulangerie Dupont',
    en: 'new contact Mary Smith at Acme',
  },
  {
    tool: 'find_contacts',
    fr: 'montre les contacts de Boulangerie Dupont',
    en: 'show me the contacts at Acme',
  },
  { tool: 'create_account', fr: 'crée un compte Boulangerie Dupont', en: 'create an account Acme Corp' },
  {
    tool: 'update_account',
    fr: 'le site du compte Acme est acme.fr',
    en: 'set the website of account Acme to acme.io',
  },
  {
    tool: 'create_opportunity',
    fr: 'crée une opportunité Site web pour Acme, 5000 €, clôture fin janvier',
    en: 'create a deal "Website" for Acme, $5,000, closing end of January',
  },
  { tool: 'find_opportunities', fr: 'montre le pipeline', en: 'show me the open deals' },
  {
    tool: 'update_opportunity',
    fr: "passe l'opportunité Site web en négociation",
    en: 'mark deal Website as won',
  },
  { tool: 'link_records', fr: 'rattache Marie Dupont à Boulangerie Dupont', en: 'link Mary Smith to Acme' },
  { tool: 'convert_lead', fr: 'convertis le lead Dupont', en: 'convert lead Smith' },
  { tool: 'find_duplicates', fr: 'cherche les doublons', en: 'any duplicate contacts?' },
  { tool: 'data_quality_report', fr: 'rapport qualité', en: 'check the data quality' },
  { tool: 'remember', fr: 'notre source de leads par défaut est Web Site', en: 'we sell in euros' },
  { tool: 'recall', fr: "qu'est-ce que tu sais de nous ?", en: 'what do you know about us?' },
  { tool: 'set_my_preferences', fr: 'appelle-moi Marie', en: 'reply in English' },
  {
    tool: 'create_custom_record',
    fr: 'crée une mission MAX pour Acme, budget 1500 €',
    en: 'new AI diagnostic for Acme, score 65',
  },
];

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
