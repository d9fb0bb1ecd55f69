import { cleanName } from '../names.ts';
import { targetFrom } from '../target.ts';
import type { IntentMatch } from '../types.ts';

const TASK = '(?:t[âa]che|task|to-?do)';
const DONE =
  '(?:faite?s?|termin[ée]e?s?|finie?s?|r[ée]alis[ée]e?s?|accomplie?s?|done|complete[d]?|finished|closed|ok)';

// "marque la tâche X comme faite", "mark task X as done", "passe la tâche X en terminée".
const MARK = new RegExp(
  `^(?:marque[rz]?|mets?|passe[rz]?|mark|set)\\s+(?:la\\s+|ma\\s+|the\\s+|my\\s+)?${TASK}\\s+([^:]{1,120}?)\\s+(?:comme\\s+|en\\s+|as\\s+|to\\s+)?${DONE}[.!]?$`,
  'iu',
);
// "termine la tâche X", "j'ai fini la tâche X", "complete the task X", "I finished the task X".
const FINISH = new RegExp(
  `^(?:termine[rz]?|finis|cl[ôo]ture[rz]?|cl[ôo]s|complete|finish|close|j'ai\\s+(?:fini|termin[ée]|fait)|i\\s+(?:have\\s+)?(?:finished|completed|done|did))\\s+(?:la\\s+|ma\\s+|the\\s+|my\\s+)?${TASK}\\s+([^:]{1,120}?)[.!]?$`,
  'iu',
);
// "la tâche X est faite", "task X done", "tâche X terminée".
const STATEMENT = new RegExp(
  `^(?:la\\s+|ma\\s+|the\\s+|my\\s+)?${TASK}\\s+([^:]{1,120}?)\\s+(?:est\\s+|is\\s+)?${DONE}[.!]?$`,
  'iu',
);
// "c'est fait pour la tâche X", "done with the task X", "fini, la tâche X": the done word first.
const DONE_FIRST = new RegExp(
  `^(?:c'est\\s+|it's\\s+|it\\s+is\\s+|all\\s+)?${DONE}\\s*[,!]?\\s+(?:pour|for|with|avec)?\\s*(?:la\\s+|ma\\s+|the\\s+|my\\s+)?${TASK}\\s+([^:]{1,120}?)[.!]?$`,
  'iu',
);
// "tâche faite : X", "task done: X".
const LABELLED = new RegExp(`^${TASK}\\s+${DONE}\\s*:\\s*(.{1,120})$`, 'iu');

/** The task's name as said: quotes and "de"/"of" before an owner's name go ("la tâche de Dupont"). */
function taskTarget(said: string) {
  const name = cleanName(said.replace(/[«»"“”]/g, ' '));
  if (!name) return null;
  return targetFrom(name.replace(/^(?:de|du|d'|des|for|of|pour|about)\s+/i, ''));
}

export function parseTaskDone(text: string): IntentMatch | null {
  // Every shape is a few words around a 120-letter name: a longer text is something else.
  if (text.length > 200) return null;
  const m =
    MARK.exec(text) ??
    FINISH.exec(text) ??
    STATEMENT.exec(text) ??
    DONE_FIRST.exec(text) ??
    LABELLED.exec(text);
  if (!m) return null;
  const target = taskTarget(m[1]!);
  if (!target || !Object.keys(target).length) return null;
  return { call: { name: 'complete_task', args: { target } } };
}
