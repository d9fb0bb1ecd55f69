import type { IntentMatch } from '../types.ts';
import { createShapes, parsePersonCreate } from './person-create.ts';

// "crée un lead pour X", "nouveau prospect X", "create a lead for X", "ajoute X comme lead", "lead: X".
const SHAPES = createShapes('(?:lead|prospect|contact|client|cliente)s?');

export function parseCreate(text: string): IntentMatch | null {
  return parsePersonCreate(text, 'create_lead', SHAPES);
}
