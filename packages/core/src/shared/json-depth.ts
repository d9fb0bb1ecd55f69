import { AppError } from './errors.ts';

/**
 * Untrusted JSON may nest deeply enough (tens of thousands of levels) to overflow the stack of any
 * recursive walk: JSON.stringify, a deep copy, a schema check. Real payloads (Green-API webhooks,
 * agent jobs) nest under ten levels, so anything past this limit is refused up front, with loops
 * that use no recursion themselves.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * True when the JSON text nests objects/arrays at most `max` levels deep. Scans the raw text once
 * (brackets inside strings do not count); it does not validate the JSON, JSON.parse does that.
 */
export function jsonTextDepthWithin(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return true;
}

/** True when an already parsed value nests at most `max` levels deep (iterative walk). */
export function jsonDepthWithin(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
    }
  }
  return true;
}

/** The 400 for JSON nested past `max` levels (one wording wherever a walk refuses it). */
export const jsonTooDeep = (max: number): AppError =>
  new AppError('bad_request', `JSON nests deeper than ${max} levels`, { details: { maxDepth: max } });

/** Throws a 400 AppError when a parsed value nests deeper than `max`. */
export function assertJsonDepth(value: unknown, max = MAX_JSON_DEPTH): void {
  if (!jsonDepthWithin(value, max)) throw jsonTooDeep(max);
}

/**
 * JSON.parse for untrusted text: a 400 AppError for text that is not JSON or nests deeper than
 * `max`, checked before anything walks the result.
 */
export function parseJsonWithin(text: string, max = MAX_JSON_DEPTH): unknown {
  if (!jsonTextDepthWithin(text, max)) throw jsonTooDeep(max);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('bad_request', `Body is not valid JSON: ${(e as Error).message.slice(0, 120)}`);
  }
}
