#!/usr/bin/env bash
# Sourced by backup.sh, restore.sh and health.sh: MariaDB connection settings from the environment,
# written to a private option file so the password never appears on a command line or in `ps`.
# env: DB_HOST (default 127.0.0.1) DB_PORT (3306) DB_USER (root) DB_PASSWORD ('') DB_NAME (espocrm)

DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-3306}"
DB_USER="${DB_USER:-root}"
DB_NAME="${DB_NAME:-espocrm}"
DB_CNF=""

# Option-file values are double-quoted; backslash and quote must be escaped inside.
db_cnf_quote() {
  local v="${1//\\/\\\\}"
  printf '"%s"' "${v//\"/\\\"}"
}

# Creates the 0600 option file; the caller's EXIT trap must call db_cnf_cleanup.
db_cnf_create() {
  local old_umask
  old_umask="$(umask)"
  umask 077
  DB_CNF="$(mktemp "${TMPDIR:-/tmp}/max-db.XXXXXX.cnf")"
  umask "${old_umask}"
  {
    printf '[client]\n'
    printf 'host=%s\n' "$(db_cnf_quote "${DB_HOST}")"
    printf 'port=%s\n' "${DB_PORT}"
    printf 'user=%s\n' "$(db_cnf_quote "${DB_USER}")"
    printf 'password=%s\n' "$(db_cnf_quote "${DB_PASSWORD:-}")"
    printf 'default-character-set=utf8mb4\n'
  } >"${DB_CNF}"
}

db_cnf_cleanup() {
  if [[ -n "${DB_CNF}" ]]; then
    rm -f -- "${DB_CNF}"
  fi
}

# Database names are interpolated into SQL identifiers: allow only the safe subset.
db_name_check() {
  if [[ ! "$1" =~ ^[A-Za-z0-9_]{1,64}$ ]]; then
    printf 'invalid database name: %s\n' "$1" >&2
    return 1
  fi
}

db_sql() {
  mariadb --defaults-extra-file="${DB_CNF}" --batch --skip-column-names "$@"
}
