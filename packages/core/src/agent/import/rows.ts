import { checkEmail } from '../../crm/email.ts';
import { checkPhone } from '../../crm/phone.ts';
import { normalizeLabel } from '../entities/field-labels.ts';
import { findStatus } from '../entities/statuses.ts';
import { CONSENT } from '../outreach/consent.ts';
import type { ColumnMap } from './columns.ts';
import type { Sheet } from './sheet.ts';

export interface ImportRow {
  line: number;
  data: Record<string, string>;
  /** What identifies the person across files and the CRM: their e-mail, else their phone. */
  key: string | null;
}

export interface RowProblem {
  line: number;
  reason: 'no_name' | 'email' | 'phone' | 'option';
  field?: string;
}

export interface CheckedRows {
  valid: ImportRow[];
  invalid: RowProblem[];
  /** Lines that repeat an earlier line of the same file (same e-mail or phone). */
  repeated: number[];
}

const YES = new Set(['oui', 'yes', 'y', 'o', 'x', '1', 'true', 'vrai', 'ok', 'granted', 'accorde', 'opt in']);

/** "Marie Dupont" → first and last name (the last word is the last name). */
function splitName(full: string): { firstName?: string; lastName: string } {
  const parts = full.trim().split(/\s+/);
  if (parts.length < 2) return { lastName: full.trim() };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts.at(-1)! };
}

/**
 * Each data row as the record it would make: values checked (e-mail, phone in the tenant's country
 * → E.164, enum values by value or label), a name required (or an e-mail/phone to stand for it),
 * and rows repeating an earlier one of the file set apart.
 */
export function checkRows(sheet: Sheet, columns: ColumnMap[], region: string | null): CheckedRows {
  const valid: ImportRow[] = [];
  const invalid: RowProblem[] = [];
  const repeated: number[] = [];
  const seen = new Set<string>();
  const used = columns.filter((c) => c.field);
  rows: for (const { line, cells } of sheet.rows) {
    const data: Record<string, string> = {};
    for (const c of used) {
      const raw = cells[c.index]?.trim() ?? '';
      if (!raw) continue;
      const field = c.field!;
      if (field === 'name') Object.assign(data, { ...splitName(raw), ...data });
      else if (field === 'emailAddress') {
        const e = checkEmail(raw);
        if (!e.ok) {
          invalid.push({ line, reason: 'email', field: c.header });
          continue rows;
        }
        data.emailAddress = e.email;
      } else if (field === 'phoneNumber') {
        const p = checkPhone(raw, region);
        if (!p.ok) {
          invalid.push({ line, reason: 'phone', field: c.header });
          continue rows;
        }
        data.phoneNumber = p.e164;
      } else if (field === 'cWhatsappConsent') {
        if (YES.has(normalizeLabel(raw))) data.cWhatsappConsent = CONSENT.granted;
      } else if (c.ref?.def.type === 'enum' && c.ref.def.options?.length) {
        const want = normalizeLabel(raw);
        // A lead's status in everyday words too ("En cours", "perdu"), whatever the install's language.
        const spoken = field === 'status' ? findStatus(raw) : null;
        const value = c.ref.def.options.find(
          (o) =>
            normalizeLabel(o) === want ||
            normalizeLabel(c.ref!.optionLabels[o] ?? '') === want ||
            (spoken !== null && spoken.phrase.length === raw.trim().length && o === spoken.status),
        );
        if (value === undefined) {
          invalid.push({ line, reason: 'option', field: c.header });
          continue rows;
        }
        data[field] = value;
      } else data[field] = raw;
    }
    if (!data.lastName && !data.firstName) {
      if (!data.emailAddress && !data.phoneNumber) {
        invalid.push({ line, reason: 'no_name' });
        continue;
      }
      data.lastName = data.emailAddress?.split('@')[0] ?? data.phoneNumber!;
    }
    if (!data.lastName && data.firstName) {
      data.lastName = data.firstName;
      delete data.firstName;
    }
    const key = data.emailAddress?.toLowerCase() ?? data.phoneNumber ?? null;
    // Without an e-mail or a phone, the same name at the same company is the same person.
    const same =
      key ?? normalizeLabel(`${data.firstName ?? ''} ${data.lastName} @ ${data.accountName ?? ''}`);
    if (seen.has(same)) {
      repeated.push(line);
      continue;
    }
    seen.add(same);
    valid.push({ line, data, key });
  }
  return { valid, invalid, repeated };
}
