import type { RulesLanguage } from './types.ts';

/** The reply when the rules engine did not recognise a command: two examples that it does. */
export function rulesHelp(language: RulesLanguage): string {
  return language === 'fr'
    ? "Je n'ai pas compris. Exemples : « crée un lead Marie Dupont, email marie@exemple.fr » ou « trouve le lead Dupont »."
    : 'I didn\'t understand. Examples: "create a lead Mary Smith, email mary@example.com" or "find lead Smith".';
}
