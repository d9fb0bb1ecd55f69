import { chronoDate } from '../../calendar/chrono-dates.ts';
import { findDueDate } from '../../calendar/dates.ts';
import type { IntentMatch } from '../types.ts';
import { findTime } from './meeting-time.ts';

/**
 * Answers to a reminder and the scheduler's on/off switches, said on WhatsApp (FR/EN):
 * "fait", "c'est fait", "done" · "reporte à demain 10h", "postpone to Friday 10:00" ·
 * "arrête les rappels", "stop reminders" · "annule le rapport hebdo", "cancel the weekly report" ·
 * "active le résumé quotidien à 8h", "turn on the daily digest at 7:30".
 */
const DONE =
  /^(?:(?:c'?est|c’est|it'?s|it is|ok,?|ok|c bon,?)\s+)?(?:fait|faite|termin[ée]e?|fini|finie|done|finished|completed|tenu|held)(?:\s*[,!.]?\s*(?:merci|thanks|thank you))?[.!]?$/iu;
const POSTPONE =
  /^(?:reporte[rz]?|repousse[rz]?|d[ée]cale[rz]?|remets?|postpone|push(?:\s+(?:it|back))?|move(?:\s+it)?|delay|reschedule)(?:\s+(?:[çc]a|la|le|it|l[àa]))?\s+(?:(?:à|a|au|pour|to|till|until|on)\s+)?(.{2,60})$/iu;

/** Words a postponement may carry besides its date and time. */
const FILLER =
  /\b(?:à|a|au|aux|pour|le|la|les|de|du|d|l|vers|plutôt|plutot|please|s'il te pla[iî]t|stp|svp|merci|thanks|to|till|until|on|at|around|instead|rather|the|next|prochain|prochaine|matin|morning|soir|evening|après-midi|afternoon)\b/giu;

const STOP =
  '(?:arr[êe]te[rz]?|stop(?:pe[rz]?)?|coupe[rz]?|d[ée]sactive[rz]?|turn\\s+off|switch\\s+off|disable|pause|plus\\s+de|no\\s+more|cancel|annule[rz]?|supprime[rz]?)';
const START =
  '(?:active[rz]?|r[ée]active[rz]?|remets?|relance[rz]?|turn\\s+on|switch\\s+on|enable|resume|reprends?|start|remet)';
const ARTICLE =
  '(?:\\s+(?:les|le|la|mes|mon|ma|my|the|des|du|de|all|tous\\s+les|toutes\\s+les|again|à\\s+nouveau))*';
const TEAM =
  /\b(?:pour\s+(?:toute\s+)?l['’]?[ée]quipe|pour\s+tout\s+le\s+monde|for\s+(?:the\s+(?:whole\s+)?)?team|for\s+everyone)\b/iu;
const WHAT: Array<[RegExp, 'reminders' | 'digest' | 'weekly_report']> = [
  [/^(?:rappels?|reminders?|notifications?\s+de\s+rappel)\b/iu, 'reminders'],
  [
    /^(?:r[ée]sum[ée]\s+(?:quotidien|du\s+(?:jour|matin))|digest(?:\s+quotidien)?|daily\s+(?:digest|summary)|morning\s+(?:digest|summary)|rapport\s+quotidien)\b/iu,
    'digest',
  ],
  [
    /^(?:rapport\s+hebdo(?:madaire)?|r[ée]sum[ée]\s+hebdo(?:madaire)?|r[ée]sum[ée]\s+de\s+la\s+semaine|weekly\s+(?:report|summary)|hebdo)\b/iu,
    'weekly_report',
  ],
];
const SWITCH = new RegExp(`^(${STOP}|${START})${ARTICLE}\\s+(.{3,80})$`, 'iu');

export function parseReminderReply(text: string, today: string): IntentMatch | null {
  if (text.length > 80) return null;
  if (DONE.test(text.trim())) return { call: { name: 'answer_reminder', args: { action: 'done' } } };
  const m = POSTPONE.exec(text.trim());
  if (!m) return null;
  const rest = m[1]!;
  const dated = findDueDate(rest, today) ?? chronoDate(rest, today);
  const timed = findTime(rest);
  if (!dated && !timed) return null;
  // Every word must be the new date or time (or a filler): "décale la clôture de l'opportunité X au
  // 20 janvier" names another record and another field, and is never a reply to a reminder.
  let left = rest;
  for (const phrase of [dated?.phrase, timed?.phrase]) if (phrase) left = left.replace(phrase, ' ');
  if (left.replace(FILLER, ' ').replace(/[\s,;.!]+/gu, '')) return null;
  const date = dated?.date;
  const time = timed?.value;
  return {
    call: {
      name: 'answer_reminder',
      args: { action: 'postpone', ...(date ? { date } : {}), ...(time ? { time } : {}) },
    },
  };
}

export function parseScheduleSwitch(text: string): IntentMatch | null {
  if (text.length > 120) return null;
  const m = SWITCH.exec(text.trim().replace(/[.!]+$/u, ''));
  if (!m) return null;
  const on = !new RegExp(`^${STOP}$`, 'iu').test(m[1]!);
  let rest = m[2]!.trim();
  const team = TEAM.test(rest);
  rest = rest.replace(TEAM, '').trim();
  const hit = WHAT.find(([re]) => re.test(rest));
  if (!hit) return null;
  const after = rest.replace(hit[0], '').trim();
  const time = after ? findTime(after) : null;
  // Whatever follows must be the time, "please" or the team: anything else is another command.
  const left = (time ? after.replace(time.phrase, '') : after)
    .replace(/\b(?:s'il te pla[iî]t|stp|svp|please|merci|thanks)\b/giu, '')
    .trim();
  if (left.replace(/[,;.!]/g, '').trim()) return null;
  return {
    call: {
      name: 'set_schedule',
      args: {
        what: hit[1],
        on,
        ...(team ? { team: true } : {}),
        ...(time && hit[1] === 'digest' ? { time: time.value } : {}),
      },
    },
  };
}
