/**
 * Whether a tool call is the one a corpus line expects: the same tool, and every expected argument
 * present with the same value — strings compared trimmed, case- and accent-insensitively, phones in
 * E.164, numbers as numbers, objects key by key (a subset).
 */
import { normalizePhone } from '@max/core';

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

const PHONE_KEYS = /phone/i;

function same(expected: unknown, actual: unknown, key: string): boolean {
  // A record named in one string ("Sophie Lambert") matches { name: "Sophie Lambert" } too.
  if (typeof expected === 'string' && actual && typeof actual === 'object' && !Array.isArray(actual)) {
    const values = Object.values(actual as Record<string, unknown>);
    return values.length === 1 && same(expected, values[0], Object.keys(actual as object)[0]!);
  }
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number') return Number(actual) === expected;
    if (typeof expected === 'boolean') return actual === expected;
    if (typeof actual !== 'string' && typeof actual !== 'number') return false;
    if (PHONE_KEYS.test(key)) return normalizePhone(String(actual), 'FR') === expected;
    return fold(String(actual)) === fold(String(expected));
  }
  // And the other way round: { name: "Marie Dupont" } matches "Marie Dupont".
  if (typeof actual === 'string') {
    const values = Object.values(expected as Record<string, unknown>);
    return values.length === 1 && same(values[0], actual, Object.keys(expected as object)[0]!);
  }
  if (!actual || typeof actual !== 'object') return false;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) =>
    same(v, (actual as Record<string, unknown>)[k], k),
  );
}

export interface Call {
  name: string;
  args: Record<string, unknown>;
}

/** Why a call is not the expected one (null when it is). */
export function mismatch(
  expected: { tool: string; args?: Record<string, unknown> },
  actual: Call | null,
): string | null {
  if (!actual) return 'no call';
  if (actual.name !== expected.tool) return `tool ${actual.name}`;
  for (const [k, v] of Object.entries(expected.args ?? {}))
    if (!same(v, actual.args[k], k)) return `${k}: ${JSON.stringify(actual.args[k] ?? null)}`;
  return null;
}
