#!/usr/bin/env bash
# Backup/restore against the real MariaDB on this machine (127.0.0.1:3306, root, no password).
# Creates max_backup_test_<pid>* databases and a max_bk_<pid> user, removes them on any exit.
# Prints one line per check and "N passed, M failed"; exits 1 when any check fails.
set -Eeuo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scripts="$(cd "${here}/../scripts" && pwd)"
export DB_HOST="${TEST_DB_HOST:-127.0.0.1}" DB_PORT="${TEST_DB_PORT:-3306}"
root_user="${TEST_DB_ROOT_USER:-root}"

db="max_backup_test_$$"
db_other="${db}_other"
bk_user="max_bk_$$"
# Quote, backslash, dollar, spaces and a hash: everything an option file or a shell could mangle.
# shellcheck disable=SC2016 # a literal dollar, on purpose
bk_password='p"w\d $ecret #1'
work="$(mktemp -d "${TMPDIR:-/tmp}/max-backup-test.XXXXXX")"

passed=0 failed=0
ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
ko() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; }
check() { local d="$1"; shift; if "$@"; then ok "${d}"; else ko "${d}"; fi; }

sql() { mariadb -h "${DB_HOST}" -P "${DB_PORT}" -u "${root_user}" --default-character-set=utf8mb4 --batch --skip-column-names "$@"; }

cleanup() {
  local rc=$?
  sql -e "DROP DATABASE IF EXISTS \`${db}\`; DROP DATABASE IF EXISTS \`${db_other}\`;
    DROP USER IF EXISTS '${bk_user}'@'127.0.0.1'; DROP USER IF EXISTS '${bk_user}'@'localhost';" \
    >/dev/null 2>&1 || true
  rm -rf -- "${work}"
  exit "${rc}"
}
trap cleanup EXIT

if ! sql -e 'SELECT 1' >/dev/null 2>&1; then
  echo "MariaDB is not reachable at ${DB_HOST}:${DB_PORT}" >&2
  exit 1
fi

