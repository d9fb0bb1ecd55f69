/**
 * Runs the Green-API stand-in on its own:
 *   npx tsx packages/sandbox/src/greenapi/serve.ts [--port 8091] [--latency 0]
 *       [--token 1101000001:secret …] [--instance 1101000001 …]
 * Env: GREENAPI_STANDIN_PORT (or PORT), GREENAPI_TOKENS="id:token,id:token", GREENAPI_LATENCY_MS.
 * Without tokens every instance exists with a derived token; `--instance` prints it.
 */
import { parseArgs } from 'node:util';
import { startGreenApiStandIn } from './green-api-stand-in.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    latency: { type: 'string' },
    token: { type: 'string', multiple: true },
    instance: { type: 'string', multiple: true },
  },
});

const pairs = [...(values.token ?? []), ...(process.env.GREENAPI_TOKENS ?? '').split(',')].filter(Boolean);
const tokens = pairs.length
  ? Object.fromEntries(
      pairs.map((p) => {
        const at = p.indexOf(':');
        if (at < 1) throw new Error(`--token expects <idInstance>:<token>, got "${p}"`);
        return [p.slice(0, at), p.slice(at + 1)];
      }),
    )
  : undefined;
const port = Number(values.port ?? process.env.GREENAPI_STANDIN_PORT ?? process.env.PORT ?? 8091);
const latencyMs = Number(values.latency ?? process.env.GREENAPI_LATENCY_MS ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${port}`);

const standIn = await startGreenApiStandIn({ port, latencyMs, ...(tokens ? { tokens } : {}) });
console.log(JSON.stringify({ event: 'greenapi.standin.listening', url: standIn.url }));
// A local sandbox: printing its own test tokens is how the developer configures the client.
for (const id of values.instance ?? [])
  console.log(JSON.stringify({ idInstance: id, apiToken: standIn.tokenFor(id) }));

const stop = async () => {
  await standIn.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
