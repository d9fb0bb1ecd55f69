import { findDueDate } from '../../calendar/dates.ts';
import { emails, phones } from '../extract.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch, LeadTargetArgs } from '../types.ts';
import { findTime } from './meeting-time.ts';
import { entityTargetFrom } from './note-target.ts';

const PRIORITY_WORDS = '(?:urgente?s?|asap|importante?s?|prioritaires?|high priority|priorit[ée] haute)';
// Anchored: the message must start as a task ("crée une tâche …", "tâche urgente : …", "remind me to …").
const TASK = new RegExp(
  `^(?:(?:cr[ée]{1,2}[erz]{0,2}|ajoute[rz]?|rajoute[rz]?|mets|programme[rz]?|planifie[rz]?|add|create|new|nouvelle|nouveau|schedule|set)\\s+(?:(?:une|un|la|le|a|an|the)\\s+)?)?(?:(?:nouvelle|new)\\s+)?(?:${PRIORITY_WORDS}\\s+)?(?:t[âa]ches?|tasks?|todo|to-do|rappel|reminder)(?![\\p{L}])(?:\\s+${PRIORITY_WORDS})?`,
  'iu',
);
const REMIND = /^(?:rappelle[- ]moi|remind me|n'oublie pas|don't forget|dont forget|pense à)(?![\p{L}])/iu;
const ASKING =
  /^\s*(?:qui|quoi|quand|comment|pourquoi|combien|quel|quelle|quels|quelles|o[uù]|who|what|when|how|why|which|where|whose)(?![\p{L}])/iu;
// What is left between the keyword and the name: "de", "d'", "to", "pour", ":".
const JOINER = /^(?:\s*(?:de|d'|to|que|that|:|-)\s*)+/i;

function priorityOf(text: string): 'Low' | 'High' | 'Urgent' | undefined {
  if (
    /(?<![\p{L}])(?:pas urgente?|not urgent|low priority|priorit[ée] basse|faible priorit[ée])(?![\p{L}])/iu.test(
      text,
    )
  )
    return 'Low';
  if (/(?<![\p{L}])(?:urgente?s?|asap|au plus vite|tout de suite|right away)(?![\p{L}])/iu.test(text))
    return 'Urgent';
  if (/(?<![\p{L}])(?:importante?s?|prioritaires?|high priority|priorit[ée] haute)(?![\p{L}])/iu.test(text))
    return 'High';
  return undefined;
}

const PRIORITY_NOISE =
  /(?<![\p{L}])(?:pas urgente?|not urgent|low priority|priorit[ée] basse|faible priorit[ée]|urgente?s?|asap|au plus vite|importante?s?|prioritaires?|high priority|priorit[ée] haute)(?![\p{L}])/giu;

// Capitalised words after the first one ("Appeler Marie Dupont", "relancer Acme"); particles join them.
const NAMES = /(?<=\s)\p{Lu}[\p{L}\d'-]*(?:\s+(?:(?:de|du|des|la|le|van|von)\s+)?\p{Lu}[\p{L}\d'-]*)*/gu;

/** The one name a task's text gives, or null (none, or several: then nobody is guessed). */
function namedIn(text: string): string | null {
  const found = [...text.matchAll(NAMES)].map((m) => m[0]);
  return found.length === 1 ? found[0]! : null;
}

/** "crée une tâche rappeler X demain", "tâche urgente : …", "remind me to call X tomorrow". */
export function parseTask(text: string, today: string): IntentMatch | null {
  const head = TASK.exec(text) ?? REMIND.exec(text);
  if (!head) return null;
  const bodyStart = head[0].length;
  // "rappelle-moi qui est Dupont", "remind me what his email is": a question, not a task.
  if (ASKING.test(text.slice(bodyStart))) return null;
  let body = text.slice(bodyStart);
  let target: LeadTargetArgs | undefined;
  let entity: string | undefined;
  // "tâche pour Dupont : appeler" — an explicit target before a colon.
  const colon = body.indexOf(':');
  if (colon >= 0) {
    const before = body.slice(0, colon);
    const due = findDueDate(before, today);
    const rest = cleanName((due ? before.replace(due.phrase, ' ') : before).replace(PRIORITY_NOISE, ' '));
    const about = /^(?:pour|for|sur|about|avec|with|concernant|regarding)\s+(.+)$/i.exec(rest);
    if (about) {
      const t = entityTargetFrom(about[1]);
      if (t && (Object.keys(t.target).length > 0 || t.entity)) {
        target = t.target;
        entity = t.entity;
      }
    } else if (rest && !/^(?:pour|for|le|on|by)$/i.test(rest)) {
      return null; // words before the colon that we cannot place: no guessing
    }
    body = `${due ? due.phrase : ''} ${body.slice(colon + 1)}`;
  }
  const due = findDueDate(body, today);
  let name = due ? body.replace(due.phrase, ' ') : body;
  // "demain à 15h": a time of day on the tenant's clock (the tool converts it).
  const time = findTime(name);
  if (time) name = name.replace(time.phrase, ' ');
  name = cleanName(
    name
      .replace(PRIORITY_NOISE, ' ')
      .replace(JOINER, '')
      .replace(/\s{2,}/g, ' '),
  );
  name = cleanName(name.replace(/\s+(?:pour|for|on|by|le|d'ici)$/i, ''));
  if (!name || name.length > 200) return null;
  // Contact details name a record for sure; so does one capitalised name in the task ("rappelle-moi
  // d'appeler Martin"): the task goes on that record (or the reply says it is not found), never on
  // the record the conversation was about before.
  if (!target) {
    const e = emails(name)[0];
    const p = phones(name)[0];
    const named = namedIn(name);
    if (e) target = { emailAddress: e };
    else if (p) target = { phoneNumber: p };
    else if (named) target = { name: named };
  }
  const priority = priorityOf(text.slice(0, bodyStart) + body);
  return {
    call: {
      name: 'create_task',
      args: {
        ...(target ? { target } : {}),
        ...(entity ? { entity } : {}),
        name: name.charAt(0).toUpperCase() + name.slice(1),
        ...(due ? { dueDate: due.date } : {}),
        ...(time ? { dueTime: time.value } : {}),
        ...(priority ? { priority } : {}),
      },
    },
    bodyStart,
  };
}
