import { matchSector } from '../../setup/sectors.ts';
import { templatePlan } from '../../setup/templates.ts';
import { detectLanguage } from '../language.ts';
import type { IntentMatch } from '../types.ts';

const VERB =
  '(?:configure[rz]?|param[èe]tre[rz]?|adapte[rz]?|pr[ée]pare[rz]?|personnalise[rz]?|installe[rz]?|set ?up|configure|customi[sz]e|tailor|adapt|prepare)';
const OWNER = '(?:le|mon|notre|ton|votre|the|my|our)';

/**
 * "configure le CRM pour une agence immobilière", "adapte mon CRM à la restauration", "crée les champs
 * pour une boulangerie", "set up the CRM for a real estate agency", "create the fields for a bakery".
 * The sector must be one of the built-in templates (setup/templates.ts); with a model, any sector.
 */
const SETUP = [
  new RegExp(
    `^${VERB}\\s+(?:${OWNER}\\s+)?(?:crm|max)\\s+(?:pour|à|a|au|aux|selon|for|to)\\s+(.{2,160})$`,
    'iu',
  ),
  /^(?:cr[ée]e[rz]?|ajoute[rz]?|create|add)\s+(?:les|des|the)\s+(?:champs|fields)\s+(?:pour|for|d'|de|du)\s*(.{2,160})$/iu,
];

export function parseSetup(text: string): IntentMatch | null {
  for (const re of SETUP) {
    const m = re.exec(text);
    if (!m) continue;
    const template = matchSector(m[1]!);
    if (!template) return null;
    // The plan is the template in the sender's language; it is shown and stored exactly as made here.
    return { call: { name: 'plan_sector_setup', args: templatePlan(template, detectLanguage(text, 'fr')) } };
  }
  return null;
}
