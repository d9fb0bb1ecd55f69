import type { Keyring } from '@max/core';
import { migrate, startEspoStandIn, startGreenApiStandIn, startPglite } from '@max/sandbox';
import postgres from 'postgres';
import { DEMO, seedDemoOnStandIns } from './demo-tenant.ts';

/**
 * What one agent process needs around it, without the Worker: PGlite with the migrations, the
 * EspoCRM and Green-API stand-ins, and the demo tenant pointed at them. PGlite's one connection is
 * released for the agent.
 */
export async function startDemoBackends(keyring: Keyring, o: { chatMessagesPerMinute?: number } = {}) {
  const [pg, espo, green] = await Promise.all([startPglite(), startEspoStandIn(), startGreenApiStandIn()]);
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    await migrate(sql);
    await seedDemoOnStandIns(sql, keyring, espo, green);
    if (o.chatMessagesPerMinute)
      await sql`update tenants set chat_messages_per_minute = ${o.chatMessagesPerMinute} where id = ${DEMO.tenantId}`;
  } finally {
    await sql.end();
  }
  return {
    pg,
    espo,
    green,
    async stop() {
      await Promise.allSettled([espo.stop(), green.stop()]);
      await pg.stop();
    },
  };
}
