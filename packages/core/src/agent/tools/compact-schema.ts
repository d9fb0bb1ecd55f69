/**
 * The JSON Schema a model is shown, without what only the parser needs. Length bounds and the key
 * type of a record cost tokens on every call and change no answer a model gives: zod still checks
 * them when the call's arguments are parsed (issue 14 §5: the prompt stays small as tools grow).
 */
const PARSER_ONLY = new Set(['$schema', 'maxLength', 'minLength', 'propertyNames', 'maxItems', 'minItems']);

export function compactSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compactSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (PARSER_ONLY.has(k)) continue;
    // Inside `properties` the keys are field names, not keywords: keep every one.
    out[k] =
      k === 'properties' && v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, compactSchema(s)]))
        : compactSchema(v);
  }
  return out;
}
