import { randomBytes } from 'node:crypto';
import { AppError } from '@max/core';
import postgres from 'postgres';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ChaosDatabase {
  name: string;
  /** The fresh database's URL (the stack migrates and seeds it). */
  url: string;
  drop(): Promise<void>;
  /** Leaves the database in place (`--keep-db`). */
  release(): Promise<void>;
}

/**
 * A fresh `max_chaos_<random>` database on the PostgreSQL server of `serverUrl`, so a run starts
 * from nothing and leaves nothing behind (dropped at the end, connections and all).
 */
export async function createChaosDatabase(serverUrl: string): Promise<ChaosDatabase> {
  // CHAOS_DB_PREFIX: where several people share one server, each run's database under their own prefix.
  const prefix = /^[a-z_][a-z0-9_]{0,30}$/.test(process.env.CHAOS_DB_PREFIX ?? '')
    ? process.env.CHAOS_DB_PREFIX
    : 'max_chaos_';
  const name = `${prefix}${randomBytes(5).toString('hex')}`;
  const root = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await root.unsafe(`create database ${name}`);
  } catch (e) {
    await root.end({ timeout: 1 });
    throw new AppError(
      'unavailable',
      `cannot create a database on ${redact(serverUrl)}: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      await root.unsafe(`drop database if exists ${name} with (force)`);
      await root.end({ timeout: 1 });
    },
    async release() {
      await root.end({ timeout: 1 });
    },
  };
}

/** The server URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
