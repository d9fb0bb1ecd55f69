#!/usr/bin/env bash
# Health of the EspoCRM stack, one line per check ("OK|FAIL|SKIP <check> <detail>"); exits 1 when
# any check fails.
#   db      SELECT 1 on DB_HOST/DB_PORT as DB_USER (see lib-db.sh)
#   http    ESPO_URL answers; with ESPO_API_KEY, GET api/v1/App/user must be 200 (key accepted),
#           without it the API must answer 401 (EspoCRM is up and asks for credentials)
#   tunnel  the cloudflared compose service is running (when docker is available)
# env: ESPO_URL, ESPO_API_KEY, CF_ACCESS_CLIENT_ID + CF_ACCESS_CLIENT_SECRET (Cloudflare Access
#      service token, when checking through the tunnel), HEALTH_TIMEOUT (seconds, default 10),
#      HEALTH_SKIP_DB=1, COMPOSE_PROJECT (default max-espocrm), DOCKER (default docker).
# Secrets go to curl through a config on stdin, never on the command line.
set -Eeuo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib-db.sh
source "${here}/lib-db.sh"
trap db_cnf_cleanup EXIT

timeout_s="${HEALTH_TIMEOUT:-10}"
failed=0
report() {
  printf '%-4s %-6s %s\n' "$1" "$2" "$3"
  if [[ "$1" == "FAIL" ]]; then failed=1; fi
}

# --- db
if [[ "${HEALTH_SKIP_DB:-0}" == "1" ]]; then
  report SKIP db "HEALTH_SKIP_DB=1"
elif ! command -v mariadb >/dev/null 2>&1; then
  report FAIL db "mariadb client not installed"
else
  db_cnf_create
  if out="$(db_sql --connect-timeout="${timeout_s}" -e 'SELECT 1' 2>&1)" && [[ "${out}" == "1" ]]; then
    report OK db "${DB_HOST}:${DB_PORT} answers"
  else
    report FAIL db "${DB_HOST}:${DB_PORT}: $(printf '%s' "${out}" | head -n 1)"
  fi
fi

# --- http
curl_header() { printf 'header = "%s: %s"\n' "$1" "${2//\"/\\\"}"; }
if [[ -z "${ESPO_URL:-}" ]]; then
  report SKIP http "ESPO_URL not set"
elif ! command -v curl >/dev/null 2>&1; then
  report FAIL http "curl not installed"
else
  url="${ESPO_URL%/}/api/v1/App/user"
  code="$(
    {
      if [[ -n "${ESPO_API_KEY:-}" ]]; then curl_header X-Api-Key "${ESPO_API_KEY}"; fi
      if [[ -n "${CF_ACCESS_CLIENT_ID:-}" ]]; then
        curl_header CF-Access-Client-Id "${CF_ACCESS_CLIENT_ID}"
        curl_header CF-Access-Client-Secret "${CF_ACCESS_CLIENT_SECRET:-}"
      fi
    } | curl --config - --silent --output /dev/null --write-out '%{http_code}' \
      --max-time "${timeout_s}" "${url}" || true
  )"
  if [[ -n "${ESPO_API_KEY:-}" ]]; then
    case "${code}" in
      200) report OK http "${url} 200 (API key accepted)" ;;
      401) report FAIL http "${url} 401 (API key rejected)" ;;
      000 | "") report FAIL http "${url} unreachable" ;;
      *) report FAIL http "${url} ${code}" ;;
    esac
  else
    case "${code}" in
      401) report OK http "${url} 401 (up; set ESPO_API_KEY to check auth)" ;;
      000 | "") report FAIL http "${url} unreachable" ;;
      *) report FAIL http "${url} ${code} (expected 401 without credentials)" ;;
    esac
  fi
fi

# --- tunnel
docker_bin="${DOCKER:-docker}"
if ! command -v "${docker_bin}" >/dev/null 2>&1 || ! "${docker_bin}" info >/dev/null 2>&1; then
  report SKIP tunnel "docker engine not available"
else
  project="${COMPOSE_PROJECT:-max-espocrm}"
  state="$("${docker_bin}" ps --all \
    --filter "label=com.docker.compose.project=${project}" \
    --filter "label=com.docker.compose.service=cloudflared" \
    --format '{{.State}} {{.Status}}' | head -n 1)"
  case "${state}" in
    running*) report OK tunnel "cloudflared ${state#running }" ;;
    "") report FAIL tunnel "no cloudflared container in project ${project}" ;;
    *) report FAIL tunnel "cloudflared ${state}" ;;
  esac
fi

exit "${failed}"
