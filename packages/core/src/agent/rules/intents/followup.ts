import { findStatus } from '../../entities/statuses.ts';
import type { IntentMatch } from '../types.ts';

/**
 * A bulk follow-up, FR/EN: "relance les leads En cours sans activité depuis 7 jours avec : …",
 * "follow up the In Process leads with no activity for 7 days with: …". The status is optional
 * ("relance les leads sans activité depuis 30 jours avec : …"); a word there that is no status is
 * not read as this command.
 */
const FR =
  /^relance[rz]?\s+(?:tous\s+)?(?:les\s+|mes\s+|nos\s+)?(?:leads?|prospects?)\s+(.{0,40}?)\s*(?:sans\s+(?:activit[ée]|nouvelles?|contact|[ée]change)|inactifs?)\s+depuis\s+(\d{1,3})\s+jours?\s*,?\s+avec\s*:\s*/iu;
const EN =
  /^follow[\s-]*up\s+(?:on\s+|with\s+)?(?:all\s+)?(?:the\s+|my\s+|our\s+)?(.{0,40}?)\s*leads?\s+(?:with\s+no\s+activity|inactive|idle|untouched)\s+(?:for|in|since)\s+(?:the\s+(?:last|past)\s+)?(\d{1,3})\s+days?\s*,?\s+with\s*:\s*/iu;

export function parseFollowups(text: string): IntentMatch | null {
  for (const re of [FR, EN]) {
    const m = re.exec(text);
    if (!m) continue;
    const body = text.slice(m[0].length).trim();
    const fragment = (m[1] ?? '').trim();
    const days = Number(m[2]);
    if (!body || !days) return null;
    let status: string | undefined;
    if (fragment) {
      const s = findStatus(fragment);
      if (!s || s.phrase.length < fragment.replace(/^(?:en\s+statut|au\s+statut|status)\s+/i, '').length)
        return null;
      status = s.status;
    }
    return {
      call: { name: 'plan_followups', args: { ...(status ? { status } : {}), idleDays: days, text: body } },
      bodyStart: m[0].length,
    };
  }
  return null;
}
