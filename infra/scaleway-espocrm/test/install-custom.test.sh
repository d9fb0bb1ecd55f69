#!/usr/bin/env bash
# install-custom.sh + merge-custom.php against a fake EspoCRM root (needs php).
# Prints one line per check and "N passed, M failed"; exits 1 when any check fails.
set -Eeuo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stack="$(cd "${here}/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/max-install-custom-test.XXXXXX")"
trap 'rm -rf -- "${work}"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
ko() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; }
check() { local d="$1"; shift; if "$@"; then ok "${d}"; else ko "${d}"; fi; }

# jget <file> <dot.path>: prints the JSON value (scalars raw, the rest as compact JSON).
jget() {
  # shellcheck disable=SC2016 # PHP code, not shell
  php -r '
    $v = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
    foreach (explode(".", $argv[2]) as $k) { if (!is_array($v) || !array_key_exists($k, $v)) { exit(1); } $v = $v[$k]; }
    echo is_scalar($v) ? var_export($v, true) : json_encode($v, JSON_UNESCAPED_UNICODE);
  ' "$1" "$2"
}
jeq() { [[ "$(jget "$1" "$2")" == "$3" ]]; }

espo="${work}/espo"
c="${espo}/custom/Espo/Custom"
r="${c}/Resources"
crm="${espo}/application/Espo/Modules/Crm/Resources/layouts"
mkdir -p "${espo}/data" "${r}/metadata/entityDefs" "${r}/i18n/fr_FR" "${r}/layouts/DiagnosticIA" \
  "${r}/layouts/Contact" "${c}/Controllers" "${crm}/Lead" "${crm}/Account"
touch "${espo}/data/config-internal.php"
cat >"${espo}/command.php" <<'PHP'
<?php
file_put_contents(__DIR__ . '/rebuild.log', implode(' ', array_slice($argv, 1)) . "\n", FILE_APPEND);
PHP
# EspoCRM's own core layouts (shapes as in 8.x)
printf '%s\n' '[{"label":"Overview","rows":[[{"name":"name"},{"name":"status"}]]}]' >"${crm}/Lead/detail.json"
printf '%s\n' '[{"name":"name","link":true},{"name":"status"}]' >"${crm}/Lead/list.json"
printf '%s\n' '["status","source"]' >"${crm}/Lead/filters.json"
printf '%s\n' '["activities","history"]' >"${crm}/Lead/relationships.json"
printf '%s\n' '[{"rows":[[{"name":"name"},false]]}]' >"${crm}/Account/detail.json"
printf '%s\n' '[{"name":"contacts"}]' >"${crm}/Account/relationships.json"
# What the Field Manager / agent already wrote into the live custom/ folder
printf '%s\n' '{"fields":{"cBudget":{"type":"enum","options":["","Low","High"],"isCustom":true},"cTenantId":{"type":"varchar","maxLength":32,"isCustom":true}}}' \
  >"${r}/metadata/entityDefs/Lead.json"
printf '%s\n' '{"scopeNames":{"CTestEntity":"Test"},"options":{}}' >"${r}/i18n/fr_FR/Global.json"
admin_layout='[{"rows":[[{"name":"name"}]]}]'
printf '%s\n' "${admin_layout}" >"${r}/layouts/DiagnosticIA/detail.json"
printf '%s\n' '[{"rows":[[{"name":"firstName"},{"name":"cTenantId"}]]}]' >"${r}/layouts/Contact/detail.json"
contact_before="$(sha256sum <"${r}/layouts/Contact/detail.json")"
printf '<?php\nnamespace Espo\\Custom\\Controllers;\nclass CTestEntity extends \\Espo\\Core\\Templates\\Controllers\\Base {}\n' \
  >"${c}/Controllers/CTestEntity.php"

