import { EMAIL } from '../extract.ts';
import { fieldOf } from '../fields.ts';
import { targetFrom } from '../target.ts';
import type { IntentMatch, LeadTargetArgs } from '../types.ts';
import { fieldValue } from './field-value.ts';

const VERB =
  '(?:change[rz]?|modifie[rz]?|mets?\\s+à\\s+jour|mettre\\s+à\\s+jour|maj|update|set|remplace[rz]?|corrige[rz]?|edit|fix|d[ée]cale[rz]?|repousse[rz]?|avance[rz]?|reporte[rz]?|move|push|postpone)';
const TO = '(?:(?<![\\p{L}])(?:en|à|a|au|par|pour|to|as|is|est|devient|becomes)(?![\\p{L}])|:|=|->|→)';
const FIELD = "([\\p{L}' ]{2,30}?)";
const OF = "(?:de|du|des|of|for|d')";
const ART = "(?:(?:la|le|l'|les|the|this|ce|cette|cet)\\s*)?";

/** The shapes of "change field X of <entity> Y to Z" for one entity's words; groups: field, target, value. */
function shapes(entity: string): Array<[RegExp, number, number, number]> {
  const e = `${ART}${entity}(?![\\p{L}@])`;
  return [
    // "change l'email du contact Marie Dupont en x", "set the website of account Acme to acme.com"
    [
      new RegExp(`^${VERB}\\s+${FIELD}\\s*${OF}\\s*${e}\\s+(.{1,120}?)\\s*${TO}\\s*(.{1,300})$`, 'iu'),
      1,
      2,
      3,
    ],
    // "update contact Mary Smith's phone to …"
    [new RegExp(`^${VERB}\\s+${e}\\s+(.{1,120}?)'s\\s+${FIELD}\\s*${TO}\\s*(.{1,300})$`, 'iu'), 2, 1, 3],
    // "le téléphone du contact Dupont est …", "the phone of contact Mary is …"
    [
      new RegExp(
        `^(?:(?:l'|le |la |the )?(?:nouveau |nouvelle |new )?)${FIELD}\\s*${OF}\\s*${e}\\s+(.{1,120}?)\\s*(?:(?<![\\p{L}])(?:est|is|devient|becomes)(?![\\p{L}])|:|=)\\s*(.{1,300})$`,
        'iu',
      ),
      1,
      2,
      3,
    ],
  ];
}

const CHANGE_MAX = 520;

/**
 * The one string the contact, account and opportunity tools take for a record: an e-mail or phone
 * wins, then a name; undefined is the record in focus.
 */
export const refOf = (t: LeadTargetArgs): string | undefined =>
  t.emailAddress ?? t.phoneNumber ?? t.id ?? t.name;

/** A tool's arguments with that record (none when it is the one in focus). */
export const withTarget = (t: LeadTargetArgs, args: Record<string, unknown>): Record<string, unknown> => {
  const ref = refOf(t);
  return ref ? { target: ref, ...args } : args;
};

export interface RecordChange {
  field: string;
  target: LeadTargetArgs;
  /** The value as written (each caller reads it for its field). */
  value: string;
}

/**
 * "change <field> of <entity> <target> to <value>" for one entity, in its three common shapes. The
 * entity word must be there: without it, the lead tools' own update reads the message.
 */
export function parseRecordChange(
  text: string,
  entity: string,
  fieldFor: (words: string) => string | null,
): RecordChange | null {
  // The longest a change can be (verb, field, target ≤ 120, value ≤ 300): longer text is not one, and
  // is not scanned.
  if (text.length > CHANGE_MAX) return null;
  // E-mails can hold entity words ("contact@acme.fr"): they never name the entity.
  if (!new RegExp(`(?<![\\p{L}])${entity}(?![\\p{L}@])`, 'iu').test(text.replace(EMAIL, ' '))) return null;
  for (const [re, f, t, v] of shapes(entity)) {
    const m = re.exec(text);
    const field = m ? fieldFor(m[f]!) : null;
    if (!m || !field) continue;
    const target = targetFrom(m[t]);
    if (!target) return null;
    return { field, target, value: m[v]! };
  }
  return null;
}

const CONTACT = '(?:contact|interlocut(?:eur|rice))';
// A contact's own fields; "société"/"company" moves it to that (existing) account.
const CONTACT_FIELDS = new Set([
  'emailAddress',
  'phoneNumber',
  'accountName',
  'title',
  'firstName',
  'lastName',
  'description',
]);

/** "change l'email du contact Marie Dupont en x", "update contact Mary Smith's phone to …". */
export function parseContactUpdate(text: string): IntentMatch | null {
  const change = parseRecordChange(text, CONTACT, (w) => {
    const f = fieldOf(w);
    return f && CONTACT_FIELDS.has(f) ? f : null;
  });
  if (!change) return null;
  const value = fieldValue(change.field, change.value);
  if (!value) return null;
  return {
    call: { name: 'update_contact', args: withTarget(change.target, { changes: { [change.field]: value } }) },
  };
}
