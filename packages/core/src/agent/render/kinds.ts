import type { Lang } from '../lang.ts';
import type { ToolOutcome } from '../types.ts';
import { ACTIVITY_INVALID_RENDERERS, ACTIVITY_RENDERERS } from './activities.ts';
import { CONTACT_RENDERERS } from './contacts.ts';
import { CUSTOM_INVALID_RENDERERS, CUSTOM_RENDERERS } from './custom.ts';
import { FOLLOWUP_INVALID_RENDERERS, FOLLOWUP_RENDERERS } from './followups.ts';
import { IMPORT_INVALID_RENDERERS, IMPORT_RENDERERS } from './import.ts';
import type { KindRenderer } from './kind-renderer.ts';
import { LINK_INVALID_RENDERERS } from './links.ts';
import { MAINTENANCE_RENDERERS } from './maintenance.ts';
import { renderMemory } from './memory.ts';
import { OPPORTUNITY_INVALID_RENDERERS, OPPORTUNITY_RENDERERS } from './opportunities.ts';
import { OUTREACH_INVALID_RENDERERS, OUTREACH_RENDERERS } from './outreach.ts';
import { entityLabel, recordReplies as m, recordLabel, recordLine } from './records.ts';
import { SCHEDULE_INVALID_RENDERERS, SCHEDULE_RENDERERS } from './schedule.ts';
import { SETUP_RENDERERS } from './setup.ts';

type Ok = Extract<ToolOutcome, { ok: true }>;

const changesOf = (o: Ok) =>
  Object.entries((o.detail?.changes as Record<string, unknown>) ?? {})
    .map(([k, v]) => `• ${k}: ${v ?? '—'}`)
    .join('\n');

/**
 * How each kind of successful outcome reads, for any entity. Families add their own kinds here
 * (one line each, pointing at their own render file).
 */
export const KIND_RENDERERS: Record<string, KindRenderer> = {
  created: (o, lang) => m.created(entityLabel(o.entity, lang), lang, recordLabel(o.records[0]!)),
  exists: (o, lang) => m.exists(entityLabel(o.entity, lang), lang, recordLabel(o.records[0]!)),
  updated: (o, lang) =>
    m.updated(entityLabel(o.entity, lang), lang, recordLabel(o.records[0]!), changesOf(o)),
  deleted: (o, lang) => m.deleted(entityLabel(o.entity, lang), lang, recordLabel(o.records[0]!)),
  found: (o, lang) => {
    const l = entityLabel(o.entity, lang);
    if (!o.records.length) return m.none(l, lang);
    return [
      m.found(l, lang, o.records.length, Number(o.detail?.total ?? o.records.length)),
      ...o.records.map(recordLine),
    ].join('\n');
  },
  listed: (o, lang) => {
    const l = entityLabel(o.entity, lang);
    if (!o.records.length) return m.none(l, lang);
    return [m.listed(l, lang, o.records.length), ...o.records.map(recordLine)].join('\n');
  },
  linked: (o, lang) => m.linked(lang, recordLabel(o.records[0]!), recordLabel(o.records[1]!)),
  ...CONTACT_RENDERERS,
  ...OPPORTUNITY_RENDERERS,
  ...MAINTENANCE_RENDERERS,
  ...SETUP_RENDERERS,
  memory: renderMemory,
  ...ACTIVITY_RENDERERS,
  ...CUSTOM_RENDERERS,
  ...SCHEDULE_RENDERERS,
  ...OUTREACH_RENDERERS,
  ...IMPORT_RENDERERS,
  ...FOLLOWUP_RENDERERS,
};

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

/**
 * Reasons of an "invalid" outcome that read better as what to do next than as "the field X is not
 * valid" (a refused currency, a missing amount…). Families add their own here.
 */
export const INVALID_RENDERERS: Record<string, (o: Invalid, lang: Lang) => string> = {
  ...OPPORTUNITY_INVALID_RENDERERS,
  ...LINK_INVALID_RENDERERS,
  ...ACTIVITY_INVALID_RENDERERS,
  ...CUSTOM_INVALID_RENDERERS,
  ...SCHEDULE_INVALID_RENDERERS,
  ...OUTREACH_INVALID_RENDERERS,
  ...IMPORT_INVALID_RENDERERS,
  ...FOLLOWUP_INVALID_RENDERERS,
};
