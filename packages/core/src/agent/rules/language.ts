import type { RulesLanguage } from './types.ts';

const FR =
  /\b(cr[ée]e[rz]?|ajoute|nouveau|nouvelle|trouve|cherche|recherche|montre|affiche|derni[eè]re?s?|t[âa]che|statut|soci[ée]t[ée]|chez|pour|avec|le|la|les|des|une?|est|de|du|et|en|salut|bonjour|merci|stp|svp|qui|mets|passe|rappeler|demain|note)\b|[éèêàçù]/gi;
const EN =
  /\b(create|add|new|find|search|show|list|last|latest|recent|task|status|company|at|for|with|the|an?|is|of|and|to|hi|hello|please|thanks|who|set|mark|update|change|remind|me|call|tomorrow|lead for)\b/gi;

/** Which language the sender wrote in; ties go to the tenant's locale. */
export function detectLanguage(text: string, fallback: RulesLanguage = 'fr'): RulesLanguage {
  const sample = text.slice(0, 500);
  const fr = sample.match(FR)?.length ?? 0;
  const en = sample.match(EN)?.length ?? 0;
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
