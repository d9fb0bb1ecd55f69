import { fieldOf } from '../fields.ts';
import { targetFrom } from '../target.ts';
import type { IntentMatch, LeadTargetArgs } from '../types.ts';
import { fieldValue } from './field-value.ts';

const VERB =
  '(?:change[rz]?|modifie[rz]?|mets?\\s+à\\s+jour|mettre\\s+à\\s+jour|maj|update|set|remplace[rz]?|corrige[rz]?|change\\s+moi|edit|fix)';
// Separators before the new value: "en", "à", "par", "to", ":", "=", "->" (letter-aware for "à").
const TO = '(?:(?<![\\p{L}])(?:en|à|a|par|pour|to|as|is|est|devient|becomes)(?![\\p{L}])|:|=|->|→)';
const FIELD = "([\\p{L}' ]{2,30}?)";

// "change l'email de Marie Dupont en x", "set company of marie@x.fr to Acme", "update email for X to Y"
const FIELD_OF_TARGET = new RegExp(
  `^${VERB}\\s+${FIELD}\\s+(?:de|du|d'|des|of|for)\\s*(.{1,120}?)\\s*${TO}\\s*(.{1,300})$`,
  'iu',
);
// "update John O'Brien's phone to +1 …", "change Mary's email to …"
const POSSESSIVE = new RegExp(`^${VERB}\\s+(.{1,120}?)'s\\s+${FIELD}\\s*${TO}\\s*(.{1,300})$`, 'iu');
// "change son email en x", "set the phone to …" (the lead in focus)
const FOCUS_FIELD = new RegExp(`^${VERB}\\s+${FIELD}\\s*${TO}\\s*(.{1,300})$`, 'iu');
// "l'email de Dupont est x", "the phone of Mary is …", "le nouveau téléphone de Dupont : …"
const STATEMENT = new RegExp(
  `^(?:(?:l'|le |la |the )?(?:nouveau |nouvelle |new )?)${FIELD}\\s+(?:de|du|d'|of|for)\\s*(.{1,120}?)\\s*(?:(?<![\\p{L}])(?:c'est|est|is|devient|becomes|has become)(?:\\s+(?:maintenant|d[ée]sormais|now))?(?![\\p{L}])|:|=)\\s*(.{1,300})$`,
  'iu',
);

// Each shape: its pattern and which groups hold the field, the target and the value.
const SHAPES: Array<[RegExp, field: number, target: number | null, value: number]> = [
  [FIELD_OF_TARGET, 1, 2, 3],
  [POSSESSIVE, 2, 1, 3],
  [FOCUS_FIELD, 1, null, 2],
  [STATEMENT, 1, 2, 3],
];

export function parseUpdate(text: string): IntentMatch | null {
  for (const [re, f, t, v] of SHAPES) {
    const m = re.exec(text);
    const field = m ? fieldOf(m[f]!) : null;
    if (!m || !field) continue;
    const value = fieldValue(field, m[v] ?? '');
    const target: LeadTargetArgs | null = targetFrom(t === null ? undefined : m[t]);
    if (!value || !target) return null;
    return { call: { name: 'update_lead', args: { target, changes: { [field]: value } } } };
  }
  return null;
}
