import { backoffDelay, retryAfterMs, splitMessage, TRUNCATION_MARKER, truncateMessage } from '@max/core';
import { describe, expect, it } from 'vitest';

describe('truncateMessage', () => {
  it('returns texts that fit unchanged', () => {
    expect(truncateMessage('court', 10)).toBe('court');
    expect(truncateMessage('x'.repeat(20_000))).toHaveLength(20_000);
  });

  it('cuts at a word boundary and marks the cut', () => {
    const out = truncateMessage('alpha beta gamma delta', 16);
    expect(out).toBe(`alpha beta${TRUNCATION_MARKER}`);
    expect(out.length).toBeLessThanOrEqual(16);
  });

  it('never leaves half a surrogate pair', () => {
    const text = `${'a'.repeat(10)}😀😀😀`;
    for (let max = 12; max < 18; max++) {
      const out = truncateMessage(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });
});

describe('splitMessage', () => {
  it('splits at paragraph boundaries and loses no words', () => {
    const paras = Array.from({ length: 30 }, (_, i) => `Paragraphe ${i} ${'mot '.repeat(20).trim()}`);
    const text = paras.join('\n\n');
    const parts = splitMessage(text, 300);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(300);
    expect(parts.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
  });

  it('hard-cuts a text without spaces and keeps every character', () => {
    const parts = splitMessage('x'.repeat(25), 10);
    expect(parts).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('returns one part for a short text', () => {
    expect(splitMessage('ok')).toEqual(['ok']);
  });
});

describe('backoff', () => {
  it('doubles the window per retry, caps it, and jitters within its upper half', () => {
    const o = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, { ...o, random: () => 0 })).toBe(50);
    expect(backoffDelay(1, { ...o, random: () => 1 })).toBe(100);
    expect(backoffDelay(3, { ...o, random: () => 1 })).toBe(400);
    expect(backoffDelay(10, { ...o, random: () => 1 })).toBe(1000);
  });

  it('reads Retry-After in seconds or as a date', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
