import { AppError } from '@max/core';

export interface ChaosOptions {
  /** Shorter faults and fewer messages (CI). */
  quick: boolean;
  /** Scenario numbers to run (1–9), in table order; all when absent. */
  only: number[] | null;
  /** Leave the run's database in place (to read its rows after a failure). */
  keepDb: boolean;
}

export const SCENARIO_COUNT = 15;

/** `npm run chaos -- [--quick] [--only 1,4,7]`; anything else is one clear line. */
export function parseChaosArgs(argv: string[]): ChaosOptions {
  const o: ChaosOptions = { quick: false, only: null, keepDb: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') o.quick = true;
    else if (a === '--keep-db') o.keepDb = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a === '--only' ? argv[++i] : a.slice('--only='.length);
      if (!value) throw new AppError('validation', '--only needs scenario numbers, e.g. --only 1,4');
      const nums = value.split(',').map((v) => v.trim());
      if (nums.some((n) => !/^\d+$/.test(n) || Number(n) < 1 || Number(n) > SCENARIO_COUNT))
        throw new AppError('validation', `--only takes scenario numbers 1–${SCENARIO_COUNT}, got "${value}"`);
      o.only = [...new Set(nums.map(Number))].sort((a, b) => a - b);
    } else throw new AppError('validation', `unknown argument "${a}" (use --quick, --only 1,2, --keep-db)`);
  }
  return o;
}
