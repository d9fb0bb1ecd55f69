import { weekday } from '../calendar/dates.ts';
import { monthName, weekdayName } from '../calendar/names.ts';
import type { RecordSummary } from '../entities/summary.ts';
import { catalogue, type Lang } from '../lang.ts';
import type { ToolOutcome } from '../types.ts';
import type { KindRenderer } from './kind-renderer.ts';
import { entityLabel, recordLabel } from './records.ts';

type Ok = Extract<ToolOutcome, { ok: true }>;
type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

/** "mercredi 2 décembre 2026 à 10:00" / "Wednesday, December 2, 2026 at 10:00": the tenant's wall clock. */
export function formatWhen(date: string, time: string | null, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = weekdayName(lang, weekday(date));
  const month = monthName(lang, m);
  if (lang === 'fr') return `${day} ${d === 1 ? '1er' : d} ${month} ${y}${time ? ` à ${time}` : ''}`;
  return `${day}, ${month} ${d}, ${y}${time ? ` at ${time}` : ''}`;
}

/** "15 min", "1 h", "1 h 30". */
const duration = (minutes: number) =>
  minutes < 60
    ? `${minutes} min`
    : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${String(minutes % 60).padStart(2, '0')}` : ''}`;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const when = (d: Record<string, unknown>, lang: Lang) =>
  `${formatWhen(str(d.date), str(d.time), lang)} (${str(d.timeZone)})`;

const t = catalogue({
  fr: {
    noted: (r: string) => `📝 Note ajoutée à ${r}`,
    task: (n: string, r: string | null, due: string | null, id: string) =>
      `📌 Tâche créée : « ${n} »${r ? ` pour ${r}` : ''}${due ? `, échéance ${due}` : ''} [${id}]`,
    call: (inbound: boolean, r: string, w: string, min: string, id: string) =>
      `📞 Appel ${inbound ? 'reçu ' : ''}enregistré avec ${r} : ${w}, ${min} [${id}]`,
    meeting: (n: string, r: string | null, w: string, min: string, id: string) =>
      `📅 Rendez-vous planifié : « ${n} »${r ? ` avec ${r}` : ''}, ${w}, ${min} [${id}]`,
    done: (r: string) => `✅ Tâche terminée : ${r}`,
    agenda: (about: string | null) => `🗓️ À venir${about ? ` pour ${about}` : ''} :`,
    nothing: (about: string | null) =>
      `🗓️ Rien de prévu${about ? ` pour ${about}` : ''} : aucune tâche ouverte ni rendez-vous à venir.`,
    undated: 'sans échéance',
    due: 'échéance',
  },
  en: {
    noted: (r: string) => `📝 Note added to ${r}`,
    task: (n: string, r: string | null, due: string | null, id: string) =>
      `📌 Task created: "${n}"${r ? ` for ${r}` : ''}${due ? `, due ${due}` : ''} [${id}]`,
    call: (inbound: boolean, r: string, w: string, min: string, id: string) =>
      `📞 ${inbound ? 'Incoming call' : 'Call'} logged with ${r}: ${w}, ${min} [${id}]`,
    meeting: (n: string, r: string | null, w: string, min: string, id: string) =>
      `📅 Meeting scheduled: "${n}"${r ? ` with ${r}` : ''}, ${w}, ${min} [${id}]`,
    done: (r: string) => `✅ Task done: ${r}`,
    agenda: (about: string | null) => `🗓️ Coming up${about ? ` for ${about}` : ''}:`,
    nothing: (about: string | null) =>
      `🗓️ Nothing planned${about ? ` for ${about}` : ''}: no open task and no upcoming meeting.`,
    undated: 'no due date',
    due: 'due',
  },
});

const ICONS: Record<string, string> = { Task: '📌', Meeting: '📅', Call: '📞' };

/** One agenda line: what, when (the tenant's wall clock, read by the tool), about whom, the CRM's id. */
function agendaLine(r: RecordSummary, lang: Lang): string {
  const at = typeof r.extra?.when === 'string' ? r.extra.when : null;
  const [date, time] = at ? at.split(' ') : [null, null];
  const w = date ? formatWhen(date, time ?? null, lang) : t[lang].undated;
  const parent = r.extra?.parentName ? ` · ${r.extra.parentName}` : '';
  const lead = r.entity === 'Task' && date ? `${t[lang].due} ${w}` : w;
  return `• ${ICONS[r.entity ?? ''] ?? '•'} ${lead} — ${r.name ?? '(?)'}${parent} [${r.id}]`;
}

