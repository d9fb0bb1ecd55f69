import type { RulesLanguage } from './types.ts';

/** The reply to "aide" / "help": what MAX does, with an example of each family. */
export function rulesHelp(language: RulesLanguage): string {
  return language === 'fr'
    ? "Voici ce que je sais faire, par exemple : « crée un lead Marie Dupont, email marie@exemple.fr », « trouve le lead Dupont », « crée un contact Marie Dupont chez Boulangerie Dupont », « crée une opportunité Site web pour Boulangerie Dupont, 5000 € », « convertis le lead Dupont », « j'ai appelé Dupont, il rappelle lundi », « rdv avec Dupont demain à 10h », « crée une mission MAX pour Boulangerie Dupont, budget 1500 € », « cherche les doublons », « rapport qualité », « configure le CRM pour une boulangerie » ou « retiens que nous sommes une agence immobilière à Lyon »."
    : 'Here is what I can do, for example: "create a lead Mary Smith, email mary@example.com", "find lead Smith", "new contact Mary Smith at Acme", "create a deal Website for Acme, $5,000", "convert the lead Smith", "I called Mary Smith, she\'ll call back Monday", "schedule a meeting with Acme on Friday at 3pm", "create a MAX mission for Acme, budget $1,500", "find duplicates", "check the data quality", "set up the CRM for a bakery" or "remember that we are a real estate agency in Lyon".';
}
