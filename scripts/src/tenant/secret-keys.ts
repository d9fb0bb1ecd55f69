import { generateKeyBase64, reencryptAllSecrets } from '@max/core';
import type { CliCommand } from './command.ts';

/** A new key for MAX_SECRET_KEYS (needs no database: the dispatcher runs it before connecting). */
export const keygen = {
  name: 'keygen',
  usage: 'keygen                              a new key for MAX_SECRET_KEYS',
  run(): void {
    const id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
    console.log(JSON.stringify({ activeKeyId: id, keys: { [id]: generateKeyBase64() } }));
    console.log(
      'Merge the new key into MAX_SECRET_KEYS (keep the old ones until `rotate` has run), then make it active.',
    );
  },
};

/** Every secret re-encrypted under the active key id. */
export const rotateSecrets: CliCommand = {
  name: 'rotate',
  usage: 'rotate                              re-encrypt every secret under the active key id',
  async run(ctx) {
    const ring = ctx.keyring();
    console.log(
      `✔ ${await reencryptAllSecrets(ring, ctx.sql)} secret(s) re-encrypted under ${ring.activeKeyId}`,
    );
  },
};
