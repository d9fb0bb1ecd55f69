import { AppError } from '@max/core';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../src/agent/pipeline/failure.ts';
import { badAnswer } from '../../../src/crm/espo/answers.ts';

describe('what a failed attempt means for its message', () => {
  it('an answer outside the protocol is poison (retried only until it repeats), never an outage', () => {
    const e = badAnswer('not_json', { method: 'GET', path: '/Lead', status: 200 });
    const f = classifyFailure(e);
    expect(f).toEqual({ kind: 'poison', fingerprint: 'bad_answer crm GET /Lead', badAnswer: true });
    // The same failure again has the same fingerprint: that is what makes it dead on a repeat.
    expect(classifyFailure(badAnswer('not_json', { method: 'GET', path: '/Lead', status: 200 }))).toEqual(f);
  });

  it('a bug is poison with a fingerprint of where it was thrown; a different place is a different failure', () => {
    const at = (fn: () => never) => {
      try {
        fn();
      } catch (e) {
        return classifyFailure(e);
      }
      throw new Error('did not throw');
    };
    const one = () => at(() => (null as unknown as { x: () => never }).x());
    const a = one();
    expect(a).toMatchObject({
      kind: 'poison',
      badAnswer: false,
      fingerprint: expect.stringMatching(/^bug TypeError at /),
    });
    expect(one()).toEqual(a);
    expect(at(() => JSON.parse('<html>') as never)).not.toEqual(a);
  });

  it('an outage keeps waiting (and says which service); a refusal or a missing setting is dead at once; a taken-over attempt defers', () => {
    expect(classifyFailure(new AppError('unavailable', 'x', { details: { service: 'crm' } }))).toEqual({
      kind: 'outage',
      code: 'unavailable',
      service: 'crm',
    });
    expect(classifyFailure(new AppError('timeout', 'db'))).toEqual({
      kind: 'outage',
      code: 'timeout',
      service: null,
    });
    expect(classifyFailure(new AppError('bad_request', 'Tenant secret crm_api_key is not set'))).toEqual({
      kind: 'permanent',
      code: 'bad_request',
    });
    expect(
      classifyFailure(new AppError('conflict', 'x', { retryable: false, details: { kind: 'lease_lost' } })),
    ).toEqual({ kind: 'lease_lost' });
  });
});