# --- fixture: tables with accents and emoji, a trigger and a procedure
sql <<SQL
CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE \`${db}\`;
CREATE TABLE lead (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(100), notes_count INT NOT NULL DEFAULT 0) ENGINE=InnoDB;
CREATE TABLE note (id INT AUTO_INCREMENT PRIMARY KEY, lead_id INT NOT NULL, body TEXT) ENGINE=InnoDB;
CREATE TRIGGER note_count AFTER INSERT ON note FOR EACH ROW UPDATE lead SET notes_count = notes_count + 1 WHERE id = NEW.lead_id;
CREATE PROCEDURE lead_total() SELECT COUNT(*) FROM lead;
INSERT INTO lead (id, name, email) VALUES (1, 'Élodie Müller', 'elodie@exemple.fr'), (2, 'François Çelik', 'fc@exemple.fr'), (3, 'Zoë Ångström 🚀', NULL);
INSERT INTO note (lead_id, body) VALUES (1, 'Rappel jeudi à 14h — café ☕'), (1, 'Devis envoyé'), (2, 'Intéressé par la démo');
SQL
sql -e "CREATE USER '${bk_user}'@'127.0.0.1' IDENTIFIED BY '${bk_password//\\/\\\\}';
  CREATE USER '${bk_user}'@'localhost' IDENTIFIED BY '${bk_password//\\/\\\\}';
  GRANT ALL ON \`${db}\`.* TO '${bk_user}'@'127.0.0.1'; GRANT ALL ON \`${db}\`.* TO '${bk_user}'@'localhost';
  GRANT SELECT ON mysql.proc TO '${bk_user}'@'127.0.0.1'; GRANT SELECT ON mysql.proc TO '${bk_user}'@'localhost';"

fingerprint() {
  local d="$1" t
  for t in lead note; do
    printf '%s rows=%s %s\n' "${t}" "$(sql -e "SELECT COUNT(*) FROM \`${d}\`.${t}")" \
      "$(sql -e "CHECKSUM TABLE \`${d}\`.${t}" | awk '{print $2}')"
  done
}
before="$(fingerprint "${db}")"

# A fake EspoCRM root with custom/ and uploads, to check the file archives.
espo="${work}/espo"
mkdir -p "${espo}/custom/Espo/Custom/Resources/metadata/entityDefs" "${espo}/data/upload"
printf '{"fields":{"cTenantId":{"type":"varchar"}}}\n' >"${espo}/custom/Espo/Custom/Resources/metadata/entityDefs/Lead.json"
head -c 4096 /dev/urandom >"${espo}/data/upload/66f1a2b3c4d5e6f70"

# Spy on mariadb-dump: record its argv and the option file's mode, then run the real one.
spy="${work}/spy"
mkdir -p "${spy}"
real_dump="$(command -v mariadb-dump)"
cat >"${spy}/mariadb-dump" <<SPY
#!/usr/bin/env bash
printf '%s\n' "\$*" >"${work}/dump-argv"
cnf="\${1#--defaults-extra-file=}"
stat -c '%a' "\${cnf}" >"${work}/dump-cnf-mode"
printf '%s\n' "\${cnf}" >"${work}/dump-cnf-path"
exec "${real_dump}" "\$@"
SPY
chmod +x "${spy}/mariadb-dump"

backups="${work}/backups"
run_backup() {
  PATH="${spy}:${PATH}" DB_USER="${bk_user}" DB_PASSWORD="${bk_password}" DB_NAME="${db}" \
    BACKUP_DIR="${backups}" ESPO_ROOT="${espo}" "${scripts}/backup.sh"
}

# --- backup
set_path="$(run_backup 2>"${work}/backup.log")" && rc=0 || rc=$?
check "backup exits 0" test "${rc}" -eq 0
set_name="$(basename "${set_path:-none}")"
stamp="${set_name#espocrm-}"
check "set is named espocrm-YYYYmmdd-HHMMSS" grep -Eq '^espocrm-[0-9]{8}-[0-9]{6}$' <<<"${set_name}"
check "db dump espocrm-db-<stamp>.sql.gz is a valid gzip" gzip -t "${set_path}/espocrm-db-${stamp}.sql.gz"
check "custom/ archived" test -s "${set_path}/espocrm-custom-${stamp}.tar.gz"
check "data/upload archived" test -s "${set_path}/espocrm-upload-${stamp}.tar.gz"
check "SHA256SUMS covers the 3 files and verifies" \
  bash -c "cd '${set_path}' && test \$(wc -l <SHA256SUMS) -eq 3 && sha256sum --check --strict --quiet SHA256SUMS"
check "dump holds the trigger and the procedure" \
  bash -c "gzip -dc '${set_path}/espocrm-db-${stamp}.sql.gz' | grep -q 'TRIGGER' && gzip -dc '${set_path}/espocrm-db-${stamp}.sql.gz' | grep -q 'PROCEDURE'"
check "password never on mariadb-dump's command line" bash -c "! grep -qF 'ecret' '${work}/dump-argv'"
check "option file was mode 600" grep -qx 600 "${work}/dump-cnf-mode"
check "option file removed after the run" bash -c "! test -e \"\$(cat '${work}/dump-cnf-path')\""
check "no .partial folder left" bash -c "! ls -A '${backups}' | grep -q partial"
check "backup files are not world-readable" bash -c "test \$(stat -c '%a' '${set_path}/espocrm-db-${stamp}.sql.gz') = 600"

# --- drop, restore, compare
sql -e "DROP DATABASE \`${db}\`"
restore() { DB_NAME="${db}" DB_USER="${root_user}" DB_PASSWORD="" "${scripts}/restore.sh" "$@"; }
restore "${set_path}" 2>"${work}/restore.log" && rc=0 || rc=$?
check "restore into a dropped database exits 0" test "${rc}" -eq 0
after="$(fingerprint "${db}")"
check "row counts and CHECKSUM TABLE match the original" test "${before}" = "${after}"
check "utf8mb4 accents and emoji survive" \
  test "$(sql -e "SELECT name FROM \`${db}\`.lead WHERE id = 3")" = 'Zoë Ångström 🚀'
trigger_works() {
  sql -e "INSERT INTO \`${db}\`.note (lead_id, body) VALUES (3, 'x')" &&
    test "$(sql -e "SELECT notes_count FROM \`${db}\`.lead WHERE id = 3")" = 1
}
check "trigger restored (insert bumps notes_count)" trigger_works
check "procedure restored" test "$(sql -e "CALL \`${db}\`.lead_total()")" = 3
# Back to the backed-up state for the checks below.
sql -e "DELETE FROM \`${db}\`.note WHERE lead_id = 3; UPDATE \`${db}\`.lead SET notes_count = 0 WHERE id = 3"

# --- restore without --force over a non-empty database is refused, database untouched
sql -e "INSERT INTO \`${db}\`.lead (id, name) VALUES (99, 'marqueur')"
guarded="$(fingerprint "${db}")"
restore "${set_path}" 2>"${work}/refuse.log" && rc=0 || rc=$?
check "restore over a non-empty database without --force exits 4" test "${rc}" -eq 4
check "refusal says why" grep -q 'refusing to overwrite without --force' "${work}/refuse.log"
check "database untouched after refusal" test "$(fingerprint "${db}")" = "${guarded}"

# --- a corrupted dump is refused before anything is touched
bad="${work}/bad/${set_name}"
mkdir -p "$(dirname "${bad}")"
cp -a "${set_path}" "${bad}"
dump_bad="${bad}/espocrm-db-${stamp}.sql.gz"
offset=$(( $(stat -c %s "${dump_bad}") / 2 ))
byte="$(dd if="${dump_bad}" bs=1 skip="${offset}" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')"
printf '%b' "\\$(printf '%03o' $(( byte ^ 0xFF )))" | dd of="${dump_bad}" bs=1 seek="${offset}" conv=notrunc 2>/dev/null
check "the corrupted copy really differs" bash -c "! cmp -s '${dump_bad}' '${set_path}/espocrm-db-${stamp}.sql.gz'"
restore --force "${bad}" 2>"${work}/corrupt.log" && rc=0 || rc=$?
check "restore --force of a corrupted set exits 3" test "${rc}" -eq 3
check "database untouched after the corrupted restore" test "$(fingerprint "${db}")" = "${guarded}"

# An archive slipped into the set without a checksum is refused as well.
cp -a "${set_path}" "${work}/extra"
cp "${set_path}/espocrm-db-${stamp}.sql.gz" "${work}/extra/espocrm-evil-${stamp}.tar.gz"
restore --force "${work}/extra" 2>/dev/null && rc=0 || rc=$?
check "a file not listed in SHA256SUMS is refused (exit 3)" test "${rc}" -eq 3

# --- --force replaces the database with the backup (marker row gone)
restore --force "${set_path}" 2>/dev/null && rc=0 || rc=$?
check "restore --force exits 0" test "${rc}" -eq 0
check "restore --force brings back the backed-up state" test "$(fingerprint "${db}")" = "${before}"

# --- restore into another database name, and --files
mkdir -p "${work}/espo2"
BACKUP_DIR="${work}/nowhere" DB_NAME="${db_other}" DB_USER="${root_user}" DB_PASSWORD="" \
  "${scripts}/restore.sh" "${set_name}" 2>/dev/null && rc=0 || rc=$?
check "an unknown set name exits 1" test "${rc}" -eq 1
BACKUP_DIR="${backups}" DB_NAME="${db_other}" DB_USER="${root_user}" DB_PASSWORD="" ESPO_ROOT="${work}/espo2" \
  "${scripts}/restore.sh" --files "${set_name}" 2>/dev/null && rc=0 || rc=$?
check "restore --files by set name into another database exits 0" test "${rc}" -eq 0
check "other database has the same content" test "$(fingerprint "${db_other}")" = "${before}"
check "custom/ and data/upload restored byte for byte" \
  bash -c "diff -r '${espo}/custom' '${work}/espo2/custom' && diff -r '${espo}/data/upload' '${work}/espo2/data/upload'"

# --- failures exit non-zero and leave nothing behind
count_sets() { find "${backups}" -mindepth 1 -maxdepth 1 | wc -l; }
n="$(count_sets)"
DB_USER="${bk_user}" DB_PASSWORD="wrong" DB_NAME="${db}" BACKUP_DIR="${backups}" ESPO_ROOT="${espo}" \
  "${scripts}/backup.sh" >/dev/null 2>&1 && rc=0 || rc=$?
check "backup with a wrong password exits non-zero" test "${rc}" -ne 0
DB_USER="${root_user}" DB_PASSWORD="" DB_NAME="${db}_missing" BACKUP_DIR="${backups}" ESPO_ROOT="${espo}" \
  "${scripts}/backup.sh" >/dev/null 2>&1 && rc=0 || rc=$?
check "backup of a missing database exits non-zero (failure inside the pipe)" test "${rc}" -ne 0
check "failed backups leave no set and no .partial folder" test "$(count_sets)" -eq "${n}"
DB_NAME='x`; DROP DATABASE y' BACKUP_DIR="${backups}" "${scripts}/backup.sh" >/dev/null 2>&1 && rc=0 || rc=$?
check "a database name that is not a plain identifier is rejected" test "${rc}" -ne 0

