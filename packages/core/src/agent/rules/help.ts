import type { RulesLanguage } from './types.ts';

/** The reply when the rules engine did not recognise a command: examples that it does. */
export function rulesHelp(language: RulesLanguage): string {
  return language === 'fr'
    ? "Je n'ai pas compris. Exemples : « crée un lead Marie Dupont, email marie@exemple.fr », « trouve le lead Dupont », « crée un contact Marie Dupont chez Boulangerie Dupont », « crée une opportunité Site web pour Boulangerie Dupont, 5000 € », « convertis le lead Dupont », « cherche les doublons », « rapport qualité », « configure le CRM pour une boulangerie » ou « retiens que nous sommes une agence immobilière à Lyon »."
    : 'I didn\'t understand. Examples: "create a lead Mary Smith, email mary@example.com", "find lead Smith", "new contact Mary Smith at Acme", "create a deal Website for Acme, $5,000", "convert lead Smith", "find duplicates", "check the data quality", "set up the CRM for a bakery" or "remember that we are a real estate agency in Lyon".';
}
