import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Sql } from 'postgres';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

/** A user as Supabase Auth's API returns it (GoTrue's models.User, the fields supabase-js reads). */
export interface AuthUser {
  id: string;
  aud: string;
  role: string;
  email: string;
  email_confirmed_at: string | null;
  phone: string;
  confirmed_at: string | null;
  last_sign_in_at: string | null;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  identities: unknown[];
  created_at: string;
  updated_at: string;
  is_anonymous: boolean;
}

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toUser(r: UserRow): AuthUser {
  return {
    id: r.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: r.email,
    email_confirmed_at: iso(r.email_confirmed_at),
    phone: '',
    confirmed_at: iso(r.email_confirmed_at),
    last_sign_in_at: iso(r.last_sign_in_at),
    app_metadata: r.raw_app_meta_data,
    user_metadata: r.raw_user_meta_data,
    identities: [],
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    is_anonymous: false,
  };
}

/** scrypt with a random salt (Supabase uses bcrypt; nobody but this stand-in reads the hash). */
async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `$scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

async function passwordMatches(password: string, stored: string | null): Promise<boolean> {
  const [, kind, salt, hash] = (stored ?? '').split('$');
  // Compared even when the user has no password, so timing does not tell which e-mails exist.
  const expected = kind === 'scrypt' && hash ? Buffer.from(hash, 'base64') : Buffer.alloc(32);
  const got = await scrypt(password, Buffer.from(salt ?? '', 'base64'), 32);
  return kind === 'scrypt' && expected.length === got.length && timingSafeEqual(expected, got);
}

/**
 * The stand-in's users, in `auth.users` as on Supabase (the local subset the console migration
 * creates), read and written as `supabase_auth_admin`, the role Supabase Auth connects as.
 */
export function authUsers(sql: Sql) {
  const asAuth = <T>(fn: (tx: Sql) => Promise<T>) =>
    sql.begin(async (tx) => {
      await tx`select set_config('role', 'supabase_auth_admin', true)`;
      return fn(tx as unknown as Sql);
    }) as Promise<T>;
  const cols = (tx: Sql) =>
    tx`id::text as id, email, encrypted_password, email_confirmed_at, last_sign_in_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at`;
  return {
    async byEmail(email: string): Promise<(AuthUser & { passwordHash: string | null }) | null> {
      const [r] = await asAuth(
        (tx) => tx<UserRow[]>`select ${cols(tx)} from auth.users where email = ${email.toLowerCase()}`,
      );
      return r ? { ...toUser(r), passwordHash: r.encrypted_password } : null;
    },
    async byId(id: string): Promise<AuthUser | null> {
      const [r] = await asAuth(
        (tx) => tx<UserRow[]>`select ${cols(tx)} from auth.users where id = ${id}::uuid`,
      );
      return r ? toUser(r) : null;
    },
    /** A confirmed user (the admin API's `email_confirm: true`); the id is kept when given. */
    async create(u: {
      email: string;
      password?: string;
      id?: string;
      userMetadata?: Record<string, unknown>;
    }): Promise<AuthUser> {
      const hash = u.password ? await hashPassword(u.password) : null;
      const [r] = await asAuth(
        (tx) => tx<UserRow[]>`
          insert into auth.users (id, email, encrypted_password, email_confirmed_at, raw_user_meta_data)
          values (${u.id ?? crypto.randomUUID()}::uuid, ${u.email.toLowerCase()}, ${hash}, now(),
                  ${JSON.stringify(u.userMetadata ?? {})}::text::jsonb)
          returning ${cols(tx)}`,
      );
      return toUser(r!);
    },
    async setPassword(id: string, password: string): Promise<void> {
      const hash = await hashPassword(password);
      await asAuth(
        (tx) =>
          tx`update auth.users set encrypted_password = ${hash}, updated_at = now() where id = ${id}::uuid`,
      );
    },
    async signedIn(id: string): Promise<AuthUser | null> {
      const [r] = await asAuth(
        (tx) =>
          tx<
            UserRow[]
          >`update auth.users set last_sign_in_at = now() where id = ${id}::uuid returning ${cols(tx)}`,
      );
      return r ? toUser(r) : null;
    },
    async list(): Promise<AuthUser[]> {
      const rows = await asAuth(
        (tx) => tx<UserRow[]>`select ${cols(tx)} from auth.users order by created_at, email`,
      );
      return rows.map(toUser);
    },
    async remove(id: string): Promise<boolean> {
      const rows = await asAuth((tx) => tx`delete from auth.users where id = ${id}::uuid returning id`);
      return rows.length > 0;
    },
    passwordMatches,
  };
}

export type AuthUsers = ReturnType<typeof authUsers>;
