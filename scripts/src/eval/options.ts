export interface EvalOptions {
  /** A .jsonl file or a folder of them. */
  corpus: string;
  /** Only the cases whose id starts with this. */
  only: string | null;
  /** The accuracy under which the run fails (0–1). */
  min: number;
  /** Cases played at once (each in its own chat, tenant and CRM). */
  concurrency: number;
  /** Where the figures are written. */
  out: string;
}

export const DEFAULT_CORPUS = 'eval/corpus';

/** `npm run eval -- [--corpus <file|dir>] [--only <id prefix>] [--min 0.95] [--concurrency 4]`. */
export function parseEvalArgs(argv: string[]): EvalOptions {
  const o: EvalOptions = {
    corpus: DEFAULT_CORPUS,
    only: null,
    min: 0.95,
    concurrency: 4,
    out: 'bench/eval.json',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--corpus') o.corpus = value();
    else if (flag === '--only') o.only = value();
    else if (flag === '--out') o.out = value();
    else if (flag === '--min') {
      const v = Number(value());
      if (!(v >= 0 && v <= 1)) throw new Error('--min is a share between 0 and 1, e.g. 0.95');
      o.min = v;
    } else if (flag === '--concurrency') {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1 || v > 32)
        throw new Error('--concurrency is a whole number from 1 to 32');
      o.concurrency = v;
    } else throw new Error(`unknown argument "${a}" (use --corpus, --only, --min, --concurrency, --out)`);
  }
  return o;
}
