import { addDays, weekday } from '../../calendar/dates.ts';
import { WEEKDAY_NUMBERS } from '../../calendar/names.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { takeWhen } from './meeting-time.ts';
import { entityTargetFrom, withEntity } from './note-target.ts';

// The sender called someone: "j'ai appelé Dupont", "appel avec Dupont", "I called John", "log a call with Acme".
const OUTBOUND =
  /^(?:j'ai\s+(?:(?:r?appel[ée]|t[ée]l[ée]phon[ée](?:\s+(?:à|a|au|aux))?|parl[ée]\s+(?:avec|à|a|au)|eu)(?![\p{L}]))|(?:appel|coup de fil|call)\s+(?:t[ée]l[ée]phonique\s+)?(?:avec|à|a|au|with|to)(?![\p{L}])|r?appel[ée](?![\p{L}])|(?:enregistre[rz]?|note[rz]?|log|record|add)\s+(?:un|a|an)\s+(?:appel|call)(?:\s+(?:avec|à|a|au|with|to))?(?![\p{L}])|(?:i|we)\s+(?:just\s+)?(?:called|phoned|rang|spoke\s+(?:to|with)|talked\s+(?:to|with)|had\s+a\s+call\s+with)(?![\p{L}])|(?:called|phoned|rang)(?![\p{L}]))\s*/iu;
// Someone called the sender: "appel de Dupont", "appel reçu de Dupont", "call from John".
const INBOUND_HEAD =
  /^(?:(?:appel|coup de fil)\s+(?:re[çc]u\s+)?(?:de|du|d')|(?:call|phone call)\s+from|(?:incoming|missed)\s+call\s+from)(?![\p{L}])\s*/iu;
// "Dupont m'a appelé", "John called me".
const INBOUND_TAIL =
  /^(.{1,120}?)\s+(?:m'a\s+(?:appel[ée]e?|t[ée]l[ée]phon[ée]|rappel[ée]e?)|nous\s+a\s+(?:appel[ée]e?|rappel[ée]e?)|called\s+(?:me|us)|(?:phoned|rang)\s+(?:me|us)|called\s+back)(?![\p{L}])\s*/iu;

// Where the target ends and the sender's own words begin: a comma, a colon, " - ", a full stop.
const SEPARATOR = /\s*(?:[,;:]|\s[-–—]\s|\.(?:\s|$))\s*/u;

// Words around the target that say when/how, not who.
const NOISE =
  /(?<![\p{L}])(?:au\s+t[ée]l[ée]phone|par\s+t[ée]l[ée]phone|on\s+the\s+phone|by\s+phone|t[ée]l[ée]phoniquement|tout\s+[àa]\s+l'heure|just\s+now|ce\s+matin|cet\s+apr[eè]s-midi|ce\s+soir|this\s+morning|this\s+afternoon|earlier\s+today|aujourd'hui|today)(?![\p{L}])/giu;

const WEEKDAYS = WEEKDAY_NUMBERS;

const PAST = new RegExp(
  `(?<![\\p{L}\\d])(?:(avant-hier|the day before yesterday)|(hier|yesterday)|(?:(?:last|dernier)\\s+)?(${Object.keys(WEEKDAYS).join('|')})(?:\\s+(?:dernier|last))?)(?![\\p{L}\\d])`,
  'iu',
);
const ISO = /(?<![\p{L}\d])(\d{4}-\d{2}-\d{2})(?![\p{L}\d])/u;

/** When a call was held: "hier", "avant-hier", "lundi" (the last one), an ISO date; none = today. */
function pastDate(text: string, today: string): { date: string; phrase: string } | null {
  const iso = ISO.exec(text);
  if (iso) return { date: iso[1]!, phrase: iso[0] };
  const m = PAST.exec(text);
  if (!m) return null;
  if (m[1]) return { date: addDays(today, -2), phrase: m[0] };
  if (m[2]) return { date: addDays(today, -1), phrase: m[0] };
  // A weekday of a call already held is the last one (today's own weekday: today).
  const delta = (weekday(today) - WEEKDAYS[m[3]!.toLowerCase()]! + 7) % 7;
  return { date: addDays(today, -delta), phrase: m[0] };
}

/** "j'ai appelé Dupont, il rappelle lundi", "I called John for 10 min: wants a quote", "Dupont m'a appelé". */
export function parseCall(text: string, today: string): IntentMatch | null {
  let inbound = false;
  let rest: string;
  let bodyStart: number;
  const out = OUTBOUND.exec(text);
  const inHead = out ? null : INBOUND_HEAD.exec(text);
  const inTail = out || inHead ? null : INBOUND_TAIL.exec(text);
  if (out) {
    rest = text.slice(out[0].length);
    bodyStart = out[0].length;
  } else if (inHead) {
    inbound = true;
    rest = text.slice(inHead[0].length);
    bodyStart = inHead[0].length;
  } else if (inTail) {
    inbound = true;
    rest = `${inTail[1]} ${text.slice(inTail[0].length)}`;
    bodyStart = inTail[0].length;
  } else return null;
  const sep = SEPARATOR.exec(rest);
  let who = sep ? rest.slice(0, sep.index) : rest;
  const said = sep ? cleanName(rest.slice(sep.index + sep[0].length)) : '';
  // When and how long are said around the name, not in the sender's own words after it.
  const { rest: named, duration: minutes, time, date } = takeWhen(who, (t) => pastDate(t, today));
  who = cleanName(named.replace(NOISE, ' ').replace(/\s{2,}/g, ' '));
  if (!who) return null; // a call with nobody named is not something to log
  const about = entityTargetFrom(who);
  if (!about || !Object.keys(about.target).length) return null;
  return {
    call: {
      name: 'log_call',
      args: {
        ...withEntity(about),
        ...(date ? { date: date.date } : {}),
        ...(time ? { time: time.value } : {}),
        ...(minutes ? { minutes: minutes.value } : {}),
        ...(inbound ? { inbound: true } : {}),
        ...(said ? { description: said.slice(0, 4000) } : {}),
      },
    },
    bodyStart,
  };
}
