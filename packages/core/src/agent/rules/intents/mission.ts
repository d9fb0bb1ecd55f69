import type { IntentMatch } from '../types.ts';
import { customParsers } from './mission-common.ts';

// A value ends at a comma, a semicolon, the end, or the next value's word.
const END =
  '(?=\\s*(?:[,;]|$|(?<![\\p{L}])(?:du|from|d[ée]but|start|starting|fin|end|ending|au|to|until|jusqu)(?![\\p{L}])))';

/** MissionMAX (infra/scaleway-espocrm): "crée une mission MAX pour Boulangerie Dupont, budget 1500 €". */
const parse = customParsers({
  entity: 'MissionMAX',
  noun: 'missions?\\s+max|max\\s+missions?|missions?',
  statuses: [
    [/planifi[ée]e?s?|pr[ée]vue?s?|planned/, 'Planned'],
    [/en cours|in progress|started|commenc[ée]e?s?|d[ée]marr[ée]e?s?/, 'In Progress'],
    [/termin[ée]e?s?|finie?s?|faite?s?|done|completed?|finished/, 'Done'],
    [/annul[ée]e?s?|cancell?ed/, 'Cancelled'],
  ],
  fields: {
    budget: new RegExp(`(?<![\\p{L}])budget\\s*(?::|de|of|=)?\\s*([^,;]{1,40}?)${END}`, 'iu'),
    description: /(?<![\p{L}])(?:description|objet|sujet|about)\s*:\s*([^;]{1,400})$/iu,
  },
  dates: {
    startDate:
      /(?<![\p{L}])(?:du|from|d[ée]but(?:\s+le)?|start(?:ing|s)?(?:\s+on)?|[àa] partir du|commen[çc]ant le)(?![\p{L}])\s*/iu,
    endDate: /(?<![\p{L}])(?:au|to|until|fin(?:\s+le)?|end(?:ing|s)?(?:\s+on)?|jusqu'au)(?![\p{L}])\s*/iu,
  },
});

export const parseMission = (text: string, today: string): IntentMatch | null => parse(text, today);
