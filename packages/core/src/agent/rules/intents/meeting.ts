import { findDueDate } from '../../calendar/dates.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { takeWhen } from './meeting-time.ts';
import { entityTargetFrom, withEntity } from './note-target.ts';

// Anchored: the message starts as a meeting ("planifie un rendez-vous …", "rdv avec …", "schedule a meeting …").
const MEETING =
  /^(?:(?:planifie[rz]?|programme[rz]?|cale[rz]?|fixe[rz]?|organise[rz]?|pr[ée]vois|pr[ée]voir|mets|ajoute[rz]?|cr[ée]{1,2}[erz]?|prends|prendre|book|schedule|set up|arrange|plan|add|create|put)\s+(?:(?:un|une|le|la|a|an|the)\s+)?)?(?:(?:nouveau|nouvelle|new)\s+)?(?:rendez-vous|rendez vous|rdv|r[ée]union|meeting|appointment|rencontre)(?![\p{L}])\s*/iu;

// Who the meeting is with: "avec Dupont", "with Acme", "chez Boulangerie Dupont", "pour le compte Acme".
const WITH = /^(?:avec|with|chez|at|pour|for|aupr[eè]s de)\s+(.+)$/iu;

/** "planifie un rendez-vous avec Dupont demain à 10h", "schedule a meeting with Acme on Friday 3pm for 1h". */
export function parseMeeting(text: string, today: string): IntentMatch | null {
  const head = MEETING.exec(text);
  if (!head) return null;
  let body = text.slice(head[0].length);
  // "rdv avec Dupont demain 10h : présentation de l'offre" — the subject after a colon.
  let subject: string | undefined;
  const colon = body.indexOf(':');
  if (colon >= 0 && !/^\d{2}/.test(body.slice(colon + 1))) {
    const before = body.slice(0, colon);
    const after = cleanName(body.slice(colon + 1));
    if (cleanName(before)) {
      subject = after || undefined;
      body = before;
    } else body = after;
  }
  const { rest: said, duration, time, date } = takeWhen(body, (t) => findDueDate(t, today));
  const rest = cleanName(said.replace(/\s{2,}/g, ' '));
  let about: ReturnType<typeof entityTargetFrom> = { target: {} };
  if (rest) {
    const w = WITH.exec(rest);
    about = entityTargetFrom(w ? w[1] : rest);
    if (!about) return null; // words we cannot place: no guessing
  }
  const hasTarget = Object.keys(about.target).length > 0 || about.entity;
  return {
    call: {
      name: 'schedule_meeting',
      args: {
        ...(hasTarget ? withEntity(about) : {}),
        ...(date ? { date: date.date } : {}),
        ...(time ? { time: time.value } : {}),
        ...(duration ? { minutes: duration.value } : {}),
        ...(subject ? { subject: subject.slice(0, 150) } : {}),
      },
    },
    bodyStart: head[0].length,
  };
}
