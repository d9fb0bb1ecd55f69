import { z } from 'zod';

/**
 * What a fault does to a matching request:
 * - `error`: answer `status` (default 500) in the stand-in's error shape;
 * - `rate_limit`: answer 429 with `Retry-After: retryAfterSeconds` (default 1);
 * - `hang`: never answer (the client's timeout decides);
 * - `latency`: answer normally after `delayMs`;
 * - `lose_answer`: run the real handler (the write is applied), then reset the connection unanswered;
 * - `lose_answer_hang`: run the real handler, then keep the connection open and never answer;
 * - `down`: reset the connection at once (a service that is down; bound it with `forMs`);
 * - `bad_answer`: answer `status` (default 200) with a body outside the protocol: `body` as given
 *   (default a proxy's HTML error page, `content-type: text/html`); the real handler runs only
 *   with `apply` (the write is applied, its answer replaced).
 */
export const FAULT_MODES = [
  'error',
  'rate_limit',
  'hang',
  'latency',
  'lose_answer',
  'lose_answer_hang',
  'down',
  'bad_answer',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

const isRegex = (source: string) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
};

export const faultRuleSchema = z
  .strictObject({
    /** Given by the caller to find the rule again; generated when absent. */
    id: z.string().min(1).max(100).optional(),
    mode: z.enum(FAULT_MODES),
    /** HTTP method to match (any when absent), case-insensitive. */
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .optional(),
    /** Path prefix to match (the query string is ignored). */
    path: z.string().startsWith('/').max(500).optional(),
    /** Regular expression the path must match (unanchored), e.g. `sendMessage`. */
    pathRegex: z.string().min(1).max(500).refine(isRegex, 'not a valid regular expression').optional(),
    /** Regular expression the query string (decoded, without `?`) must match: one message's record, say. */
    queryRegex: z.string().min(1).max(500).refine(isRegex, 'not a valid regular expression').optional(),
    status: z.number().int().min(200).max(599).optional(),
    /** bad_answer: the body answered (default: an HTML error page). */
    body: z.string().max(100_000).optional(),
    /** bad_answer: its content type (default text/html). */
    contentType: z.string().min(1).max(100).optional(),
    /** bad_answer: run the real handler first (a write is applied), then answer the bad body. */
    apply: z.boolean().optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    delayMs: z.number().int().min(0).max(3_600_000).optional(),
    /** Applies to at most this many requests, then the rule is spent. */
    count: z.number().int().min(1).optional(),
    /** Share of matching requests it applies to (seeded random); 1 when absent. */
    rate: z.number().min(0).max(1).optional(),
    /** Active for this long after it was added; until cleared when absent. */
    forMs: z.number().int().min(1).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.mode === 'latency' && r.delayMs === undefined)
      ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'latency needs delayMs' });
    if (r.delayMs !== undefined && r.mode !== 'latency')
      ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'only latency takes delayMs' });
    if (r.status !== undefined && r.mode !== 'error' && r.mode !== 'bad_answer')
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'only error and bad_answer take a status' });
    if (r.mode === 'error' && r.status !== undefined && r.status < 400)
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'an error status is 400–599' });
    if (
      (r.body !== undefined || r.contentType !== undefined || r.apply !== undefined) &&
      r.mode !== 'bad_answer'
    )
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'only bad_answer takes a body' });
    if (r.retryAfterSeconds !== undefined && r.mode !== 'rate_limit')
      ctx.addIssue({
        code: 'custom',
        path: ['retryAfterSeconds'],
        message: 'only rate_limit takes retryAfterSeconds',
      });
  });

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: string };

/** First issue of a failed parse, as one readable line ("status: Too small: …"). */
export function ruleIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid fault rule';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** The rule's regular expressions, compiled once when it is added. */
export interface CompiledRegexes {
  path: RegExp | null;
  query: RegExp | null;
}

export function ruleMatches(
  rule: FaultRule,
  re: CompiledRegexes,
  method: string,
  path: string,
  query = '',
): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path && !path.startsWith(rule.path)) return false;
  if (re.path && !re.path.test(path)) return false;
  if (re.query && !re.query.test(query)) return false;
  return true;
}

/** What `bad_answer` sends when the rule gives no body: a reverse proxy's error page, with a 200. */
export const PROXY_ERROR_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server answered nothing usable.</p></body></html>';
