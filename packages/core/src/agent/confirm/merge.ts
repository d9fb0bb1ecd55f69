import type { CrmRecord } from '../../crm/port.ts';
import { toSummary } from '../entities/summary.ts';
import { byId } from '../entities/target.ts';
import { entityLabel } from '../render/records.ts';
import { mergeRecords } from '../tools/maintenance/merge-records.ts';
import { answerInstead, described, describerFor } from './describer.ts';
import { listOf, qm, recordNames, theMany, theOne } from './words.ts';

const MERGEABLE = ['Lead', 'Contact'] as const;

/**
 * « Fusionner le lead Marie Dupond (marie@x.fr) dans Marie Dupont (marie@x.fr, Acme) ? … »: both
 * sides read from the CRM as the tool will find them (the entity tried in the same order), and the
 * entity found is pinned so the yes merges exactly those records.
 */
export const describeMerge = describerFor(mergeRecords, {
  async ask(ctx, a, lang) {
    const sourceIds = [...new Set(a.sourceIds)];
    if (sourceIds.includes(a.targetId))
      return answerInstead({ ok: false, kind: 'invalid', field: 'sourceIds', reason: 'target_in_sources' });
    let entity: string | undefined;
    let target: CrmRecord | null = null;
    for (const e of a.entity ? [a.entity] : MERGEABLE) {
      target = await byId(ctx, e, a.targetId);
      if (target) {
        entity = e;
        break;
      }
    }
    if (!target || !entity)
      return answerInstead({ ok: false, kind: 'not_found', what: a.targetId, entity: a.entity ?? 'Lead' });
    const found = await Promise.all(sourceIds.map((id) => byId(ctx, entity, id)));
    const missing = sourceIds.find((_, i) => !found[i]);
    if (missing) return answerInstead({ ok: false, kind: 'not_found', what: missing, entity });
    const records = [target, ...(found as CrmRecord[])].map((r) => toSummary(entity, r));
    const [kept, ...merged] = recordNames(records, lang);
    const one = merged.length === 1;
    const what = `${one ? theOne(entity, lang) : theMany(entity, lang)} ${listOf(merged, lang)}`;
    const text =
      lang === 'fr'
        ? `Fusionner ${what} dans ${kept}${qm(lang)} Les notes, tâches et activités suivent ; ${one ? 'la fiche fusionnée est' : 'les fiches fusionnées sont'} ensuite supprimée${one ? '' : 's'}.`
        : `Merge ${what} into ${kept}${qm(lang)} Notes, tasks and activities follow; the merged record${one ? ' is' : 's are'} then deleted.`;
    return described(text, { ...a, entity, sourceIds });
  },
  short(a, lang) {
    const n = new Set(a.sourceIds).size + 1;
    const many = a.entity ? entityLabel(a.entity, lang).many : lang === 'fr' ? 'fiches' : 'records';
    return lang === 'fr' ? `la fusion de ${n} ${many}` : `the merge of ${n} ${many}`;
  },
});
