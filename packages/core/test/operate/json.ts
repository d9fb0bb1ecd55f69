/** A JSON answer read loosely in tests: any field path can be asserted on. */
// biome-ignore lint/suspicious/noExplicitAny: tests assert answers by field path; the schema is what is under test
export type Json = any;

/** The body of an agent answer, to read nested fields in assertions. */
export const json = (r: { body: Record<string, unknown> }): Json => r.body;
