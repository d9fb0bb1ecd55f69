import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; status: number; message: string };

/** Loads once (and again on reload()), keeping the API's refusal (403: not for this role). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [value, setValue] = useState<Loaded<T>>({ state: 'loading' });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setValue({ state: 'ok', data }),
      (e: unknown) =>
        live &&
        setValue({
          state: 'error',
          status: e instanceof ApiError ? e.status : 0,
          message: e instanceof Error ? e.message : String(e),
        }),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return [value, useCallback(() => setN((x) => x + 1), [])];
}
