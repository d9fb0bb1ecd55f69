import type { KindHandler, KindRegistry } from './handler.ts';
import { digestDaily } from './kinds/digest.ts';
import { followupReportKind, followupSend } from './kinds/followup.ts';
import { reminderSend, remindersSweep } from './kinds/reminders.ts';
import { reportWeekly } from './kinds/weekly-report.ts';

/**
 * Every kind MAX ships. A feature adds its kind here (one line) with a handler of its own file
 * under scheduler/kinds/; tests and other features may add theirs (`extra`, or
 * PipelineDeps.scheduledKinds).
 */
export function defaultKinds(extra: Record<string, KindHandler> = {}): KindRegistry {
  return new Map<string, KindHandler>(
    Object.entries({
      'reminders.sweep': remindersSweep,
      'reminder.task': reminderSend,
      'reminder.meeting': reminderSend,
      'digest.daily': digestDaily,
      'report.weekly': reportWeekly,
      'followup.send': followupSend,
      'followup.report': followupReportKind,
      ...extra,
    }),
  );
}
