/** Contact details and labelled values in free text. Every pattern is linear: no nested quantifiers. */
export const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4}/g;
// +CC / 00CC international numbers, and French 0X XX XX XX XX (spaces, dots or dashes). Kept as written:
// the CRM client normalises to E.164.
export const PHONE =
  /(?:\+|(?<![A-Za-z\d])00)\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,6}(?!\d)|(?<![\d+])0[1-9](?:[\s.-]?\d{2}){4}(?!\d)/g;

export const LETTER_EDGE_L = '(?<![\\p{L}\\d])';
export const LETTER_EDGE_R = '(?![\\p{L}\\d])';

const LABELS =
  /(?<![\p{L}])(?:adresse e-?mail|e-?mail|mail|courriel|t[ée]l[ée]phone|t[ée]l\.?|phone number|phone|mobile|portable|num[ée]ro(?: de t[ée]l[ée]phone)?|number|gsm|cell)(?![\p{L}])\s*:?\s*/giu;

export function emails(text: string): string[] {
  return [...text.matchAll(EMAIL)].map((m) => m[0].replace(/\.+$/, ''));
}

export function phones(text: string): string[] {
  return [...text.matchAll(PHONE)].map((m) => m[0].trim());
}

// What someone typed as an e-mail or a phone, valid or not: the tool checks it and the reply says
// what is wrong, instead of "not understood" or a lead created without it.
// A token with an "@" that does not start with one (an "@mention" is not an address).
// It starts at a token boundary, so a long run without "@" is scanned once, not once per character.
const AT_TOKEN = /(?<![^\s,;<>()"«»[\]])[^\s,;<>()"«»[\]@]+@[^\s,;<>()"«»[\]]*/gu;
const PHONE_LABEL =
  '(?:t[ée]l[ée]phone|t[ée]l\\.?|phone number|phone|mobile|portable|num[ée]ro(?: de t[ée]l[ée]phone)?|gsm|cell)';
// The digits after a phone label ("tél 06 12 34 56", "phone: 123").
const LABELLED_PHONE = new RegExp(
  `(?<![\\p{L}])${PHONE_LABEL}(?![\\p{L}])\\s*:?\\s*(\\+?[\\d(][\\d\\s.()/-]{0,30}\\d)`,
  'giu',
);
// An unlabelled run that starts like a phone (+ or 0) with 6–20 digits ("06 12 34 56"): dates,
// postcodes and company numbers do not start with 0 or are shorter.
const LOOSE_PHONE = /(?<![\p{L}\d+@.])(?:\+|0)\d(?:[\s.-]?\d){5,19}(?![\p{L}\d@])/gu;

/** The e-mail the text gives: a valid one if any, else the first "x@…" token as typed. */
export function emailAttempt(text: string): string | undefined {
  const valid = emails(text)[0];
  if (valid) return valid;
  const token = text.match(AT_TOKEN)?.[0]?.replace(/[.!?:]+$/, '');
  return token || undefined;
}

/** The phone the text gives: a well-formed one, else a labelled or phone-like run of digits as typed. */
export function phoneAttempt(text: string): string | undefined {
  const valid = phones(text)[0];
  if (valid) return valid;
  const labelled = [...text.matchAll(LABELLED_PHONE)][0]?.[1]?.trim();
  return labelled || text.match(LOOSE_PHONE)?.[0]?.trim() || undefined;
}

/** Removes emails, phones (valid or not) and their labels ("email", "tél :"), leaving names and words. */
export function stripContacts(text: string): string {
  return text
    .replace(EMAIL, ' ')
    .replace(AT_TOKEN, ' ')
    .replace(PHONE, ' ')
    .replace(LABELLED_PHONE, (phrase, value: string) => phrase.replace(value, ' '))
    .replace(LOOSE_PHONE, ' ')
    .replace(LABELS, ' ')
    .replace(/\s+([,;])/g, '$1')
    .replace(/([,;])(?:\s*[,;])+/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

// A labelled value ends at a comma, a semicolon, the end, or the next label.
const VALUE_END =
  '(?=\\s*(?:[,;]|$|(?<![\\p{L}])(?:e-?mail|mail|courriel|t[ée]l|t[ée]l[ée]phone|phone|mobile|portable|avec|with|and|et|titre|poste|fonction|title|job title|position|soci[ée]t[ée]|entreprise|company|chez|statut|status)(?![\\p{L}])))';

const COMPANY = new RegExp(
  `(?<![\\p{L}])(?:de la soci[ée]t[ée]|de l'entreprise|soci[ée]t[ée]|entreprise|de chez|chez|company|at|from|works? (?:at|for))(?:\\s*:)?\\s+([^,;]{1,80}?)${VALUE_END}`,
  'iu',
);
const TITLE = new RegExp(
  `(?<![\\p{L}])(?:titre|poste|fonction|job title|title|position|r[ôo]le)(?:\\s*:)?\\s+([^,;]{1,80}?)${VALUE_END}`,
  'iu',
);

export interface Labelled {
  value: string;
  /** The whole phrase, label included, to remove it from the rest of the text. */
  phrase: string;
}

function labelled(re: RegExp, text: string): Labelled | null {
  const m = re.exec(text);
  const value = m?.[1]?.trim().replace(/[.!?]+$/, '');
  return m && value ? { value, phrase: m[0] } : null;
}

export const company = (text: string) => labelled(COMPANY, text);
export const jobTitle = (text: string) => labelled(TITLE, text);
