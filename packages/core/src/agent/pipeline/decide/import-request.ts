import type { InboundMessage } from '../../../greenapi/inbound.ts';
import type { ImportEntity } from '../../import/plan.ts';
import { type SheetKind, sheetKind } from '../../import/sheet.ts';

/** The words that ask for an import, as a caption (or alone: a spreadsheet sent bare is offered one). */
const IMPORT_WORDS = /\b(?:import|importe[rz]?|charge[rz]?|ajoute[rz]?|upload|load|add)\b/iu;
const CONTACTS = /\bcontacts?\b/iu;

export interface ImportRequest {
  entity: ImportEntity;
  kind: SheetKind;
}

/** A CSV or XLSX sent to MAX, bare or with a caption such as "importe ces leads": null for anything else. */
export function importRequest(msg: Pick<InboundMessage, 'file' | 'text'>): ImportRequest | null {
  const kind = msg.file ? sheetKind(msg.file) : null;
  if (!kind) return null;
  const caption = msg.text?.trim() ?? '';
  if (caption && !IMPORT_WORDS.test(caption)) return null;
  return { entity: CONTACTS.test(caption) ? 'Contact' : 'Lead', kind };
}
