import type { IntentMatch } from '../types.ts';

// "oublie …", "forget …"; not "oublie pas de rappeler" (a reminder) nor "forget to …".
const FORGET =
  /^(?:oublie[rz]?|forget)(?![\p{L}])(?!\s+(?:(?:pas|to|de)(?![\p{L}])|d'))\s*(?:(?:que|that|about)\s+|qu')?(.*)$/iu;
const EVERYTHING =
  /^(?:tout|tous|toute|everything|all|all\s+of\s+it)(?:\s+(?:ce\s+que\s+tu\s+sais|ce\s+que\s+tu\s+as\s+retenu|you\s+know|you\s+remember))?(?:\s+(?:de|sur|about|on)\s+(?:nous|us|notre\s+entreprise|our\s+business|our\s+company))?$|^(?:ta|la|votre|your|the)\s+m[ée]moire$|^(?:your|the)\s+memory$/iu;

/** "oublie l'objectif 2", "forget the default lead source", "oublie tout" (confirmed first). */
export function parseMemoryForget(text: string): IntentMatch | null {
  const m = FORGET.exec(text);
  if (!m) return null;
  const what = (m[1] ?? '').replace(/[?!.]+$/, '').trim();
  if (!what) return null;
  if (EVERYTHING.test(what)) return { call: { name: 'forget_all', args: {} } };
  return {
    call: { name: 'forget', args: { what: what.slice(0, 200) } },
    bodyStart: text.length - (m[1] ?? '').length,
  };
}
