import {
  AppError,
  type Clock,
  createGreenApiClient,
  createMemoryLogger,
  type GreenApiClientOptions,
} from '@max/core';
import type { GreenApiStandIn } from '@max/sandbox';
import { expect } from 'vitest';

export const ID = '1101000001';
export const CHAT = '33698765432@c.us';

/** Real time for durations, but sleeps are recorded and skipped so backoff is asserted, not waited. */
export function fakeClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { now: () => new Date(), sleep: async (ms) => void sleeps.push(ms), sleeps };
}

/** The AppError a call is rejected with (anything else, or no rejection, fails the test). */
export async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

/** A client of the stand-in's instance ID (its URL given with a trailing slash), with a recording logger and clock. */
export function standInClient(green: GreenApiStandIn, over: Partial<GreenApiClientOptions> = {}) {
  const logger = createMemoryLogger('debug');
  const clock = fakeClock();
  const c = createGreenApiClient({
    apiUrl: `${green.url}/`,
    idInstance: ID,
    apiToken: green.tokenFor(ID),
    fetch: (i, init) => fetch(i, init),
    clock,
    logger,
    random: () => 0.5,
    timeoutMs: 2000,
    ...over,
  });
  return { c, logger, clock };
}
