import type { Locale } from '../../store/types.ts';

export interface Section {
  total: number;
  lines: string[];
}

const list = (s: Section) =>
  s.lines.map((l) => `  • ${l}`).join('\n') + (s.total > s.lines.length ? `\n  • …` : '');

/** The daily digest's text (FR/EN). */
export function digestText(
  l: Locale,
  name: string | null,
  s: { tasks: Section; meetings: Section; overdue: Section; leads: Section },
): string {
  const en = l === 'en';
  const colon = en ? ':' : ' :';
  const part = (title: string, sec: Section) =>
    sec.total ? `${title} (${sec.total})\n${list(sec)}` : `${title}${colon} 0`;
  const head = en
    ? `☀️ Good morning${name ? ` ${name}` : ''}, your day:`
    : `☀️ Bonjour${name ? ` ${name}` : ''}, votre journée :`;
  return [
    head,
    part(en ? 'Tasks today' : 'Tâches du jour', s.tasks),
    part(en ? 'Meetings today' : 'Rendez-vous du jour', s.meetings),
    part(en ? 'Overdue tasks' : 'Tâches en retard', s.overdue),
    part(en ? 'Leads created yesterday' : 'Leads créés hier', s.leads),
  ].join('\n');
}

export interface WeeklyFigures {
  from: string;
  to: string;
  leads: number;
  leadsBefore: number;
  bySource: Record<string, number>;
  byStatus: Record<string, number>;
  converted: number;
  openByStage: Record<string, { count: number; amount: number }>;
  won: { count: number; amount: number };
  tasksDone: number;
  tasksOverdue: number;
  goals: string[];
}

const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 100)} %` : '—');
const delta = (now: number, before: number) => {
  const d = now - before;
  return d === 0 ? '=' : d > 0 ? `+${d}` : String(d);
};
const pairs = (r: Record<string, number>) =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '—';

/** The weekly summary's text (FR/EN). */
export function weeklyText(l: Locale, f: WeeklyFigures): string {
  const en = l === 'en';
  const money = (n: number) =>
    new Intl.NumberFormat(en ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 0 }).format(n);
  const stages =
    Object.entries(f.openByStage)
      .map(([k, v]) => `${k} ${v.count} (${money(v.amount)})`)
      .join(', ') || '—';
  const lines = en
    ? [
        `📊 Weekly summary, ${f.from} → ${f.to}`,
        `New leads: ${f.leads} (${delta(f.leads, f.leadsBefore)} vs the week before)`,
        `  by source: ${pairs(f.bySource)}`,
        `  by status: ${pairs(f.byStatus)}`,
        `Conversion: ${f.converted}/${f.leads} (${pct(f.converted, f.leads)})`,
        `Open opportunities by stage: ${stages}`,
        `Won this week: ${f.won.count} (${money(f.won.amount)})`,
        `Tasks done: ${f.tasksDone} · overdue: ${f.tasksOverdue}`,
      ]
    : [
        `📊 Résumé de la semaine, ${f.from} → ${f.to}`,
        `Nouveaux leads : ${f.leads} (${delta(f.leads, f.leadsBefore)} par rapport à la semaine précédente)`,
        `  par source : ${pairs(f.bySource)}`,
        `  par statut : ${pairs(f.byStatus)}`,
        `Conversion : ${f.converted}/${f.leads} (${pct(f.converted, f.leads)})`,
        `Opportunités ouvertes par étape : ${stages}`,
        `Gagnées cette semaine : ${f.won.count} (${money(f.won.amount)})`,
        `Tâches faites : ${f.tasksDone} · en retard : ${f.tasksOverdue}`,
      ];
  if (f.goals.length)
    lines.push(en ? `Your goals: ${f.goals.join(' · ')}` : `Vos objectifs : ${f.goals.join(' · ')}`);
  return lines.join('\n');
}
