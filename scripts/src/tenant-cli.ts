/**
 * `npm run tenant -- <command>`: operate tenants in the database at DATABASE_URL (Supabase's
 * connection string in production, the local PostgreSQL, or the dev stack started with it). Every
 * command calls core's operate/ — the functions /api/admin runs — and is audited as cli:<user>.
 * Secrets are sealed here with MAX_SECRET_KEYS before they reach SQL. One command per file in
 * tenant/, dispatched by tenant/dispatch.ts.
 */
import { runTenantCli } from './tenant/dispatch.ts';

process.exitCode = await runTenantCli(process.argv.slice(2));
