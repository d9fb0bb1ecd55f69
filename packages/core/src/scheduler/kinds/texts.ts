import type { Locale } from '../../store/types.ts';

/** The scheduler's messages, in the tenant's language; CRM values are quoted as they are. */
export const texts = {
  taskReminder: (l: Locale, name: string, at: string) =>
    l === 'en'
      ? `⏰ Reminder: task “${name}” is due at ${at}.\nReply “done”, or “postpone to tomorrow 10:00”.`
      : `⏰ Rappel : la tâche « ${name} » est prévue à ${at}.\nRépondez « fait », ou « reporte à demain 10h ».`,
  meetingReminder: (l: Locale, name: string, at: string, minutes: number) =>
    l === 'en'
      ? `📅 In ${minutes} min: meeting “${name}” at ${at}.\nReply “done” once held, or “postpone to tomorrow 10:00”.`
      : `📅 Dans ${minutes} min : rendez-vous « ${name} » à ${at}.\nRépondez « fait » une fois tenu, ou « reporte à demain 10h ».`,
};
