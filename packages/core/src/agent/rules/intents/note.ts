import type { IntentMatch } from '../types.ts';
import { entityTargetFrom, withEntity } from './note-target.ts';

// "ajoute-lui une note : …": the pronoun is the record the conversation is about.
// Anchored at the start: "note" later in a sentence is not a command ("crée un lead … note : …").
const NOTE =
  /^(?:(?:ajoute[rz]?|rajoute[rz]?|mets|mettre|[ée]cris|cr[ée]{1,2}[erz]?|add|write|put|create|leave|new|nouvelle)(?:-(?:lui|leur))?\s+(?:(?:une|un|la|a|an|the|this)\s+)?)?(?:petite\s+)?(?:note|commentaire|comment)(?![\p{L}])\s*(?:(?:à|a|au|aux|pour|sur|dans|de|to|on|for|about|in)\s+([^:]{1,120}?))?\s*(?::|\s[-–—]\s)\s*/iu;

export function parseNote(text: string): IntentMatch | null {
  const m = NOTE.exec(text);
  if (!m) return null;
  const body = text.slice(m[0].length).trim();
  if (!body) return null;
  const about = entityTargetFrom(m[1]);
  if (!about) return null;
  return { call: { name: 'add_note', args: { ...withEntity(about), text: body } }, bodyStart: m[0].length };
}
