import { deleteLead } from '../tools/delete-lead.ts';
import { resolveLead } from '../tools/lead-target.ts';
import { answerInstead, described, describerFor } from './describer.ts';
import { qm, quoted, recordNames, theOne } from './words.ts';

/**
 * « Supprimer le lead Marie Dupont (marie@x.fr, Acme) ? »: the lead is found now, the way the tool
 * finds it (id, e-mail, phone, name or the lead in focus), and pinned by id; several matches or none
 * are answered at once instead of waiting for a yes.
 */
export const describeDeleteLead = describerFor(deleteLead, {
  async ask(ctx, a, lang) {
    const r = await resolveLead(ctx, a.target);
    if (r.kind === 'none')
      return answerInstead({ ok: false, kind: 'not_found', what: r.what, entity: 'Lead' });
    if (r.kind === 'many')
      return answerInstead({ ok: false, kind: 'ambiguous', candidates: r.candidates, entity: 'Lead' });
    const [name] = recordNames([r.record], lang);
    const text =
      lang === 'fr'
        ? `Supprimer ${theOne('Lead', lang)} ${name}${qm(lang)} Il disparaîtra du CRM.`
        : `Delete ${theOne('Lead', lang)} ${name}${qm(lang)} It will be removed from the CRM.`;
    const pinned = { id: r.record.id, ...(r.record.name ? { name: r.record.name } : {}) };
    return described(text, { target: pinned });
  },
  short(a, lang) {
    const name = a.target.name ? ` ${quoted(a.target.name, lang)}` : '';
    return lang === 'fr' ? `la suppression du lead${name}` : `the deletion of the lead${name}`;
  },
});
