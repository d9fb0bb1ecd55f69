import { findStatus } from '../../entities/statuses.ts';
import { emails, phones } from '../extract.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';

const FIND =
  /^(?:trouve[rz]?(?:-moi| moi)?|cherche[rz]?(?:-moi| moi)?|recherche[rz]?|find(?: me)?|search(?: for)?|look(?:ing)? up|look for|lookup|montre[rz]?(?:-moi| moi)?|affiche[rz]?(?:-moi| moi)?|liste[rz]?|list|show(?: me)?|qui est|c'est qui|who is|who's|tu connais|do you know|as-tu|have you got|do we have|on a)(?![\p{L}])\s*(.*)$/iu;
const LEADING =
  /^(?:(?:moi|me)\s+)?(?:l'|(?:les|le|la|une|un|des|the|an|a|all the|all|tous les|toutes les|mes|my)\s+)?(?:(?:leads?|prospects?|contacts?|clients?|fiches?)(?:\s+|$))?(?:(?:quelqu'un|qqn|quelqu'une|someone|somebody|anyone|anybody)\s+)?(?:(?:de la soci[ée]t[ée]|de l'entreprise|de chez|chez|de|du|des|d'|at|from|of|for|with|avec|nomm[ée]e?s?|named|called|qui s'appelle|appel[ée]e?s?|en statut|with status|au statut)\s+)?/iu;

/** "trouve le lead Dupont", "cherche marie@x.fr", "qui est 06 …", "search leads at Acme", "leads perdus". */
export function parseFind(text: string): IntentMatch | null {
  const m = FIND.exec(text);
  if (!m) return null;
  const rest = (m[1] ?? '').replace(/[?!]+/g, ' ').trim();
  const e = emails(rest)[0];
  if (e) return { call: { name: 'find_leads', args: { emailAddress: e } } };
  const p = phones(rest)[0];
  if (p) return { call: { name: 'find_leads', args: { phoneNumber: p } } };
  const q = cleanName(rest.replace(LEADING, ''));
  // "les leads perdus", "lost leads": a status filter, not a text search.
  const byStatus =
    /^(?:(?:les|the|all|mes|my)\s+)?(?:leads?|prospects?)\s+(.+)$|^(.+?)\s+(?:leads?|prospects?)$/iu.exec(
      rest,
    );
  const said = byStatus ? cleanName(byStatus[1] ?? byStatus[2] ?? '') : '';
  for (const words of [said, said.replace(/^(?:en statut|au statut|with status|status|statut)\s+/i, '')]) {
    const s = words ? findStatus(words) : null;
    if (s && s.phrase.length === words.length)
      return { call: { name: 'find_leads', args: { status: s.status } } };
  }
  if (!q || q.length < 2 || q.length > 100) return null;
  return { call: { name: 'find_leads', args: { query: q } } };
}
