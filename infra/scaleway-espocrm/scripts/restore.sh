#!/usr/bin/env bash
# Restores one backup set written by backup.sh.
#
# usage: restore.sh [--force] [--files] [--no-db] <set-dir | set-name>
#   <set-name>  e.g. espocrm-20250101-020000, looked up in BACKUP_DIR (default /backups)
#   --force     allow replacing a database that already has tables (it is dropped and recreated)
#   --files     also restore custom/ and data/upload into ESPO_ROOT (default /var/www/html)
#   --no-db     skip the database (with --files: files only)
# env: DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME (see lib-db.sh) — the database to restore into.
# Exit codes: 0 restored, 1 error, 2 usage, 3 checksum mismatch, 4 refused (non-empty database).
# Every checksum is verified before anything is touched.
set -Eeuo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib-db.sh
source "${here}/lib-db.sh"

log() { printf 'restore: %s\n' "$*" >&2; }
usage() { log "usage: restore.sh [--force] [--files] [--no-db] <set-dir | set-name>"; exit 2; }

force=0 files=0 with_db=1 target=""
while (( $# > 0 )); do
  case "$1" in
    --force) force=1 ;;
    --files) files=1 ;;
    --no-db) with_db=0 ;;
    -h | --help) usage ;;
    -*) log "unknown option $1"; usage ;;
    *) [[ -z "${target}" ]] || usage; target="$1" ;;
  esac
  shift
done
[[ -n "${target}" ]] || usage

set_dir="${target}"
if [[ ! -d "${set_dir}" ]]; then
  set_dir="${BACKUP_DIR:-/backups}/${target}"
fi
[[ -d "${set_dir}" ]] || { log "backup set ${target} not found"; exit 1; }
set_dir="$(cd "${set_dir}" && pwd)"
[[ -f "${set_dir}/SHA256SUMS" ]] || { log "no SHA256SUMS in ${set_dir}"; exit 3; }

trap db_cnf_cleanup EXIT

# Every file listed must match, and every archive present must be listed.
if ! (cd "${set_dir}" && sha256sum --check --strict --quiet SHA256SUMS) >&2; then
  log "checksum verification failed for ${set_dir}: nothing restored"
  exit 3
fi
for f in "${set_dir}"/*.gz; do
  [[ -e "${f}" ]] || continue
  if ! grep -q -- "  $(basename "${f}")\$" "${set_dir}/SHA256SUMS"; then
    log "$(basename "${f}") is not covered by SHA256SUMS: nothing restored"
    exit 3
  fi
done

find_one() {
  local matches=("${set_dir}"/espocrm-"$1"-*."$2")
  [[ -f "${matches[0]}" ]] && printf '%s\n' "${matches[0]}"
  return 0
}

if (( with_db )); then
  db_name_check "${DB_NAME}"
  dump="$(find_one db sql.gz)"
  [[ -n "${dump}" ]] || { log "no database dump in ${set_dir}"; exit 1; }
  db_cnf_create
  tables="$(db_sql -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '${DB_NAME}'")"
  if (( tables > 0 )); then
    if (( ! force )); then
      log "database ${DB_NAME} has ${tables} tables; refusing to overwrite without --force"
      exit 4
    fi
    log "--force: dropping ${DB_NAME} (${tables} tables)"
    db_sql -e "DROP DATABASE \`${DB_NAME}\`"
  fi
  db_sql -e "CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  log "restoring $(basename "${dump}") into ${DB_NAME}"
  gzip -dc -- "${dump}" | db_sql --database="${DB_NAME}"
  log "database restored"
fi

if (( files )); then
  espo_root="${ESPO_ROOT:-/var/www/html}"
  [[ -d "${espo_root}" ]] || { log "ESPO_ROOT ${espo_root} not found"; exit 1; }
  for label in custom upload; do
    archive="$(find_one "${label}" tar.gz)"
    if [[ -z "${archive}" ]]; then
      log "no ${label} archive in the set, skipped"
      continue
    fi
    # Archives hold only custom/ or data/upload/ (relative): refuse anything else.
    if tar -tzf "${archive}" | grep -qvE '^(custom|data/upload)(/|$)'; then
      log "$(basename "${archive}") holds paths outside custom/ and data/upload/: refused"
      exit 1
    fi
    # As root (the compose restore job) tar keeps the archived owner, www-data's uid; as another
    # user the files become that user's.
    tar -C "${espo_root}" -xzf "${archive}" --numeric-owner
    log "restored ${label} into ${espo_root}"
  done
  log "run 'php command.php rebuild' in EspoCRM (or restart the stack) to apply restored metadata"
fi