const detail = (o: Ok) => o.detail ?? {};

/** Notes, tasks, calls, meetings and the agenda: dates as the tenant's clock shows them. */
export const ACTIVITY_RENDERERS: Record<string, KindRenderer> = {
  noted: (o, lang) => t[lang].noted(recordLabel(o.records[0]!)),
  task: (o, lang) => {
    const d = detail(o);
    return t[lang].task(
      str(d.name),
      o.records[0] ? recordLabel(o.records[0]) : null,
      str(d.dueDate) || null,
      str(d.taskId),
    );
  },
  call_logged: (o, lang) => {
    const d = detail(o);
    const line = t[lang].call(
      Boolean(d.inbound),
      recordLabel(o.records[0]!),
      when(d, lang),
      duration(Number(d.minutes)),
      str(d.callId),
    );
    return d.description ? `${line}\n📝 ${str(d.description)}` : line;
  },
  meeting_scheduled: (o, lang) => {
    const d = detail(o);
    return t[lang].meeting(
      str(d.name),
      o.records[0] ? recordLabel(o.records[0]) : null,
      when(d, lang),
      duration(Number(d.minutes)),
      str(d.meetingId),
    );
  },
  task_done: (o, lang) => t[lang].done(recordLabel(o.records[0]!)),
  agenda: (o, lang) => {
    const about = str(detail(o).about) || null;
    if (!o.records.length) return t[lang].nothing(about);
    return [t[lang].agenda(about), ...o.records.map((r) => agendaLine(r, lang))].join('\n');
  },
};

const ACTIVITY: Record<Lang, Record<string, string>> = {
  fr: { Note: 'une note', Task: 'une tâche', Call: 'un appel', Meeting: 'un rendez-vous' },
  en: { Note: 'a note', Task: 'a task', Call: 'a call', Meeting: 'a meeting' },
};

const v = catalogue({
  fr: {
    parent: (what: string, on: string, allowed: string) =>
      `❌ Ce CRM ne permet pas d'attacher ${what} à ${on}${allowed ? ` (possible : ${allowed})` : ''} ; rien n'a été créé.`,
    missingDate:
      'Pour quel jour ? Donnez la date et l’heure, par exemple « demain à 10h » ; rien n’a été planifié.',
    missingTime: 'À quelle heure ? Donnez l’heure, par exemple « demain à 10h » ; rien n’a été planifié.',
    time: (x: string) =>
      `❌ « ${x} » n'est pas une heure valide (par exemple 10:00 ou 14h30) ; rien n'a été créé.`,
    date: (f: string, x: string) =>
      `❌ « ${x} » n'est pas une date valide${f ? ` pour « ${f} »` : ''} (par exemple 2027-03-31, 31/03 ou « demain ») ; rien n'a été modifié.`,
  },
  en: {
    parent: (what: string, on: string, allowed: string) =>
      `❌ This CRM cannot attach ${what} to ${on}${allowed ? ` (possible: ${allowed})` : ''}; nothing was created.`,
    missingDate: 'Which day? Give the date and time, e.g. "tomorrow at 10am"; nothing was scheduled.',
    missingTime: 'At what time? Give the time, e.g. "tomorrow at 10am"; nothing was scheduled.',
    time: (x: string) => `❌ "${x}" is not a valid time (e.g. 10:00 or 2:30pm); nothing was created.`,
    date: (f: string, x: string) =>
      `❌ "${x}" is not a valid date${f ? ` for "${f}"` : ''} (e.g. 2027-03-31 or "tomorrow"); nothing was changed.`,
  },
});

/** Refusals of the activity tools, read as what to do next. */
export const ACTIVITY_INVALID_RENDERERS: Record<string, (o: Invalid, lang: Lang) => string> = {
  parent_not_allowed: (o, lang) => {
    const on = entityLabel(o.value, lang);
    const article = lang === 'fr' ? (on.feminine ? 'une ' : 'un ') : 'a ';
    const allowed = (o.allowed ?? []).map((e) => entityLabel(e, lang).one).join(', ');
    return v[lang].parent(ACTIVITY[lang][o.field] ?? o.field, `${article}${on.one}`, allowed);
  },
  missing_date: (_o, lang) => v[lang].missingDate,
  missing_time: (_o, lang) => v[lang].missingTime,
  not_a_time: (o, lang) => v[lang].time(o.value ?? ''),
  not_a_date: (o, lang) => v[lang].date(o.field === 'date' ? '' : o.field, o.value ?? ''),
};