install() {
  ESPO_ROOT="${espo}" MAX_CUSTOM_SRC="${stack}/custom" MAX_LAYOUT_ADDITIONS="${stack}/layout-additions.json" \
    INSTALL_WAIT_SECONDS="${WAIT:-2}" "${stack}/scripts/install-custom.sh"
}
tree_hash() { (cd "${espo}/custom" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum; }

install >"${work}/out1" 2>&1 && rc=0 || rc=$?
check "first install exits 0" test "${rc}" -eq 0
check "rebuild ran once" test "$(cat "${espo}/rebuild.log")" = "rebuild"
check "Field Manager field cBudget kept" jeq "${r}/metadata/entityDefs/Lead.json" fields.cBudget.options '["","Low","High"]'
check "shipped cTenantId.maxLength wins (64)" jeq "${r}/metadata/entityDefs/Lead.json" fields.cTenantId.maxLength 64
check "cTenantId index added on Lead" jeq "${r}/metadata/entityDefs/Lead.json" indexes.cTenantId.columns '["cTenantId","deleted"]'
check "foreign link Lead.diagnosticsIA declared" jeq "${r}/metadata/entityDefs/Lead.json" links.diagnosticsIA.foreign "'lead'"
check "existing Global.json scope label kept" jeq "${r}/i18n/fr_FR/Global.json" scopeNames.CTestEntity "'Test'"
check "Global.json gets DiagnosticIA label (fr)" jeq "${r}/i18n/fr_FR/Global.json" scopeNames.DiagnosticIA "'Diagnostic IA'"
check "empty object stays an object" jeq "${r}/i18n/fr_FR/Global.json" options '[]'
check "empty object written as {}" grep -q '"options": {}' "${r}/i18n/fr_FR/Global.json"
check "new entity scope installed" jeq "${r}/metadata/scopes/MissionMAX.json" isCustom true
check "controller class installed" grep -q 'class MissionMAX extends' "${c}/Controllers/MissionMAX.php"
check "entity class installed" grep -q "ENTITY_TYPE = 'DiagnosticIA'" "${c}/Entities/DiagnosticIA.php"
check "unrelated custom controller untouched" test -f "${c}/Controllers/CTestEntity.php"
check "admin-edited custom-entity layout kept" test "$(cat "${r}/layouts/DiagnosticIA/detail.json")" = "${admin_layout}"
check "missing custom-entity layout installed" jeq "${r}/layouts/MissionMAX/list.json" 0.name "'name'"
check "Lead detail = EspoCRM's layout + cTenantId row" \
  jeq "${r}/layouts/Lead/detail.json" 0.rows '[[{"name":"name"},{"name":"status"}],[{"name":"cTenantId"},false]]'
check "Lead detail keeps the panel label" jeq "${r}/layouts/Lead/detail.json" 0.label "'Overview'"
check "Lead list gets a cTenantId column" jeq "${r}/layouts/Lead/list.json" 2.name "'cTenantId'"
check "Lead filters get cTenantId" jeq "${r}/layouts/Lead/filters.json" 2 "'cTenantId'"
lead_relationships() {
  jeq "${r}/layouts/Lead/relationships.json" 0 "'activities'" &&
    jeq "${r}/layouts/Lead/relationships.json" 2 "'diagnosticsIA'" &&
    jeq "${r}/layouts/Lead/relationships.json" 3 "'missionsMAX'"
}
check "Lead relationships (strings) get the panels as strings" lead_relationships
check "Account relationships (objects) get objects" jeq "${r}/layouts/Account/relationships.json" 1.name "'diagnosticsIA'"
check "custom Contact layout already holding cTenantId left as is" \
  test "$(sha256sum <"${r}/layouts/Contact/detail.json")" = "${contact_before}"
check "entities without any layout are reported, not invented" \
  bash -c "grep -q 'no detail layout for Task, skipped' '${work}/out1' && ! test -e '${r}/layouts/Task/detail.json'"

before="$(tree_hash)"
install >"${work}/out2" 2>&1 && rc=0 || rc=$?
check "second install exits 0" test "${rc}" -eq 0
check "second install changes nothing (idempotent)" test "$(tree_hash)" = "${before}"
check "second install reports no writes" grep -q 'merged=0 copied=0 .*layoutsPatched=0' "${work}/out2"

MAX_SKIP_REBUILD=1 install >/dev/null 2>&1 || true
check "MAX_SKIP_REBUILD=1 skips the rebuild" test "$(wc -l <"${espo}/rebuild.log")" -eq 2

printf '{"fields": {"broken": ' >"${r}/metadata/entityDefs/Account.json"
broken="$(sha256sum <"${r}/metadata/entityDefs/Account.json")"
install >"${work}/out3" 2>&1 && rc=0 || rc=$?
check "an unparsable installed JSON file stops the install" test "${rc}" -ne 0
check "the unparsable file is not overwritten" test "$(sha256sum <"${r}/metadata/entityDefs/Account.json")" = "${broken}"
check "no rebuild after a failed merge" test "$(wc -l <"${espo}/rebuild.log")" -eq 2

rm "${espo}/data/config-internal.php"
WAIT=0 install >"${work}/out4" 2>&1 && rc=0 || rc=$?
check "refuses to run before EspoCRM is installed" \
  bash -c "test ${rc} -ne 0 && grep -q 'not installed' '${work}/out4'"

printf '%d passed, %d failed\n' "${passed}" "${failed}"
(( failed == 0 ))
