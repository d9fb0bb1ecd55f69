import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DeployPlan, deployPlan, printable } from '../src/deploy/plan.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const REF = 'abcdefghijklmnopqrst';
const CREDS = {
  SUPABASE_PROJECT_REF: REF,
  SUPABASE_DB_URL: `postgresql://postgres.${REF}:s3cret-pw@aws-0-eu-west-3.pooler.supabase.com:5432/postgres`,
  SUPABASE_ACCESS_TOKEN: 'sbp_token',
  CLOUDFLARE_API_TOKEN: 'cf_token',
};
const opts = { dryRun: false, skipTests: false, outDir: '/tmp/out' };
const planOf = (env: Record<string, string | undefined>, o = opts) => {
  const p = deployPlan(env, o);
  if ('problems' in p) throw new Error(p.problems.join('; '));
  return p as DeployPlan;
};
const line = (p: DeployPlan) => [...p.checks, ...p.deploys].map(printable);

describe('npm run deploy: what runs, in which order, with which settings', () => {
  it('checks first (tests, agent bundle, console build, Worker dry run, pending migrations), then database, function, Worker', () => {
    const p = planOf(CREDS);
    expect(p.checks.map((c) => c.label)).toEqual([
      'every test suite',
      'the agent function, self-contained',
      'the web console',
      'the production Worker bundles with its bindings',
      'the migrations the database is missing',
    ]);
    expect(p.deploys.map((c) => c.label)).toEqual(['database: migrations', 'agent function', 'Worker']);
    expect(p.deploys[1]!.args).toEqual([
      'supabase',
      'functions',
      'deploy',
      'agent',
      '--use-api',
      '--workdir',
      'dist/agent',
      '--project-ref',
      REF,
    ]);
  });

  it("the Worker is deployed as env production with the project's function as AGENT_URL", () => {
    const p = planOf(CREDS);
    const agent = `https://${REF}.supabase.co/functions/v1/agent`;
    expect(p.agentUrl).toBe(agent);
    const worker = p.deploys.at(-1)!.args;
    expect(worker.slice(0, 4)).toEqual(['wrangler', 'deploy', '--env', 'production']);
    expect(worker).toContain(`AGENT_URL:${agent}`);
    expect(worker).toContain(`SUPABASE_URL:https://${REF}.supabase.co`);
    const dryRun = p.checks.find((c) => c.label === 'the production Worker bundles with its bindings')!;
    expect(dryRun.args).toEqual(
      expect.arrayContaining(['--dry-run', '--env', 'production', `AGENT_URL:${agent}`]),
    );
  });

  it('an explicit public AGENT_URL wins; --skip-tests leaves the tests out; --dry-run deploys nothing', () => {
    const p = planOf({ ...CREDS, AGENT_URL: 'https://agent.example.com/fn' }, { ...opts, skipTests: true });
    expect(p.agentUrl).toBe('https://agent.example.com/fn');
    expect(p.checks.map((c) => c.label)).not.toContain('every test suite');
    const dry = planOf(
      { SUPABASE_PROJECT_REF: REF, SUPABASE_DB_URL: CREDS.SUPABASE_DB_URL },
      { ...opts, dryRun: true },
    );
    expect(dry.deploys).toEqual([]);
  });

  it('refuses without credentials, naming every missing one at once', () => {
    const p = deployPlan({}, opts);
    expect('problems' in p && p.problems.map((x) => x.split(' ')[0])).toEqual([
      'SUPABASE_PROJECT_REF',
      'SUPABASE_DB_URL',
      'SUPABASE_ACCESS_TOKEN',
      'CLOUDFLARE_API_TOKEN',
    ]);
  });

  it.each([
    ['the local agent', 'http://127.0.0.1:54321/functions/v1/agent'],
    ['loopback over https', 'https://127.0.0.1/functions/v1/agent'],
    ['localhost', 'https://localhost/functions/v1/agent'],
    ['plain http', `http://${REF}.supabase.co/functions/v1/agent`],
    ['a private address', 'https://10.0.0.8/agent'],
  ])('refuses AGENT_URL = %s', (_name, url) => {
    const p = deployPlan({ ...CREDS, AGENT_URL: url }, opts);
    expect(p).toEqual({ problems: [expect.stringMatching(/^AGENT_URL must be https on a public host/)] });
  });

  it('refuses a project reference that is not one (it would name another URL)', () => {
    const p = deployPlan({ ...CREDS, SUPABASE_PROJECT_REF: 'evil.example.com/x?' }, opts);
    expect('problems' in p && p.problems[0]).toMatch(/^SUPABASE_PROJECT_REF must be the project's 20-letter/);
  });

  it('never prints the database password', () => {
    const printed = line(planOf(CREDS)).join('\n');
    expect(printed).not.toContain('s3cret-pw');
    expect(printed).toContain(`postgresql://postgres.${REF}:***@aws-0-eu-west-3.pooler.supabase.com`);
  });

  it('the command itself refuses, runs nothing and exits 2 without credentials or with a local AGENT_URL', () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const bare = spawnSync('npx', ['tsx', 'scripts/src/deploy.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('npm run deploy: nothing was run');
    expect(bare.stderr).toContain('CLOUDFLARE_API_TOKEN is not set');
    expect(bare.stdout).not.toContain('▶');
    const local = spawnSync('npx', ['tsx', 'scripts/src/deploy.ts'], {
      cwd: ROOT,
      env: { ...env, ...CREDS, AGENT_URL: 'http://127.0.0.1:54321/functions/v1/agent' },
      encoding: 'utf8',
    });
    expect(local.status).toBe(2);
    expect(local.stderr).toContain('AGENT_URL must be https on a public host');
    expect(local.stdout).not.toContain('▶');
  }, 30_000);
});
