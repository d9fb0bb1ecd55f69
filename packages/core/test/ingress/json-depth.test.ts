import {
  AppError,
  assertJsonDepth,
  jsonDepthWithin,
  jsonTextDepthWithin,
  MAX_JSON_DEPTH,
  parseJsonWithin,
} from '@max/core/shared';
import { describe, expect, it } from 'vitest';

const arrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const objects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('JSON depth limits (shared/json-depth.ts)', () => {
  it('counts containers: {} is 1, {"a":{}} is 2, scalars 0', () => {
    expect(jsonTextDepthWithin('{}', 1)).toBe(true);
    expect(jsonTextDepthWithin('{"a":{}}', 1)).toBe(false);
    expect(jsonTextDepthWithin('{"a":{}}', 2)).toBe(true);
    expect(jsonTextDepthWithin('"x"', 0)).toBe(true);
    expect(jsonDepthWithin({}, 1)).toBe(true);
    expect(jsonDepthWithin({ a: {} }, 1)).toBe(false);
    expect(jsonDepthWithin([1, [2]], 2)).toBe(true);
    expect(jsonDepthWithin(42, 0)).toBe(true);
  });

  it('40,000 levels of arrays or objects are refused without a stack overflow', () => {
    for (const text of [arrays(40_000), objects(40_000)]) {
      expect(jsonTextDepthWithin(text)).toBe(false);
      expect(() => parseJsonWithin(text)).toThrow(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    // A value built (not parsed) that deep: the walk is iterative too.
    let deep: unknown = 1;
    for (let i = 0; i < 40_000; i++) deep = [deep];
    expect(jsonDepthWithin(deep)).toBe(false);
    expect(() => assertJsonDepth(deep)).toThrow(AppError);
  });

  it('the limit is exact, and brackets inside strings (with escaped quotes) do not count', () => {
    expect(jsonTextDepthWithin(arrays(MAX_JSON_DEPTH))).toBe(true);
    expect(jsonTextDepthWithin(arrays(MAX_JSON_DEPTH + 1))).toBe(false);
    expect(jsonTextDepthWithin(JSON.stringify({ s: `\\"${'['.repeat(100)}"` }))).toBe(true);
    expect(jsonTextDepthWithin(JSON.stringify(['a\\', ['b']]), 2)).toBe(true);
    expect(jsonDepthWithin(JSON.parse(arrays(MAX_JSON_DEPTH)))).toBe(true);
    expect(jsonDepthWithin(JSON.parse(arrays(MAX_JSON_DEPTH + 1)))).toBe(false);
  });

  it('parseJsonWithin: a 400 AppError for what is not JSON, the value otherwise', () => {
    expect(parseJsonWithin('{"a":[1,{"b":2}]}')).toEqual({ a: [1, { b: 2 }] });
    try {
      parseJsonWithin('{"a":');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('bad_request');
      expect((e as AppError).message).toMatch(/^Body is not valid JSON/);
    }
    try {
      assertJsonDepth(JSON.parse(arrays(40)));
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('bad_request');
      expect((e as AppError).details).toEqual({ maxDepth: MAX_JSON_DEPTH });
    }
  });

  it('a cyclic value ends the walk (refused) instead of looping', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(jsonDepthWithin(a)).toBe(false);
  });
});
