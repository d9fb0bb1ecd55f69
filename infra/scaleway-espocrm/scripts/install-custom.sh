#!/usr/bin/env bash
# Installs the shipped custom metadata into EspoCRM's custom/ volume, then rebuilds.
# Runs as the one-shot `espocrm-custom` compose service (same image, user www-data) after EspoCRM
# has finished its own installation. Safe to run on every start: see merge-custom.php for the rules.
#
# env: ESPO_ROOT (default /var/www/html), MAX_CUSTOM_SRC (shipped folder holding Espo/Custom,
#      default /opt/max/custom), MAX_LAYOUT_ADDITIONS (default /opt/max/layout-additions.json),
#      INSTALL_WAIT_SECONDS (default 300), MAX_SKIP_REBUILD=1 to skip `php command.php rebuild`.
set -Eeuo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
espo_root="${ESPO_ROOT:-/var/www/html}"
src="${MAX_CUSTOM_SRC:-/opt/max/custom}"
additions="${MAX_LAYOUT_ADDITIONS:-/opt/max/layout-additions.json}"
wait_seconds="${INSTALL_WAIT_SECONDS:-300}"

log() { printf 'install-custom: %s\n' "$*" >&2; }

# EspoCRM writes config-internal.php at the end of its own installation; rebuilding before that fails.
waited=0
until [[ -f "${espo_root}/data/config-internal.php" ]]; do
  if (( waited >= wait_seconds )); then
    log "EspoCRM not installed in ${espo_root} after ${wait_seconds}s"
    exit 1
  fi
  sleep 2
  waited=$((waited + 2))
done

[[ -d "${src}/Espo/Custom" ]] || { log "no shipped customisations in ${src}"; exit 1; }

args=("${src}" "${espo_root}")
if [[ -f "${additions}" ]]; then
  args+=("${additions}")
else
  log "no layout additions at ${additions}, core layouts left as they are"
fi
php "${here}/merge-custom.php" "${args[@]}"

if [[ "${MAX_SKIP_REBUILD:-0}" == "1" ]]; then
  log "rebuild skipped (MAX_SKIP_REBUILD=1)"
  exit 0
fi
# Rebuild creates the tables/columns/indexes for the merged metadata and clears the cache.
(cd "${espo_root}" && php command.php rebuild)
log "done"
