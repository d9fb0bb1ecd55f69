import { findStatus } from '../../entities/statuses.ts';
import { EMAIL, emails, PHONE, phones } from '../extract.ts';
import { targetFrom } from '../target.ts';
import type { IntentMatch, LeadTargetArgs } from '../types.ts';

// A status word alone is not a command: it needs a verb or a copula around it.
const TRIGGER =
  /(?<![\p{L}])(?:statut|status|passe[rz]?|mets?|mettre|marque[rz]?|mark|set|change[rz]?|est|is|as|en|comme|→|->|:)(?![\p{L}])/iu;
const SEARCH =
  /^(?:trouve|cherche|recherche|find|search|look|montre|affiche|liste|list|show|qui|who|c'est qui)(?![\p{L}])/iu;
// Command words around the target: removed so that only the lead's name remains.
const NOISE =
  /(?<![\p{L}])(?:passe[rz]?|mets?|mettre|marque[rz]?|mark|set|change[rz]?|modifie[rz]?|update|le statut|the status|statut|status|est|is|as|to|en|comme|à|son|sa|ses|his|her|its|their|leur|maintenant|now|d[ée]sormais)(?![\p{L}])|[:→]|->|-(?:le|la|les|lui)(?![\p{L}])/giu;

/** "passe Marie Dupont en cours", "Dupont est perdu", "mark John as converted", "statut de x@y.fr : converti". */
export function parseStatus(text: string): IntentMatch | null {
  if (SEARCH.test(text)) return null; // "trouve les leads en cours" is a search
  // Emails and phones can hold status words ("new@x.fr"): look for the status without them.
  const bare = text.replace(EMAIL, ' ').replace(PHONE, ' ');
  const s = findStatus(bare);
  if (!s || !TRIGGER.test(bare)) return null;
  const e = emails(text)[0];
  const p = phones(text)[0];
  let target: LeadTargetArgs | null = e ? { emailAddress: e } : p ? { phoneNumber: p } : null;
  if (!target) {
    const rest = `${bare.slice(0, s.index)} ${bare.slice(s.index + s.phrase.length)}`
      .replace(NOISE, ' ')
      .replace(/\s{2,}/g, ' ');
    target = targetFrom(rest);
  }
  if (!target) return null;
  return { call: { name: 'change_status', args: { target, status: s.status } } };
}