# --- retention
ret="${work}/retention"
mkdir -p "${ret}/keep-me"
for s in 20000101-000000 20000102-000000; do mkdir -p "${ret}/espocrm-${s}"; done
for h in 1 2 3; do mkdir -p "${ret}/espocrm-$(date -u -d "-${h} hours" +%Y%m%d-%H%M%S)"; done
BACKUP_DIR="${ret}" BACKUP_RETENTION_DAYS=30 DB_USER="${root_user}" DB_PASSWORD="" DB_NAME="${db}" \
  ESPO_ROOT="${espo}" "${scripts}/backup.sh" >/dev/null 2>&1 && rc=0 || rc=$?
check "backup with retention exits 0" test "${rc}" -eq 0
check "sets older than BACKUP_RETENTION_DAYS removed" \
  bash -c "! test -e '${ret}/espocrm-20000101-000000' && ! test -e '${ret}/espocrm-20000102-000000'"
check "recent sets and foreign folders kept" \
  test "$(find "${ret}" -mindepth 1 -maxdepth 1 -type d -name 'espocrm-*' | wc -l)" -eq 4 -a -d "${ret}/keep-me"
sleep 1
BACKUP_DIR="${ret}" BACKUP_RETENTION_DAYS=30 BACKUP_RETENTION_COUNT=2 DB_USER="${root_user}" DB_PASSWORD="" \
  DB_NAME="${db}" ESPO_ROOT="${espo}" "${scripts}/backup.sh" >"${work}/newest" 2>/dev/null && rc=0 || rc=$?
check "BACKUP_RETENTION_COUNT=2 keeps the 2 newest sets, including the new one" \
  bash -c "test ${rc} -eq 0 && test \$(find '${ret}' -mindepth 1 -maxdepth 1 -type d -name 'espocrm-*' | wc -l) -eq 2 && test -d \"\$(cat '${work}/newest')\""

printf '%d passed, %d failed\n' "${passed}" "${failed}"
(( failed == 0 ))
