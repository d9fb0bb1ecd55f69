import type { IntentMatch } from '../types.ts';
import { customParsers } from './mission-common.ts';

/** DiagnosticIA (infra/scaleway-espocrm): "crée un diagnostic IA pour Dupont, score 72". */
const parse = customParsers({
  entity: 'DiagnosticIA',
  noun: 'diagnostics?\\s+ia|ai\\s+diagnostics?|diagnostics?|diags?',
  statuses: [
    [/brouillons?|draft/, 'Draft'],
    [/envoy[ée]e?s?|sent/, 'Sent'],
    [/accept[ée]e?s?|accepted/, 'Accepted'],
  ],
  fields: {
    score: /(?<![\p{L}])score\s*(?::|de|of|=)?\s*(\d{1,3})(?:\s*(?:\/\s*100|%|points?))?(?![\p{L}\d])/iu,
    summary: /(?<![\p{L}])(?:synth[èe]se|r[ée]sum[ée]|summary)\s*:\s*([^;]{1,400})$/iu,
  },
});

export const parseDiagnostic = (text: string, today: string): IntentMatch | null => parse(text, today);
