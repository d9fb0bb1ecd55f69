import { followupTargets } from '../outreach/followup-targets.ts';
import { STATUS_LABELS } from '../render/followups.ts';
import { FOLLOWUP_SPACING_S, planFollowups } from '../tools/outreach/plan-followups.ts';
import { answerInstead, described, describerFor } from './describer.ts';
import { quoted } from './words.ts';

const NAMES_SHOWN = 12;

/**
 * « Relancer 3 leads En cours sans activité depuis 7 jours (Marie, Paul, Léa) avec « … » ? »: the
 * people are found now and pinned by id (the yes sends to them, not to whoever matches later);
 * those without consent are counted as left out; none at all is answered at once.
 */
export const describeFollowups = describerFor(planFollowups, {
  async ask(ctx, a, lang) {
    const { targets, withoutConsent } = await followupTargets(ctx, a);
    const fr = lang === 'fr';
    const status = a.status ? ` ${STATUS_LABELS[lang][a.status] ?? a.status}` : '';
    const left = withoutConsent
      ? fr
        ? ` (${withoutConsent} autre(s) sans consentement WhatsApp ou sans numéro : non relancé(s))`
        : ` (${withoutConsent} other(s) without WhatsApp consent or phone: left out)`
      : '';
    if (!targets.length)
      return answerInstead({
        ok: false,
        kind: 'invalid',
        field: 'WhatsApp',
        reason: 'no_followup_targets',
        value: left,
      });
    const names = targets.slice(0, NAMES_SHOWN).map((t) => t.firstName);
    const more = targets.length > NAMES_SHOWN ? ` +${targets.length - NAMES_SHOWN}` : '';
    const pace = fr
      ? `Envoi un par un, ${FOLLOWUP_SPACING_S} s d'écart au moins, dans la limite du jour de votre numéro ; un rapport à la fin.`
      : `Sent one by one, at least ${FOLLOWUP_SPACING_S} s apart, within your number's daily cap; a report at the end.`;
    const text = fr
      ? `Relancer ${targets.length} lead(s)${status} sans activité depuis ${a.idleDays} jours (${names.join(', ')}${more})${left} avec : ${quoted(a.text, lang)} ?\n${pace}`
      : `Follow up ${targets.length} lead(s)${status} idle for ${a.idleDays} days (${names.join(', ')}${more})${left} with: ${quoted(a.text, lang)}?\n${pace}`;
    return described(text, { ...a, ids: targets.map((t) => t.id) });
  },
  short(a, lang) {
    return lang === 'fr'
      ? `la relance de ${a.ids?.length ?? ''} lead(s)`
      : `the follow-up of ${a.ids?.length ?? ''} lead(s)`;
  },
});
