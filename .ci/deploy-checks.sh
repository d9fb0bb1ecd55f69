#!/usr/bin/env bash
# CI (called from .ci/run): the deploy paths as shipped, without an account or the network.
#  1. the Worker's Env type is what `wrangler types` generates from wrangler.toml now;
#  2. the pinned Supabase CLI applies the migrations (and seed.sql) to a fresh PostgreSQL, the
#     project's own runner then finds nothing to do, and both leave the same schema;
#  3. `npm run deploy -- --dry-run`: the agent's deployable directory, the production Worker's
#     dry run (`wrangler deploy --env production --dry-run`) and the pending migrations.
# (The deployable directory itself, uploaded by the CLI and run from an empty directory, is
# scripts/test/agent-function.test.ts in `npm test`.)
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), as .ci/run sets up.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false NO_COLOR=1 SUPABASE_TELEMETRY_DISABLED=1

pg() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "$1"; }
stamp="$(date +%s)_$$"
cli_db="max_ci_cli_${stamp}" runner_db="max_ci_runner_${stamp}" deploy_db="max_ci_deploy_${stamp}"
cleanup() {
  for d in "${cli_db}" "${runner_db}" "${deploy_db}"; do pg "drop database if exists ${d} with (force)" || true; done
  rm -rf supabase/.temp
}
trap cleanup EXIT
url() { echo "postgres://postgres@127.0.0.1:5432/$1?sslmode=disable"; }

echo "-- the Worker's Env type is current (npm run types:worker)"
npm run -s types:worker >/dev/null
if ! git diff --quiet -- workers/webhook/worker-configuration.d.ts; then
  git diff -- workers/webhook/worker-configuration.d.ts | head -40
  echo "workers/webhook/worker-configuration.d.ts is stale: run npm run types:worker and commit it"
  exit 1
fi

echo "-- supabase db push (pinned CLI $(npx supabase --version)) on a fresh PostgreSQL, with seed.sql"
for d in "${cli_db}" "${runner_db}" "${deploy_db}"; do pg "create database ${d}"; done
npx supabase db push --db-url "$(url "${cli_db}")" --include-seed --yes
again="$(npx supabase db push --db-url "$(url "${cli_db}")" --dry-run 2>&1)"
grep -q 'Remote database is up to date' <<<"${again}" || { echo "${again}"; echo "a second push still had work"; exit 1; }
runner="$(DATABASE_URL="$(url "${cli_db}")" npm run -s db:migrate)"
echo "project runner after the CLI: ${runner##*$'\n'}"
grep -q '^0 applied' <<<"${runner##*$'\n'}" || { echo "the project's runner disagrees with the CLI's migration history"; exit 1; }
DATABASE_URL="$(url "${runner_db}")" npm run -s db:migrate | tail -1
schema() { pg_dump -h 127.0.0.1 -U postgres --schema-only --no-owner --exclude-schema=supabase_migrations "$1" | grep -v '^\\\(un\)\?restrict '; }
if ! diff <(schema "${cli_db}") <(schema "${runner_db}") >/dev/null; then
  diff <(schema "${cli_db}") <(schema "${runner_db}") | head -40
  echo "the Supabase CLI and the project's runner leave different schemas"
  exit 1
fi
echo "same schema from both"

echo "-- npm run deploy -- --dry-run (checks only: agent bundle, production Worker, pending migrations)"
SUPABASE_PROJECT_REF=cicicicicicicicicici SUPABASE_DB_URL="$(url "${deploy_db}")" \
  npm run -s deploy -- --dry-run --skip-tests
