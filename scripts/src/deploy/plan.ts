import { isPublicHttpsUrl } from '@max/core/shared';

export interface Command {
  /** What the step is, for the progress line. */
  label: string;
  cmd: string;
  args: string[];
}

export interface DeployPlan {
  agentUrl: string;
  supabaseUrl: string;
  /** Run first, in order; any failure stops everything before a deploy. */
  checks: Command[];
  /** Run after every check passed (none with --dry-run): database, agent function, Worker. */
  deploys: Command[];
}

export interface DeployOptions {
  /** Run the checks only (no credentials needed but the database URL). */
  dryRun: boolean;
  /** Leave `npm test` out of the checks (e.g. CI just ran it on this commit). */
  skipTests: boolean;
  /** Where the Worker's dry-run bundle goes. */
  outDir: string;
}

type Env = Record<string, string | undefined>;
const PROJECT_REF = /^[a-z]{20}$/;

/**
 * What `npm run deploy` does with the user's environment, or why it cannot: every missing or wrong
 * setting at once, before anything runs. The agent's URL defaults to the project's function URL
 * and must be a public https URL (a production Worker pointed at 127.0.0.1 is refused here, and
 * again by the Worker itself).
 */
export function deployPlan(env: Env, o: DeployOptions): { problems: string[] } | DeployPlan {
  const problems: string[] = [];
  const ref = env.SUPABASE_PROJECT_REF ?? '';
  if (!PROJECT_REF.test(ref))
    problems.push(
      ref
        ? `SUPABASE_PROJECT_REF must be the project's 20-letter reference, got "${ref}"`
        : 'SUPABASE_PROJECT_REF is not set (the 20-letter reference in https://<ref>.supabase.co)',
    );
  if (!env.SUPABASE_DB_URL)
    problems.push("SUPABASE_DB_URL is not set (the database's connection string, for the migrations)");
  else if (!/^postgres(ql)?:\/\//.test(env.SUPABASE_DB_URL))
    problems.push('SUPABASE_DB_URL must be a postgres:// connection string');
  if (!o.dryRun) {
    if (!env.SUPABASE_ACCESS_TOKEN)
      problems.push('SUPABASE_ACCESS_TOKEN is not set (supabase.com account token)');
    if (!env.CLOUDFLARE_API_TOKEN) problems.push('CLOUDFLARE_API_TOKEN is not set (Workers, Queues: edit)');
  }
  const supabaseUrl = env.SUPABASE_URL ?? `https://${ref}.supabase.co`;
  const agentUrl = env.AGENT_URL ?? `${supabaseUrl}/functions/v1/agent`;
  if (!isPublicHttpsUrl(agentUrl))
    problems.push(`AGENT_URL must be https on a public host (the deployed function), got "${agentUrl}"`);
  if (!isPublicHttpsUrl(supabaseUrl))
    problems.push(`SUPABASE_URL must be https on a public host, got "${supabaseUrl}"`);
  if (problems.length) return { problems };

  const db = env.SUPABASE_DB_URL!;
  const workerVars = ['--var', `AGENT_URL:${agentUrl}`, '--var', `SUPABASE_URL:${supabaseUrl}`];
  const checks: Command[] = [
    ...(o.skipTests ? [] : [{ label: 'every test suite', cmd: 'npm', args: ['test'] }]),
    { label: 'the agent function, self-contained', cmd: 'npm', args: ['run', 'build:agent'] },
    // The console's files ship with the Worker ([assets]): built before its dry run and its deploy.
    { label: 'the web console', cmd: 'npm', args: ['-w', 'apps/console', 'run', 'build'] },
    {
      label: 'the production Worker bundles with its bindings',
      cmd: 'npx',
      args: ['wrangler', 'deploy', '--env', 'production', '--dry-run', '--outdir', o.outDir, ...workerVars],
    },
    {
      label: 'the migrations the database is missing',
      cmd: 'npx',
      args: ['supabase', 'db', 'push', '--dry-run', '--db-url', db],
    },
  ];
  const deploys: Command[] = o.dryRun
    ? []
    : [
        {
          label: 'database: migrations',
          cmd: 'npx',
          args: ['supabase', 'db', 'push', '--yes', '--db-url', db],
        },
        {
          label: 'agent function',
          cmd: 'npx',
          args: [
            'supabase',
            'functions',
            'deploy',
            'agent',
            '--use-api',
            '--workdir',
            'dist/agent',
            '--project-ref',
            ref,
          ],
        },
        {
          label: 'Worker',
          cmd: 'npx',
          args: ['wrangler', 'deploy', '--env', 'production', ...workerVars],
        },
      ];
  return { agentUrl, supabaseUrl, checks, deploys };
}

/** A command as it may be printed: a connection string's password never is. */
export function printable(c: Command): string {
  return [c.cmd, ...c.args]
    .map((a) => a.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@'))
    .join(' ');
}
