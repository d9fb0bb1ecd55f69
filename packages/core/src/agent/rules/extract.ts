/** Entity extraction for the rules engine. Every pattern is linear: no nested quantifiers. */
export const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4}/g;
// French numbers (0X XX XX XX XX with spaces, dots or dashes), +CC / 00CC international numbers.
export const PHONE = /(?:\+|\b00)\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,6}|\b0[1-9](?:[\s.-]?\d{2}){4}\b/g;

const LABELS =
  /\b(?:e-?mail|mail|courriel|t[ée]l[ée]phone|t[ée]l|phone|mobile|portable|num[ée]ro|number|gsm)\b\s*:?\s*/gi;

export function emails(text: string): string[] {
  return [...text.matchAll(EMAIL)].map((m) => m[0].replace(/[.]+$/, ''));
}

export function phones(text: string): string[] {
  return [...text.matchAll(PHONE)].map((m) => m[0].trim());
}

/** Removes emails, phones and their labels ("email", "tél :"), leaving names and words. */
export function stripContacts(text: string): string {
  return text
    .replace(EMAIL, ' ')
    .replace(PHONE, ' ')
    .replace(LABELS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

const COMPANY =
  /(?:\bde la soci[ée]t[ée]|\bsoci[ée]t[ée]|\bentreprise|\bde chez|\bchez|\bcompany|\bat|\bfrom|\bof company)\s+([^,;\n]+?)(?=\s*(?:,|;|$|\b(?:email|e-mail|mail|t[ée]l|phone|mobile|portable|avec|with)\b))/i;

export function company(text: string): { name: string; phrase: string } | null {
  const m = text.match(COMPANY);
  if (!m?.[1]) return null;
  const name = m[1].trim().replace(/[.!?]+$/, '');
  if (!name || name.length > 80) return null;
  return { name, phrase: m[0] };
}

/** "Jean-Pierre Le Gall" → Jean-Pierre / Le Gall; one word → last name only. */
export function splitName(full: string): { firstName?: string; lastName: string } | null {
  const words = full
    .replace(/[,;:!?()"«»]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return null;
  if (words.length === 1) return { lastName: words[0]! };
  return { firstName: words[0]!, lastName: words.slice(1).join(' ') };
}

/** A person's name: letters (accents), hyphens, apostrophes, digits like "E2E"; 1–5 words. */
export const NAME_WORDS = /^[\p{L}\d][\p{L}\d'’.-]*(?:\s+[\p{L}\d][\p{L}\d'’.-]*){0,4}$/u;

export function cleanName(s: string): string {
  return s
    .replace(/^[\s:,-]+|[\s:,.!?-]+$/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
