import { parseCreate } from './intents/create.ts';
import { parseFind } from './intents/find.ts';
import { parseList } from './intents/list.ts';
import { parseNote } from './intents/note.ts';
import { parseStatus } from './intents/status.ts';
import { parseTask } from './intents/task.ts';
import { parseUpdate } from './intents/update.ts';
import { detectLanguage } from './language.ts';
import { isDestructive, normalize } from './normalize.ts';
import type { IntentMatch, ParseOptions, ParseResult } from './types.ts';

// Most specific first: a note or task carries free text that could look like any other command.
const INTENTS: Array<(text: string, today: string) => IntentMatch | null> = [
  parseNote,
  parseTask,
  parseList,
  parseUpdate,
  parseCreate,
  parseStatus,
  parseFind,
];

/** Recognised commands → the same tool calls the model would make. Never anything destructive. */
export function parseCommand(input: string, opts: ParseOptions): ParseResult {
  const language = detectLanguage(input, opts.locale);
  const text = normalize(input);
  if (!text) return { kind: 'unknown', language };
  for (const parse of INTENTS) {
    const match = parse(text, opts.today);
    if (!match) continue;
    // Only the command words are checked: "note : le client veut supprimer son option" is still a note.
    if (isDestructive(text.slice(0, match.bodyStart ?? text.length))) break;
    return { kind: 'calls', calls: [match.call], language };
  }
  return { kind: 'unknown', language };
}
