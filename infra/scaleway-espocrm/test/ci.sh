#!/usr/bin/env bash
# CI for infra/scaleway-espocrm (called from .ci/run). Each step prints PASS/FAIL/SKIP;
# the last line is "N passed, M failed"; exit 1 when any step failed.
# Needs: bash, python3 or node (JSON), the MariaDB server on 127.0.0.1:3306 (root, no password)
# and its client. Installs shellcheck (and php-cli for the PHP checks) with apt-get when missing.
set -Euo pipefail

stack="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${stack}" || exit 1

passed=0 failed=0
pass() { passed=$((passed + 1)); printf 'PASS  %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; }
skip() { printf 'SKIP  %s\n' "$1"; }
step() {
  local name="$1"; shift
  printf -- '--- %s\n' "${name}"
  if "$@"; then pass "${name}"; else fail "${name}"; fi
}

as_root() {
  if (( EUID == 0 )); then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}
apt_updated=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if (( ! apt_updated )); then as_root apt-get update -qq || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# --- tools
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck missing: apt-get install shellcheck"
  apt_install shellcheck || true
fi
if ! command -v php >/dev/null 2>&1; then
  echo "php missing: apt-get install php-cli (PHP lint and the install-custom test)"
  apt_install php-cli || true
fi

mapfile -t shell_scripts < <(find scripts test -name '*.sh' -type f | sort)

run_shellcheck() {
  command -v shellcheck >/dev/null 2>&1 || { echo "shellcheck unavailable"; return 1; }
  shellcheck -x -P SCRIPTDIR "${shell_scripts[@]}"
}
step "shellcheck (${#shell_scripts[@]} scripts)" run_shellcheck

# --- JSON validity and metadata completeness (node preferred, python3 otherwise)
check_metadata_node() {
  node - "${stack}" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const root = process.argv[2];
const base = path.join(root, 'custom/Espo/Custom');
const res = path.join(base, 'Resources');
const errors = [];
const walk = (d) => fs.readdirSync(d, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
const files = [...walk(base).filter((f) => f.endsWith('.json')), path.join(root, 'layout-additions.json')];
const parsed = new Map();
for (const f of files) {
  try { parsed.set(f, JSON.parse(fs.readFileSync(f, 'utf8'))); }
  catch (e) { errors.push(`${path.relative(root, f)}: ${e.message}`); }
}
console.log(`${files.length} JSON files parsed`);
const read = (rel) => parsed.get(path.join(res, rel));
// Every custom entity ships everything EspoCRM 8.x needs, and every link has its foreign side.
const scopes = fs.readdirSync(path.join(res, 'metadata/scopes')).map((f) => f.replace(/\.json$/, ''));
for (const name of scopes) {
  const scope = read(`metadata/scopes/${name}.json`) ?? {};
  if (!scope.entity || scope.type !== 'Base' || scope.module !== 'Custom' || !scope.isCustom) {
    errors.push(`scopes/${name}: entity/type/module/isCustom`);
  }
  for (const rel of [`metadata/entityDefs/${name}.json`, `metadata/clientDefs/${name}.json`,
    `metadata/recordDefs/${name}.json`, `i18n/en_US/${name}.json`, `i18n/fr_FR/${name}.json`,
    `layouts/${name}/detail.json`, `layouts/${name}/list.json`]) {
    if (!read(rel)) errors.push(`${name}: missing ${rel}`);
  }
  for (const php of [`Controllers/${name}.php`, `Entities/${name}.php`]) {
    const p = path.join(base, php);
    if (!fs.existsSync(p) || !fs.readFileSync(p, 'utf8').includes(`class ${name} extends`)) {
      errors.push(`${name}: missing class in ${php}`);
    }
  }
  if (read(`metadata/clientDefs/${name}.json`)?.controller !== 'controllers/record') {
    errors.push(`${name}: clientDefs.controller`);
  }
  const defs = read(`metadata/entityDefs/${name}.json`) ?? {};
  if (!defs.collection?.orderBy) errors.push(`${name}: collection.orderBy`);
  for (const lang of ['en_US', 'fr_FR']) {
    const g = read(`i18n/${lang}/Global.json`) ?? {};
    if (!g.scopeNames?.[name] || !g.scopeNamesPlural?.[name]) errors.push(`${name}: ${lang} Global scope names`);
    const t = read(`i18n/${lang}/${name}.json`) ?? {};
    for (const f of Object.keys(defs.fields ?? {})) if (!t.fields?.[f]) errors.push(`${name}: ${lang} label for ${f}`);
  }
  for (const [link, def] of Object.entries(defs.links ?? {})) {
    if (!def.foreign) continue;
    const other = read(`metadata/entityDefs/${def.entity}.json`);
    const back = other?.links?.[def.foreign];
    if (!back || back.entity !== name || back.foreign !== link) {
      errors.push(`${name}.${link}: foreign ${def.entity}.${def.foreign} not declared back`);
    }
    if (def.type === 'belongsTo' && defs.fields?.[link]?.type !== 'link') errors.push(`${name}.${link}: link field`);
  }
}
// Shared mode: cTenantId (varchar 64, indexed) on every entity the agent writes.
for (const e of ['Lead', 'Contact', 'Account', 'Opportunity', 'Task', 'Call', 'Meeting', 'Note', ...scopes]) {
  const d = read(`metadata/entityDefs/${e}.json`);
  const f = d?.fields?.cTenantId;
  if (f?.type !== 'varchar' || f.maxLength !== 64) errors.push(`${e}: cTenantId varchar(64)`);
  if (d?.indexes?.cTenantId?.columns?.[0] !== 'cTenantId') errors.push(`${e}: cTenantId index`);
  for (const lang of ['en_US', 'fr_FR']) {
    if (!read(`i18n/${lang}/${e}.json`)?.fields?.cTenantId) errors.push(`${e}: ${lang} cTenantId label`);
  }
}
console.log(`${scopes.length} custom entities checked: ${scopes.join(', ')}`);
for (const e of errors) console.error(`  ${e}`);
process.exit(errors.length ? 1 : 0);
JS
}
check_json_python() {
  python3 - <<'PY'
import json, pathlib, sys
files = [*pathlib.Path('custom').rglob('*.json'), pathlib.Path('layout-additions.json')]
bad = 0
for f in files:
    try:
        json.loads(f.read_text(encoding='utf-8'))
    except ValueError as e:
        bad += 1
        print(f'  {f}: {e}', file=sys.stderr)
print(f'{len(files)} JSON files parsed (python3; metadata completeness needs node)')
sys.exit(1 if bad else 0)
PY
}
if command -v node >/dev/null 2>&1; then
  step "metadata JSON valid and complete (node)" check_metadata_node
elif command -v python3 >/dev/null 2>&1; then
  step "metadata JSON valid (python3)" check_json_python
else
  fail "metadata JSON: neither node nor python3 available"
fi

# --- PHP syntax
php_lint() {
  local f rc=0
  while IFS= read -r f; do php -l "${f}" >/dev/null || { echo "  ${f}"; rc=1; }; done \
    < <(find custom scripts -name '*.php' -type f | sort)
  return "${rc}"
}
if command -v php >/dev/null 2>&1; then
  step "php -l on controllers, entities and merge-custom.php" php_lint
else
  skip "php -l: php not installed"
fi

# --- compose file
compose_structure_python() {
  python3 - <<'PY'
import re, sys, yaml
d = yaml.safe_load(open('docker-compose.yml'))
s = d['services']
err = []
def need(cond, msg):
    if not cond: err.append(msg)
for name, svc in s.items():
    need('ports' not in svc, f'{name}: publishes ports')
    img = svc.get('image', '')
    need(re.match(r'^[\w./-]+:[\w.-]+$', img) and not img.endswith(':latest'), f'{name}: image not pinned ({img})')
    need('restart' in svc, f'{name}: no restart policy')
    need(svc.get('security_opt') == ['no-new-privileges:true'], f'{name}: no-new-privileges')
    if name != 'restore':
        need(svc.get('deploy', {}).get('resources', {}).get('limits', {}).get('memory'), f'{name}: no memory limit')
need(s['espocrm']['image'].startswith('espocrm/espocrm:8.'), 'espocrm pinned to 8.x')
need(s['mariadb']['image'].startswith('mariadb:10.11'), 'mariadb 10.11')
need('healthcheck.sh' in s['mariadb']['healthcheck']['test'] and '--innodb_initialized' in s['mariadb']['healthcheck']['test'], 'mariadb healthcheck')
need(any('/var/lib/mysql' in v for v in s['mariadb']['volumes']), 'mariadb volume')
need(s['cloudflared']['image'].startswith('cloudflare/cloudflared:'), 'cloudflared image')
need(s['cloudflared']['command'] == 'tunnel --no-autoupdate run', 'cloudflared command')
need(s['cloudflared']['environment']['TUNNEL_TOKEN'].startswith('${TUNNEL_TOKEN'), 'TUNNEL_TOKEN from env')
need(s['cloudflared'].get('user') == 'nonroot', 'cloudflared nonroot')
need('db' not in s['cloudflared']['networks'], 'cloudflared must not reach the db network')
need(d['networks']['db'].get('internal') is True, 'db network internal')
need(s['mariadb']['networks'] == ['db'], 'mariadb only on db')
need(s['espocrm-daemon']['entrypoint'] == 'docker-daemon.sh', 'daemon entrypoint')
need(s['espocrm-websocket']['entrypoint'] == 'docker-websocket.sh', 'websocket entrypoint')
need(s['espocrm-websocket']['environment'].get('ESPOCRM_CONFIG_USE_WEB_SOCKET'), 'websocket config')
need(s['espocrm']['depends_on']['mariadb']['condition'] == 'service_healthy', 'espocrm waits for healthy db')
need(s['espocrm-custom']['depends_on']['espocrm']['condition'] == 'service_healthy', 'custom init waits for espocrm')
need(s['espocrm-daemon']['depends_on']['espocrm-custom']['condition'] == 'service_completed_successfully', 'daemon after custom init')
need('install-custom.sh' in ' '.join(s['espocrm-custom']['entrypoint']), 'custom init runs install-custom.sh')
for name in ('espocrm', 'espocrm-daemon', 'espocrm-websocket', 'mariadb', 'backup', 'restore'):
    for k, v in (s[name].get('environment') or {}).items():
        if re.search('PASSWORD|TOKEN|SECRET', k):
            need(str(v).startswith('${'), f'{name}.{k}: literal secret')
for e in err: print('  ' + e, file=sys.stderr)
print(f'{len(s)} services checked (python3 yaml)')
sys.exit(1 if err else 0)
PY
}
compose_structure_grep() {
  local rc=0 f=docker-compose.yml
  if grep -qE '^[[:space:]]+ports:' "${f}"; then echo "  ports: published"; rc=1; fi
  grep -qE '^  cloudflared:' "${f}" || { echo "  no cloudflared service"; rc=1; }
  grep -q 'tunnel --no-autoupdate run' "${f}" || { echo "  cloudflared command"; rc=1; }
  # Every image reference (plain or the x-espocrm-image anchor) carries a version tag.
  if grep -E 'image:' "${f}" | grep -vE 'image: \*[a-z-]+$' \
    | grep -vE '(image:|&[a-z-]+) [a-z0-9./-]+:[0-9][A-Za-z0-9.-]*$' | grep -q .; then
    echo "  unpinned image"; rc=1
  fi
  if grep -E 'image:' "${f}" | grep -q ':latest'; then echo "  :latest image"; rc=1; fi
  grep -q 'healthcheck.sh' "${f}" || { echo "  mariadb healthcheck"; rc=1; }
  grep -q 'internal: true' "${f}" || { echo "  internal db network"; rc=1; }
  grep -q 'condition: service_healthy' "${f}" || { echo "  depends_on service_healthy"; rc=1; }
  return "${rc}"
}
env_example_placeholders() {
  local bad
  bad="$(grep -E '^[A-Z_]*(PASSWORD|TOKEN|SECRET)[A-Z_]*=' .env.example | grep -v '=replace-with-' || true)"
  [[ -z "${bad}" ]] || { echo "  non-placeholder secret: ${bad%%=*}"; return 1; }
}
if docker compose version >/dev/null 2>&1; then
  step "docker compose config (compose plugin)" docker compose --env-file .env.example -f docker-compose.yml config -q
fi
if [[ "${CI_FORCE_GREP_COMPOSE:-0}" != "1" ]] && python3 -c 'import yaml' >/dev/null 2>&1; then
  step "compose structure (python3 yaml parse)" compose_structure_python
else
  echo "python3 yaml not available: grep-based compose assertions"
  step "compose structure (grep assertions)" compose_structure_grep
fi
step ".env.example holds placeholders only" env_example_placeholders

# --- install-custom (merge) behaviour
if command -v php >/dev/null 2>&1; then
  step "install-custom.test.sh" bash test/install-custom.test.sh
else
  skip "install-custom.test.sh: php not installed"
fi

# --- backup / restore on the real MariaDB
mariadb_up() { mariadb -h 127.0.0.1 -P 3306 -u root -e 'SELECT 1' >/dev/null 2>&1; }
if command -v mariadb >/dev/null 2>&1 && ! mariadb_up; then
  echo "MariaDB not answering on 127.0.0.1:3306: trying to start it"
  as_root service mariadb start >/dev/null 2>&1 || true
  for _ in $(seq 1 20); do mariadb_up && break; sleep 1; done
fi
step "backup-restore.test.sh (MariaDB 127.0.0.1:3306)" bash test/backup-restore.test.sh

printf '%d passed, %d failed\n' "${passed}" "${failed}"
(( failed == 0 ))
