/**
 * Runs the EspoCRM stand-in on its own: `npx tsx packages/sandbox/src/espo/serve.ts [port]`
 * (or ESPO_STANDIN_PORT); default 8090; ESPO_STANDIN_CUSTOM=infra for the shipped customisations. Stops on Ctrl-C.
 */
import { ESPO_DEMO_CREDENTIALS as C, startEspoStandIn } from './espo-stand-in.ts';

const port = Number(process.argv[2] ?? process.env.ESPO_STANDIN_PORT ?? 8090);
const latencyMs = Number(process.env.ESPO_STANDIN_LATENCY_MS ?? 0);
const customizations = process.env.ESPO_STANDIN_CUSTOM || undefined;
const espo = await startEspoStandIn({ port, latencyMs, customizations });
console.log(`EspoCRM stand-in listening on ${espo.url} (API base ${espo.url}/api/v1)`);
console.log(`  API key user:  X-Api-Key: ${C.apiKey}`);
console.log(`  HMAC user:     key ${C.hmacApiKey} / secret ${C.hmacSecret}`);
console.log(`  admin:         ${C.adminUser} / ${C.adminPassword}`);
const stop = async () => {
  await espo.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
