import type { KindRenderer } from './kinds.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The replies of the scheduler's tools (answer_reminder, set_schedule). */
export const SCHEDULE_RENDERERS: Record<string, KindRenderer> = {
  reminder_answered: (o, lang) => {
    const d = o.detail ?? {};
    const what =
      o.entity === 'Meeting' ? (lang === 'en' ? 'Meeting' : 'Rendez-vous') : lang === 'en' ? 'Task' : 'Tâche';
    if (d.action === 'done')
      return lang === 'en'
        ? `✅ ${what} “${str(d.name)}” marked as done.`
        : `✅ ${what} « ${str(d.name)} » marqué${o.entity === 'Meeting' ? '' : 'e'} comme ${o.entity === 'Meeting' ? 'tenu' : 'faite'}.`;
    return lang === 'en'
      ? `🕒 ${what} “${str(d.name)}” moved to ${str(d.date)} at ${str(d.time)}.`
      : `🕒 ${what} « ${str(d.name)} » reporté${o.entity === 'Meeting' ? '' : 'e'} au ${str(d.date)} à ${str(d.time)}.`;
  },
  schedule_set: (o, lang) => {
    const d = o.detail ?? {};
    const on = d.on === true;
    const en = lang === 'en';
    if (d.what === 'weekly_report')
      return en
        ? on
          ? '📊 The weekly report is on: admins get it every week.'
          : `📊 Weekly report cancelled${Number(d.cancelled) ? ` (${d.cancelled} planned one(s) dropped)` : ''}. Say “turn on the weekly report” to get it back.`
        : on
          ? '📊 Rapport hebdo activé : les administrateurs le reçoivent chaque semaine.'
          : `📊 Rapport hebdo annulé${Number(d.cancelled) ? ` (${d.cancelled} prévu(s) supprimé(s))` : ''}. Dites « active le rapport hebdo » pour le retrouver.`;
    if (d.what === 'digest')
      return en
        ? on
          ? `☀️ Daily digest on${d.time ? `, at ${str(d.time)}` : ''}.`
          : '☀️ Daily digest off.'
        : on
          ? `☀️ Résumé quotidien activé${d.time ? `, à ${str(d.time)}` : ''}.`
          : '☀️ Résumé quotidien désactivé.';
    const who = d.team === true ? (en ? ' for the whole team' : " pour toute l'équipe") : '';
    return en
      ? on
        ? `⏰ Reminders back on${who}.`
        : `⏰ Reminders stopped${who}. Say “turn reminders back on” to get them again.`
      : on
        ? `⏰ Rappels réactivés${who}.`
        : `⏰ Rappels arrêtés${who}. Dites « réactive les rappels » pour les retrouver.`;
  },
};
