/** Time is injected so tests control it and core never reads a global clock. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
