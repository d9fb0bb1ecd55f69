import type { Reporter, TestModule, TestUserConfig, Vitest } from 'vitest/node';

/**
 * A test file's bound, watched from Vitest's main process (so it holds for any pool, workerd's
 * included): the clock starts when a worker picks the file up and stops when the file ends. Past
 * the bound the run is stuck somewhere no per-test timeout reaches (a worker waiting forever on
 * an RPC after the file's last test, an import that never resolves): it prints the file's name
 * and exits non-zero instead of sitting silent. Vitest has no per-file timeout of its own.
 */
export class FileBoundReporter implements Reporter {
  private readonly started = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private root = process.cwd();

  constructor(
    private readonly boundMs: number,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestModuleQueued(module: TestModule): void {
    if (this.started.has(module.moduleId)) return;
    const timer = setTimeout(() => this.stuck(module), this.boundMs);
    timer.unref();
    this.started.set(module.moduleId, { at: Date.now(), timer });
  }

  onTestModuleEnd(module: TestModule): void {
    const s = this.started.get(module.moduleId);
    if (s) clearTimeout(s.timer);
    this.started.delete(module.moduleId);
  }

  onTestRunEnd(): void {
    for (const s of this.started.values()) clearTimeout(s.timer);
    this.started.clear();
  }

  private stuck(module: TestModule): void {
    const name = module.moduleId.startsWith(this.root)
      ? module.moduleId.slice(this.root.length + 1)
      : module.moduleId;
    const others = [...this.started.keys()].filter((id) => id !== module.moduleId);
    process.stderr.write(
      `\n✘ test file ${name} has not finished ${Math.round(this.boundMs / 1000)} s after it started ` +
        `(its bound; per-test timeouts did not fire, so it is stuck between tests or after the last one): ` +
        `the run is stopped${others.length ? ` (also unfinished: ${others.length} file(s))` : ''}\n`,
    );
    this.exit(1);
  }
}

/**
 * The reporters of a suite: the default one, the per-file bound, and a JSON report when
 * MAX_TEST_JSON names a file (how `npm test` counts tests; a reporter given on the command line
 * would replace these, bound included).
 */
export function boundedReporters(fileBoundMs: number): NonNullable<TestUserConfig['reporters']> {
  const json = process.env.MAX_TEST_JSON;
  return [
    'default',
    new FileBoundReporter(fileBoundMs),
    ...(json ? [['json', { outputFile: json }] as ['json', { outputFile: string }]] : []),
  ];
}
