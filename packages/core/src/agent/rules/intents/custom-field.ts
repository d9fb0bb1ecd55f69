import { fieldOf } from '../fields.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { entityTargetFrom, withEntity } from './note-target.ts';

const VERB =
  '(?:mets?|mettre|passe[rz]?|change[rz]?|modifie[rz]?|r[èe]gle[rz]?|fixe[rz]?|d[ée]finis|renseigne[rz]?|set|update|change|make|put)';
// The new value's separator: "à", "en", "to", ":", "=" (letter-aware for "à").
const TO = '(?:(?<![\\p{L}])(?:à|a|au|en|sur|to|at|as|is|est|vaut|devient|becomes)(?![\\p{L}])|:|=|->|→)';
const FIELD = "([\\p{L}][\\p{L}' ]{1,39}?)";
const OF = "(?:(?:de|du|des|of|for|pour)(?![\\p{L}])|d')";
// A statement ("le budget de Dupont est 5000") names whose with "de"/"of" only: "crée un lead pour X : …" is not one.
const OF_STRICT = "(?:(?:de|du|des|of)(?![\\p{L}])|d')";
// Whose field: a name, an e-mail or a phone, never a list (no comma or semicolon).
const TARGET = '[^,;]{1,120}?';

// "mets le budget de Dupont à 5000", "set the budget of Acme to 5000", "passe le score du diagnostic de Dupont à 80"
const SET = new RegExp(
  `^${VERB}\\s+(?:(?:le|la|les|l'|son|sa|ses|the|its|his|her)\\s*)?${FIELD}\\s+${OF}\\s*(${TARGET})\\s*${TO}\\s*(.{1,200})$`,
  'iu',
);
// "set Dupont's budget to 5000"
const POSSESSIVE = new RegExp(`^${VERB}\\s+(${TARGET})'s\\s+${FIELD}\\s*${TO}\\s*(.{1,200})$`, 'iu');
// "le budget de Dupont est 5000", "score du diagnostic de Dupont : 72", "budget de la mission Dupont = 2000"
const STATEMENT = new RegExp(
  `^(?:(?:le|la|les|l'|the)\\s*)?(?:(?:nouveau|nouvelle|new)\\s+)?${FIELD}\\s+${OF_STRICT}\\s*(${TARGET})\\s*(?:(?<![\\p{L}])(?:est|is|vaut|devient|becomes)(?![\\p{L}])|:|=)\\s*(.{1,200})$`,
  'iu',
);
// "Dupont's budget is 5000"
const POSSESSIVE_STATEMENT = new RegExp(
  `^(.{1,120}?)'s\\s+${FIELD}\\s*(?:(?<![\\p{L}])is(?![\\p{L}])|:|=)\\s*(.{1,200})$`,
  'iu',
);
// "son budget : 5000", "set its budget to 5000" (the record in focus)
const FOCUS = new RegExp(
  `^(?:${VERB}\\s+)?(?:son|sa|ses|its|his|her|their|leur)\\s+${FIELD}\\s*${TO}\\s*(.{1,200})$`,
  'iu',
);

// Status-like words: a lead's status is change_status's (its own words), only custom entities' here.
const STATE_WORDS = /^(?:statut|status|[ée]tat|state|stage|[ée]tape|phase)$/iu;
// Words that never name a field: the sentence is something else.
const NOT_A_FIELD =
  /^(?:rdv|rendez-vous|r[ée]union|meeting|note|t[âa]che|task|appel|call|lead|contact|compte|account|mission|diagnostic)$/iu;
// "le score du diagnostic" / "the diagnostic score": the entity said with the field.
const ENTITY_IN_FIELD =
  /^(?:(missions?(?:\s+max)?|max\s+missions?|diagnostics?(?:\s+ia)?|ai\s+diagnostics?)\s+(.+)|(.+?)\s+(?:du|de la|de l'|of the)\s+(missions?(?:\s+max)?|diagnostics?(?:\s+ia)?))$/iu;

// An entity named after another "de" ("début de la mission Dupont", "clôture de l'opportunité X").
const ENTITY_LATER =
  /\s(?:de|du|d')\s*(?:la\s+|le\s+|l')?(?:missions?|diagnostics?|comptes?|contacts?|opportunit[ée]s?|leads?|prospects?)(?![\p{L}])/iu;

// Lower-case words, then "de" before a name, an e-mail or a number: the rest of a field's label.
const FIELD_TAIL = /^(\p{Ll}[\p{L}' ]{0,30}?)\s+(?:de|du|d')\s*(?=[\p{Lu}\d+]|[^\s@]+@)/u;

const MAX_LENGTH = 420;

const SHAPES: Array<[RegExp, field: number, target: number | null, value: number]> = [
  [SET, 1, 2, 3],
  [POSSESSIVE, 2, 1, 3],
  [STATEMENT, 1, 2, 3],
  [POSSESSIVE_STATEMENT, 2, 1, 3],
  [FOCUS, 1, null, 2],
];

/** Any field by its name or label on any record: "mets le budget de Dupont à 5000", "set Dupont's budget to 5000". */
export function parseCustomField(text: string): IntentMatch | null {
  // No shape matches more than this (verb, 40-letter field, 120-letter target, 200-letter value):
  // longer texts are refused before any pattern runs.
  if (text.length > MAX_LENGTH) return null;
  for (const [re, f, t, v] of SHAPES) {
    const m = re.exec(text);
    if (!m) continue;
    let field = cleanName(m[f]!).replace(/^(?:le|la|les|l'|the)\s+/i, '');
    let entityWord: string | undefined;
    const e = ENTITY_IN_FIELD.exec(field);
    if (e) {
      entityWord = e[1] ?? e[4];
      field = cleanName(e[2] ?? e[3] ?? '');
    }
    const value = cleanName(m[v] ?? '').replace(/^["«“]\s*|\s*["»”]$/g, '');
    if (!field || !value || field.split(' ').length > 4 || NOT_A_FIELD.test(field)) return null;
    // Fields the lead tools know (e-mail, phone, company…) are update_lead's, already tried.
    if (fieldOf(field)) return null;
    let said = t === null ? undefined : m[t];
    // "la date de début de la mission Dupont": the field's own "de" came first; split before the entity.
    const inner = said && !entityWord ? ENTITY_LATER.exec(said) : null;
    if (inner && inner.index > 0) {
      field = `${field} de ${said!.slice(0, inner.index).trim()}`;
      said = said!.slice(inner.index);
    } else if (said && !entityWord && !entityTargetFrom(said)?.entity) {
      // "le type de bien de Marie Dupont": lower-case words before another "de" and a name are the
      // field's ("Jean de La Fontaine" starts upper-case and stays a name).
      const words = FIELD_TAIL.exec(said);
      if (words) {
        field = `${field} de ${words[1]}`;
        said = said.slice(words[0].length);
      }
    }
    const about = entityTargetFrom(entityWord ? `${entityWord} ${said ?? ''}` : said);
    if (!about) return null;
    const custom = about.entity === 'MissionMAX' || about.entity === 'DiagnosticIA';
    if (STATE_WORDS.test(field) && !custom) return null;
    return {
      call: { name: 'update_record', args: { ...withEntity(about), changes: { [field]: value } } },
    };
  }
  return null;
}
