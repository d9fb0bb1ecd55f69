/**
 * WhatsApp (and Green-API's sendMessage) accept at most 20 000 characters per text. Lengths are
 * counted in UTF-16 code units, which is never less than the character count, so a text that fits
 * here fits there. Cuts never split a surrogate pair.
 */
export const MAX_MESSAGE_LENGTH = 20_000;
export const TRUNCATION_MARKER = ' […]';

/** Prefer a break at a paragraph, line or word boundary within this many trailing characters. */
const BOUNDARY_WINDOW = 500;

function safeCut(text: string, max: number): number {
  if (text.length <= max) return text.length;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  // A high surrogate at the end would be orphaned: step back one unit.
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  const window = text.slice(Math.max(0, cut - BOUNDARY_WINDOW), cut);
  for (const sep of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(sep);
    if (at > 0) return cut - window.length + at + sep.length;
  }
  return cut;
}

/** Cuts a text to `max` units, marker included; texts that fit are returned unchanged. */
export function truncateMessage(text: string, max = MAX_MESSAGE_LENGTH): string {
  if (text.length <= max) return text;
  const cut = safeCut(text, max - TRUNCATION_MARKER.length);
  return `${text.slice(0, cut).trimEnd()}${TRUNCATION_MARKER}`;
}

/** Splits a text into parts of at most `max` units, at natural boundaries where possible. */
export function splitMessage(text: string, max = MAX_MESSAGE_LENGTH): string[] {
  if (max < 2) throw new RangeError('max must be at least 2');
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = safeCut(rest, max);
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest || parts.length === 0) parts.push(rest);
  return parts;
}
