import { emails, phones } from './extract.ts';
import { cleanName, isName } from './names.ts';
import type { LeadTargetArgs } from './types.ts';

// Words that point at the lead already in focus rather than naming one.
const FOCUS =
  /^(?:lui|elle|il|le|la|l'|him|her|it|them|this one|that one|(?:ce|cet|cette|le|la|this|that|the|mon|my|notre|our) (?:lead|prospect|contact|client|cliente|personne|person|one|gars|type|dame|monsieur|madame))$/i;

// Prepositions and "the lead" before a name; a bare "Le"/"La" stays: it starts names like "Le Gall".
const LEADING_WORDS =
  /^(?:(?:du|de|d'|des|à|a|au|aux|pour|sur|to|for|on|of|about|avec|with)\s+)?(?:(?:(?:le|la|l'|les|the|un|une|a|an|ce|cette|this)\s*)?(?:lead|leads|prospect|prospects|contact|client|cliente|fiche)\s+)?/i;

// A clause that starts like a sentence is not a name ("je suis en cours", "what is new").
const SENTENCE =
  /^(?:je|j'|tu|il|elle|nous|vous|ils|elles|on|i|we|you|they|c'est|ce|ça|ca|cela|qui|que|quoi|quel|quelle|comment|pourquoi|what|who|which|how|why|is|are|do|does|there|here|voici|voilà|tout|tous|all|everything|rien|nothing)(?![\p{L}])/iu;

/** Who a command is about: an email or phone wins, then a clean name; {} is the lead in focus. */
export function targetFrom(fragment: string | undefined): LeadTargetArgs | null {
  if (!fragment) return {};
  const e = emails(fragment)[0];
  if (e) return { emailAddress: e };
  const p = phones(fragment)[0];
  if (p) return { phoneNumber: p };
  const raw = cleanName(fragment.replace(/[?!]/g, ' '));
  if (!raw || FOCUS.test(raw)) return {};
  const name = cleanName(raw.replace(LEADING_WORDS, ''));
  if (!name || FOCUS.test(name)) return {};
  if (SENTENCE.test(name)) return null;
  // Something that is not a name (a sentence, a stray word list) is not a target: no guessing.
  return isName(name) ? { name } : null;
}
