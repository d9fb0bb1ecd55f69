#!/usr/bin/env bash
# One backup set of EspoCRM: the database and, when present, custom/ and data/upload.
#
#   <BACKUP_DIR>/espocrm-YYYYmmdd-HHMMSS/
#     espocrm-db-YYYYmmdd-HHMMSS.sql.gz       mariadb-dump --single-transaction --routines --triggers
#     espocrm-custom-YYYYmmdd-HHMMSS.tar.gz   custom/ (metadata, layouts, PHP classes)
#     espocrm-upload-YYYYmmdd-HHMMSS.tar.gz   data/upload (attachments)
#     SHA256SUMS                              checked by restore.sh
#
# env: DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME (see lib-db.sh), BACKUP_DIR (default /backups),
#      ESPO_ROOT (default /var/www/html; skipped when absent), BACKUP_RETENTION_DAYS (default 14,
#      0 = keep all), BACKUP_RETENTION_COUNT (default 0 = no count limit). Times are UTC.
# The set is built in a hidden .partial folder and renamed when complete: a failed run leaves
# nothing that looks like a backup, and exits non-zero.
set -Eeuo pipefail
umask 077

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib-db.sh
source "${here}/lib-db.sh"

backup_dir="${BACKUP_DIR:-/backups}"
espo_root="${ESPO_ROOT:-/var/www/html}"
retention_days="${BACKUP_RETENTION_DAYS:-14}"
retention_count="${BACKUP_RETENTION_COUNT:-0}"

log() { printf 'backup: %s\n' "$*" >&2; }

[[ "${retention_days}" =~ ^[0-9]+$ ]] || { log "BACKUP_RETENTION_DAYS must be a number"; exit 2; }
[[ "${retention_count}" =~ ^[0-9]+$ ]] || { log "BACKUP_RETENTION_COUNT must be a number"; exit 2; }
db_name_check "${DB_NAME}"

stamp="$(date -u +%Y%m%d-%H%M%S)"
set_name="espocrm-${stamp}"
final="${backup_dir}/${set_name}"
partial="${backup_dir}/.partial-${set_name}-$$"

cleanup() {
  local rc=$?
  db_cnf_cleanup
  if [[ -n "${partial}" && -d "${partial}" ]]; then
    rm -rf -- "${partial}"
  fi
  if (( rc != 0 )); then
    log "FAILED (exit ${rc})"
  fi
  exit "${rc}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p -- "${backup_dir}"
if [[ -e "${final}" ]]; then
  log "${final} already exists"
  exit 1
fi
mkdir -- "${partial}"
db_cnf_create

db_file="espocrm-db-${stamp}.sql.gz"
log "dumping ${DB_NAME} from ${DB_HOST}:${DB_PORT}"
# pipefail makes a failing dump fail the pipeline even though gzip succeeds.
mariadb-dump --defaults-extra-file="${DB_CNF}" --single-transaction --routines --triggers \
  --hex-blob --default-character-set=utf8mb4 "${DB_NAME}" \
  | gzip -9 >"${partial}/${db_file}"
# A dump cut short (server gone, disk full) lacks mariadb-dump's closing comment.
gzip -t "${partial}/${db_file}"
if ! gzip -dc "${partial}/${db_file}" | tail -n 1 | grep -q '^-- Dump completed'; then
  log "dump of ${DB_NAME} is incomplete"
  exit 1
fi

archive() {
  local label="$1" rel="$2"
  if [[ -d "${espo_root}/${rel}" ]]; then
    tar -C "${espo_root}" -czf "${partial}/espocrm-${label}-${stamp}.tar.gz" -- "${rel}"
    log "archived ${rel}"
  else
    log "no ${espo_root}/${rel}, skipped"
  fi
}
archive custom custom
archive upload data/upload

(cd "${partial}" && sha256sum -- espocrm-*-"${stamp}".* >SHA256SUMS)
mv -- "${partial}" "${final}"
partial=""
log "wrote ${final}"

# Retention: set names carry their UTC time, so file copies with fresh mtimes age correctly.
mapfile -t sets < <(find "${backup_dir}" -mindepth 1 -maxdepth 1 -type d \
  -regextype posix-extended -regex '.*/espocrm-[0-9]{8}-[0-9]{6}' -printf '%f\n' | sort -r)
cutoff=""
if (( retention_days > 0 )); then
  cutoff="espocrm-$(date -u -d "-${retention_days} days" +%Y%m%d-%H%M%S)"
fi
kept=0
for s in "${sets[@]}"; do
  if [[ "${s}" == "${set_name}" ]]; then
    kept=$((kept + 1))
    continue
  fi
  if [[ -n "${cutoff}" && "${s}" < "${cutoff}" ]] || (( retention_count > 0 && kept >= retention_count )); then
    rm -rf -- "${backup_dir:?}/${s}"
    log "retention removed ${s}"
  else
    kept=$((kept + 1))
  fi
done
printf '%s\n' "${final}"
