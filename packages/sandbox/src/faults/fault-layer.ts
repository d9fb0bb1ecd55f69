import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@max/core';
import { send, sleep } from '../http/server.ts';
import { faultControlRoute, isSandboxPath } from './fault-routes.ts';
import {
  type CompiledRegexes,
  type FaultRule,
  type FaultRuleInput,
  faultRuleSchema,
  PROXY_ERROR_PAGE,
  ruleIssue,
  ruleMatches,
} from './fault-rule.ts';
import { mulberry32 } from './seeded-random.ts';

export type StandInHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** How a stand-in answers an error: its own body shape and headers. */
export interface ErrorAnswer {
  body: unknown;
  headers?: Record<string, string>;
}

export interface FaultLayerOptions {
  /** The stand-in's error answer for a status; an empty body when absent. */
  errorAnswer?: (status: number, path: string) => ErrorAnswer;
  /** Seed of the deterministic random that `rate` uses (ignored when `random` is given). */
  seed?: number;
  random?: () => number;
  now?: () => number;
}

export interface FaultRuleStats extends FaultRule {
  /** Requests this rule was applied to. */
  applied: number;
  /** False once `count` is used up or `forMs` has passed. */
  active: boolean;
  addedAt: string;
}

export interface FaultStats {
  /** Requests any rule was applied to since the last clear. */
  applied: number;
  rules: FaultRuleStats[];
}

interface Entry {
  rule: FaultRule;
  regex: CompiledRegexes;
  addedAt: number;
  applied: number;
}

/** Swallows the handler's answer; the connection is reset (or left hanging) once it has ended. */
function loseAnswer(res: ServerResponse, keepOpen: boolean): void {
  // Headers leave with the first write or end, so overriding these two keeps everything off the wire.
  res.write = (() => true) as ServerResponse['write'];
  res.end = (() => {
    if (!keepOpen) res.socket?.resetAndDestroy();
    return res;
  }) as ServerResponse['end'];
}

/** Lets the real handler run, then answers `body` in place of what it answered. */
function swapAnswer(res: ServerResponse, status: number, body: string, contentType: string): void {
  const writeHead = res.writeHead.bind(res);
  const end = res.end.bind(res);
  res.writeHead = (() => res) as ServerResponse['writeHead'];
  res.write = (() => true) as ServerResponse['write'];
  res.end = (() => {
    res.removeHeader('content-length');
    writeHead(status, { 'content-type': contentType });
    end(body);
    return res;
  }) as ServerResponse['end'];
}

/**
 * Fault injection for an HTTP stand-in: rules matched by method and path that answer errors or
 * 429s, hang, add latency, reset connections (down), or apply a write and lose its answer. Each
 * stand-in calls `intercept` first in its handler and returns the layer as `faults`; the same rules
 * can be managed over HTTP at `/sandbox/faults`. The first active matching rule applies; `/sandbox/*`
 * routes are never faulted.
 */
export function createFaultLayer(opts: FaultLayerOptions = {}) {
  const entries: Entry[] = [];
  const random = opts.random ?? mulberry32(opts.seed ?? 1);
  const now = opts.now ?? Date.now;
  const errorAnswer = opts.errorAnswer ?? ((): ErrorAnswer => ({ body: '' }));
  let generated = 0;
  let applied = 0;

  const isActive = (e: Entry) =>
    (e.rule.count === undefined || e.applied < e.rule.count) &&
    (e.rule.forMs === undefined || now() - e.addedAt < e.rule.forMs);

  /** The rule for this request (counted as applied), or null to run the real handler. */
  function pick(method: string, path: string, query: string): FaultRule | null {
    for (const e of entries) {
      if (!isActive(e) || !ruleMatches(e.rule, e.regex, method, path, query)) continue;
      if (e.rule.rate !== undefined && random() >= e.rule.rate) continue;
      e.applied++;
      applied++;
      return e.rule;
    }
    return null;
  }

  const layer = {
    /** Adds a rule (validated; AppError 'validation' on a bad one). The same id replaces a rule. */
    add(input: FaultRuleInput): FaultRule {
      const parsed = faultRuleSchema.safeParse(input);
      if (!parsed.success)
        throw new AppError('validation', `bad fault rule: ${ruleIssue(parsed.error)}`, { retryable: false });
      const { id, ...rest } = parsed.data;
      const rule: FaultRule = { id: id ?? `fault-${++generated}`, ...rest };
      layer.remove(rule.id);
      entries.push({
        rule,
        regex: {
          path: rule.pathRegex ? new RegExp(rule.pathRegex) : null,
          query: rule.queryRegex ? new RegExp(rule.queryRegex) : null,
        },
        addedAt: now(),
        applied: 0,
      });
      return { ...rule };
    },
    /** Removes one rule; false when there is none with this id. */
    remove(id: string): boolean {
      const i = entries.findIndex((e) => e.rule.id === id);
      if (i >= 0) entries.splice(i, 1);
      return i >= 0;
    },
    /** Removes every rule and zeroes the counts. */
    clear(): void {
      entries.length = 0;
      applied = 0;
    },
    stats(): FaultStats {
      return {
        applied,
        rules: entries.map((e) => ({
          ...e.rule,
          applied: e.applied,
          active: isActive(e),
          addedAt: new Date(e.addedAt).toISOString(),
        })),
      };
    },
    /** How many requests the rule `id` was applied to (0 when unknown). */
    applied(id: string): number {
      return entries.find((e) => e.rule.id === id)?.applied ?? 0;
    },
    /**
     * Call first in the stand-in's handler: serves /sandbox/faults and applies the matching rule.
     * True when the request is taken care of (answered, reset or left hanging): return at once.
     * False when the real handler must run (no rule, after a latency, or with its answer to lose).
     */
    async intercept(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      if (faultControlRoute(layer, req, res, path)) return true;
      let query = url.search.slice(1);
      try {
        query = decodeURIComponent(query.replace(/\+/g, ' '));
      } catch {
        /* matched as sent */
      }
      const rule = isSandboxPath(path) ? null : pick(req.method ?? 'GET', path, query);
      switch (rule?.mode) {
        case undefined:
          return false;
        case 'error': {
          const status = rule.status ?? 500;
          const a = errorAnswer(status, path);
          send(res, status, a.body, a.headers);
          return true;
        }
        case 'rate_limit': {
          const a = errorAnswer(429, path);
          send(res, 429, a.body, { ...a.headers, 'retry-after': String(rule.retryAfterSeconds ?? 1) });
          return true;
        }
        case 'hang':
          return true; // never answered; the server's stop() closes the connection
        case 'latency':
          await sleep(rule.delayMs ?? 0);
          return false;
        case 'down':
          req.socket.resetAndDestroy();
          return true;
        case 'bad_answer': {
          const body = rule.body ?? PROXY_ERROR_PAGE;
          const type = rule.contentType ?? 'text/html';
          if (rule.apply) {
            swapAnswer(res, rule.status ?? 200, body, type);
            return false;
          }
          send(res, rule.status ?? 200, body, { 'content-type': type });
          return true;
        }
        case 'lose_answer':
        case 'lose_answer_hang':
          loseAnswer(res, rule.mode === 'lose_answer_hang');
          return false;
      }
    },
    /** A handler with the fault layer in front of it (for servers built on `listen`). */
    wrap(handler: StandInHandler): StandInHandler {
      return async (req, res) => {
        if (!(await layer.intercept(req, res))) return handler(req, res);
      };
    },
  };
  return layer;
}

export type FaultLayer = ReturnType<typeof createFaultLayer>;
