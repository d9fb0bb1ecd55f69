import { keyLabel } from '../render/memory.ts';
import { pluralS } from '../render/plural.ts';
import { forgetAll } from '../tools/memory/forget-all.ts';
import { memoryOutcome } from '../tools/memory/memory-outcome.ts';
import { answerInstead, described, describerFor } from './describer.ts';
import { qm } from './words.ts';

/** Topics named in the question; past this the rest is counted, not listed. */
const SHOWN = 6;

/** « Oublier tout ce que je sais de votre entreprise (3 éléments : Secteur, Objectif 1, …) ? » */
export const describeForgetAll = describerFor(forgetAll, {
  async ask(ctx, _a, lang) {
    const keys = Object.keys(ctx.memory ?? {});
    // Nothing to forget: said now, rather than asking a yes for nothing.
    if (!keys.length) return answerInstead(memoryOutcome({ action: 'forget_none', what: '' }));
    const topics = keys.slice(0, SHOWN).map((k) => keyLabel(k, lang));
    if (keys.length > SHOWN) topics.push('…');
    const n = keys.length;
    return described(
      lang === 'fr'
        ? `Oublier tout ce que je sais de votre entreprise (${n} élément${pluralS('fr', n)} : ${topics.join(', ')})${qm(lang)} Cela ne touche pas au CRM.`
        : `Forget everything I know about your business (${n} item${pluralS('en', n)}: ${topics.join(', ')})${qm(lang)} The CRM is not touched.`,
    );
  },
  short: (_a, lang) =>
    lang === 'fr'
      ? "l'oubli de tout ce que je sais de votre entreprise"
      : 'forgetting everything I know about your business',
});
