import { classifyFact } from '../../memory/classify.ts';
import type { IntentMatch } from '../types.ts';

// "retiens que …", "souviens-toi que …", "n'oublie pas que …", "remember that …", "keep in mind: …".
// Not "remember to call …" / "n'oublie pas de …": those are tasks.
const REMEMBER =
  /^(?:retiens|retenez|retenir|souviens-toi|souvenez-vous|rappelle-toi|rappelez-vous|m[ée]morise[rz]?|garde[rz]?\s+(?:en\s+t[êe]te|en\s+m[ée]moire|[àa]\s+l'esprit)|n'oublie(?:z)?\s+pas|note[rz]?\s+bien|remember|memori[sz]e|keep\s+in\s+mind|bear\s+in\s+mind|don't\s+forget|do\s+not\s+forget)(?![\p{L}])(?!\s+(?:(?:to|de)(?![\p{L}])|d'))(?:\s*:\s*|\s+(?:bien\s+)?(?:que\s+|that\s+)|\s+(?:bien\s+)?qu'|\s+)/iu;

/** "retiens que nous sommes une agence immobilière à Lyon" → remember(profile.sector …). */
export function parseMemoryRemember(text: string): IntentMatch | null {
  const m = REMEMBER.exec(text);
  if (!m) return null;
  const body = text.slice(m[0].length).trim();
  if (!body) return null;
  const fact = classifyFact(body);
  if (!fact.value) return null;
  return {
    call: {
      name: 'remember',
      args: { kind: fact.kind, ...(fact.field ? { field: fact.field } : {}), value: fact.value },
    },
    bodyStart: m[0].length,
  };
}
