/** Ids we accept from callers (cf-ray, x-request-id): short and log-safe, else we mint one. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function pickRequestId(candidates: Array<string | null | undefined>, mint: () => string): string {
  for (const c of candidates) {
    const v = c?.trim();
    if (v && SAFE_REQUEST_ID.test(v)) return v;
  }
  return mint();
}
