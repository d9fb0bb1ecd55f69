import { describe, it } from 'vitest';
import { ESPO_DEMO_CREDENTIALS, startEspoStandIn } from '../../src/espo/index.ts';
import { CONTRACT_FILES, CONTRACTS_DIR, replayContracts } from './contract-replay.ts';

/** The stand-in answers every recorded EspoCRM 8.4.2 exchange as the real install did. */
describe.skipIf(CONTRACT_FILES.length === 0)('EspoCRM contract replay against the stand-in', () => {
  replayContracts(async () => {
    // Only the admin exists at first, as in a fresh install: the API users come from files 04/05.
    const espo = await startEspoStandIn({ port: 0, users: 'admin-only' });
    return {
      url: espo.url,
      admin: { user: ESPO_DEMO_CREDENTIALS.adminUser, password: ESPO_DEMO_CREDENTIALS.adminPassword },
      runWebhookQueue: () => espo.runWebhookQueue().then(() => {}),
      stop: espo.stop,
    };
  });
});

if (CONTRACT_FILES.length === 0)
  describe('EspoCRM contract replay against the stand-in', () => {
    it.skip(`skipped: no recorded contracts at ${CONTRACTS_DIR}`, () => {});
  });
