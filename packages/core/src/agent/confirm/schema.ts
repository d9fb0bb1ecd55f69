import { resolveFieldName } from '../../crm/field-name.ts';
import type { CrmLabels } from '../../crm/port.ts';
import { entityLabel } from '../render/records.ts';
import { addFieldToLayout } from '../tools/add-field-to-layout.ts';
import { createCustomField } from '../tools/create-custom-field.ts';
import { rebuildCrm } from '../tools/rebuild-crm.ts';
import { answerInstead, described, describerFor } from './describer.ts';
import { fieldKind, layoutWords } from './field-words.ts';
import { qm, quoted, toMany } from './words.ts';

/** « Ajouter aux leads un champ « Budget » (montant) ? » */
export const describeCustomField = describerFor(createCustomField, {
  async ask(_ctx, a, lang) {
    const kind = fieldKind(a.type, a.options, lang);
    return described(
      lang === 'fr'
        ? `Ajouter ${toMany(a.entity, lang)} un champ ${quoted(a.label, lang)} (${kind})${qm(lang)} Il sera visible par tous les utilisateurs du CRM.`
        : `Add a field ${quoted(a.label, lang)} (${kind}) ${toMany(a.entity, lang)}${qm(lang)} Everyone using the CRM will see it.`,
    );
  },
  short: (a, lang) =>
    lang === 'fr'
      ? `l'ajout du champ ${quoted(a.label, lang)} ${toMany(a.entity, lang)}`
      : `adding the field ${quoted(a.label, lang)} ${toMany(a.entity, lang)}`,
});

/**
 * « Afficher le champ « Budget » sur la fiche et la liste des leads ? »: the field is named by its
 * label in the CRM, and pinned to its attribute; a field the CRM does not have is said at once.
 */
export const describeLayout = describerFor(addFieldToLayout, {
  async ask(ctx, a, lang) {
    const name = resolveFieldName(await ctx.crm.fields(a.entity), a.field);
    if (!name) return answerInstead({ ok: false, kind: 'invalid', field: a.field, reason: 'unknown_field' });
    const labels = await ctx.crm.labels().catch(() => ({}) as CrmLabels);
    const label = labels[a.entity]?.fields?.[name] ?? a.field;
    const where = layoutWords(a.layouts ?? ['detail', 'list'], lang).replace(
      /, /g,
      lang === 'fr' ? ' et ' : ' and ',
    );
    const many = entityLabel(a.entity, lang).many;
    return described(
      lang === 'fr'
        ? `Afficher le champ ${quoted(label, lang)} sur la vue ${where} des ${many}${qm(lang)}`
        : `Show the field ${quoted(label, lang)} on the ${where} view of ${many}${qm(lang)}`,
      { ...a, field: name },
    );
  },
  short: (a, lang) =>
    lang === 'fr'
      ? `l'affichage d'un champ des ${entityLabel(a.entity, lang).many}`
      : `showing a field of ${entityLabel(a.entity, lang).many}`,
});

export const describeRebuild = describerFor(rebuildCrm, {
  async ask(_ctx, _a, lang) {
    return described(
      lang === 'fr'
        ? `Reconstruire le CRM (vider son cache et mettre sa base à jour)${qm(lang)} Il peut être lent quelques instants ; aucune donnée n'est perdue.`
        : `Rebuild the CRM (clear its cache and bring its database up to date)${qm(lang)} It may be slow for a moment; no data is lost.`,
    );
  },
  short: (_a, lang) => (lang === 'fr' ? 'la reconstruction du CRM' : 'the CRM rebuild'),
});
