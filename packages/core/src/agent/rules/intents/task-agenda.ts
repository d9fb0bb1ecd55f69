import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { entityTargetFrom, withEntity } from './note-target.ts';

const SHOW =
  "(?:liste[rz]?|montre[rz]?(?:-moi| moi)?|affiche[rz]?(?:-moi| moi)?|donne(?:-moi| moi)|voir|show(?: me)?|list|give me|see|get|what are|what's|what is|quels? sont|quelles? sont|c'est quoi)";
const MINE = '(?:les|la|le|mes|mon|ma|nos|notre|my|our|the)';
const NEXT = '(?:prochaine?s|next|upcoming|open|ouvertes?|en cours|pending)';
const WHAT =
  '(t[âa]ches?|tasks?|to-?dos?|choses? [àa] faire|rendez-vous|rdv|r[ée]unions?|meetings?|appointments?|agenda|planning|programme|activit[ée]s?|activities|appels? pr[ée]vus|scheduled calls|calls? planned)';

// "mes tâches", "liste les rendez-vous à venir", "upcoming meetings", "what's on my agenda", "tâches de Dupont ?".
const AGENDA = new RegExp(
  `^(?:(${SHOW})\\s+)?(?:(on\\s+)?(${MINE})\\s+)?(?:(${NEXT})\\s+)?${WHAT}(?![\\p{L}])\\s*(.{0,160})$`,
  'iu',
);

// What may follow the kind: "à venir", "à faire", "de la semaine", "today", "pour Dupont"…
const QUALIFIER =
  /(?<![\p{L}])(?:[àa] venir|[àa] faire|upcoming|to do|open|ouvertes?|pr[ée]vue?s?|planned|coming up|en cours|en attente|pending)(?![\p{L}])/giu;
const QUALIFIED = new RegExp(QUALIFIER.source, 'iu');
// A period; all but "demain" ask for a list on their own ("rdv demain avec Dupont" is a meeting to plan).
const PERIOD: Array<[RegExp, number, boolean]> = [
  [/(?<![\p{L}])(?:aujourd'hui|today|du jour)(?![\p{L}])/iu, 1, true],
  [/(?<![\p{L}])(?:demain|tomorrow)(?![\p{L}])/iu, 2, false],
  [/(?<![\p{L}])(?:(?:de\s+)?(?:la|cette)\s+semaine|this\s+week|for\s+the\s+week)(?![\p{L}])/iu, 7, true],
  [/(?<![\p{L}])(?:(?:du|ce)\s+mois|this\s+month)(?![\p{L}])/iu, 31, true],
];
const TIME_OF_DAY = /\d\s?(?:h|:|am|pm)/i;
const OWNER = /^(?:de|du|des|d'|pour|avec|with|for|of|about|concernant|sur|on)\s+(.+)$/iu;

// "qu'est-ce que j'ai à faire aujourd'hui", "what do I have on tomorrow?"
const WHAT_DO =
  /^(?:qu'est-ce que j'ai|qu'ai-je|j'ai quoi|what do i have|what have i got)(?:\s+(?:de\s+)?(à faire|a faire|prévu|de prévu|au programme|to do|planned|on))?(?![\p{L}])\s*(.{0,80})$/iu;

function kindOf(word: string): 'Task' | 'Meeting' | 'Call' | undefined {
  if (/^(?:t[âa]ch|task|to-?do|chose)/i.test(word)) return 'Task';
  if (/^(?:appel|scheduled call|call)/i.test(word)) return 'Call';
  if (/^(?:rendez|rdv|r[ée]union|meeting|appointment)/i.test(word)) return 'Meeting';
  return undefined;
}

/** "mes tâches", "rendez-vous de la semaine", "upcoming meetings for Acme", "qu'est-ce que j'ai demain ?". */
export function parseAgenda(text: string): IntentMatch | null {
  const q = WHAT_DO.exec(text);
  if (q) {
    const todo = /faire|to do/i.test(q[1] ?? '');
    const period = PERIOD.find(([re]) => re.test(q[2] ?? ''));
    const rest = cleanName((q[2] ?? '').replace(/[?!.]+\s*$/, '').replace(period?.[0] ?? /$^/, ' '));
    if (rest) return null;
    return {
      call: {
        name: 'list_activities',
        args: { ...(todo ? { kind: 'Task' } : {}), ...(period ? { days: period[1] } : {}) },
      },
    };
  }
  const m = AGENDA.exec(text);
  if (!m) return null;
  const [, show, , mine, next, what, tail] = m;
  let rest = tail ?? '';
  const questioned = /\?\s*$/.test(rest);
  rest = rest.replace(/[?!.]+\s*$/, '');
  // "tâche pour demain : appeler Marie" and "rdv demain 10h avec Dupont" say what to create.
  if (rest.includes(':') || TIME_OF_DAY.test(rest)) return null;
  let days: number | undefined;
  let period = false;
  for (const [re, n, asks] of PERIOD) {
    const p = re.exec(rest);
    if (p) {
      days = n;
      period = asks;
      rest = rest.replace(p[0], ' ');
      break;
    }
  }
  const qualified = QUALIFIED.test(rest);
  rest = cleanName(rest.replace(QUALIFIER, ' ').replace(/\s{2,}/g, ' '));
  // A bare "rdv avec Dupont demain" is a meeting to plan, not a question: a list needs a list word.
  // "tâches de Dupont", "meetings with Acme": a plural kind is a list ("rendez-vous" is invariable).
  const plural = /s$/i.test(what!) && !/^(?:rendez|rdv)/i.test(what!);
  const asked = Boolean(
    show || (mine && !/^(?:la|le|the)$/i.test(mine)) || next || qualified || questioned || period || plural,
  );
  if (!asked) return null;
  let about: ReturnType<typeof entityTargetFrom> = { target: {} };
  if (rest) {
    const o = OWNER.exec(rest);
    if (!o) return null;
    about = entityTargetFrom(o[1]);
    if (!about || !Object.keys(about.target).length) return null;
  }
  const kind = kindOf(what!);
  return {
    call: {
      name: 'list_activities',
      args: {
        ...(kind ? { kind } : {}),
        ...(Object.keys(about.target).length ? withEntity(about) : {}),
        ...(days ? { days } : {}),
      },
    },
  };
}
