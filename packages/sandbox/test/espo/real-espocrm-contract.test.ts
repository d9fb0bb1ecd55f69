import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';
import { CONTRACT_FILES, CONTRACTS_DIR, replayContracts } from './contract-replay.ts';

/**
 * The same recorded exchanges against a real, fresh EspoCRM 8.4.2 (nothing replayed on it yet):
 * when the stand-in passes the replay and the real install does too, the stand-in has not drifted
 * from EspoCRM. ESPO_CONTRACT_ROOT is the install's folder, where its webhook job is run.
 */
const env = process.env;
const ready = Boolean(
  env.ESPO_CONTRACT_URL &&
    env.ESPO_CONTRACT_ADMIN_USERNAME &&
    env.ESPO_CONTRACT_ADMIN_PASSWORD &&
    env.ESPO_CONTRACT_ROOT,
);
const run = promisify(execFile);

describe.skipIf(!ready || CONTRACT_FILES.length === 0)(
  'EspoCRM contract replay against a real EspoCRM',
  () => {
    replayContracts(async () => ({
      url: env.ESPO_CONTRACT_URL!.replace(/\/+$/, ''),
      admin: { user: env.ESPO_CONTRACT_ADMIN_USERNAME!, password: env.ESPO_CONTRACT_ADMIN_PASSWORD! },
      // What EspoCRM's cron does every minute: turn queued events into deliveries and send them.
      runWebhookQueue: async () => {
        await run('php', ['command.php', 'run-job', 'ProcessWebhookQueue'], { cwd: env.ESPO_CONTRACT_ROOT! });
      },
    }));
  },
);

if (!ready || CONTRACT_FILES.length === 0)
  describe('EspoCRM contract replay against a real EspoCRM', () => {
    it.skip(
      CONTRACT_FILES.length === 0
        ? `skipped: no recorded contracts at ${CONTRACTS_DIR}`
        : 'skipped: set ESPO_CONTRACT_URL, ESPO_CONTRACT_ADMIN_USERNAME, ESPO_CONTRACT_ADMIN_PASSWORD, ESPO_CONTRACT_ROOT (a fresh install) to run',
      () => {},
    );
  });
