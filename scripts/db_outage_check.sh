#!/usr/bin/env bash
# Database outage drill: serve the site as in production (scripts/serve.sh, gunicorn), stop the local
# PostgreSQL cluster for a few seconds, and check that
#   - every page answers the 503 page (and /healthz 503) within a few seconds, no hang, no traceback;
#   - once PostgreSQL is back, the same gunicorn (no restart) answers 200 again by itself.
# It stops a PostgreSQL cluster: never run it where others use that cluster, or point it at a
# cluster of your own (PG_CLUSTER, PG_PORT). It is not part of `make test`; the test suite checks the
# same behaviour against a closed port (tests/test_serving.py).
#
#   scripts/db_outage_check.sh                              # cluster "main" on port 5432
#   PG_CLUSTER=drill PG_PORT=5439 scripts/db_outage_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PG_VERSION="${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -1)}"
PG_CLUSTER="${PG_CLUSTER:-main}"
PG_PORT="${PG_PORT:-5432}"
DB_NAME="${DB_NAME:-klastry_outage}"
PORT="${PORT:-8107}"
MAX_SECONDS="${MAX_SECONDS:-5}"        # the slowest acceptable answer during the outage
PAGES=(/ /klastry/ /czlonkowie/ /ekosystemy/)
BASE="http://127.0.0.1:$PORT"
PG_CTL=(pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER")
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pg_up() { pg_isready -h 127.0.0.1 -p "$PG_PORT" -q; }
# "<status> <seconds>" of one GET; the body goes to $body.
body="$(mktemp)"
fetch() { curl -s -o "$body" -w '%{http_code} %{time_total}\n' --max-time 20 "$BASE$1" || echo "000 20"; }

server_pid=""
cleanup() {
    pg_up || "${PG_CTL[@]}" start || true     # never leave the database stopped
    [ -n "$server_pid" ] && kill -TERM -- "-$server_pid" 2>/dev/null || true
    rm -f "$body"
}
trap cleanup EXIT

pg_up || { echo "PostgreSQL $PG_VERSION/$PG_CLUSTER is not running on port $PG_PORT"; exit 2; }
psql "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 ||
    psql "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -qc "CREATE DATABASE $DB_NAME"

echo "== serving on $BASE (PostgreSQL $PG_VERSION/$PG_CLUSTER, port $PG_PORT, database $DB_NAME)"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME" GUNICORN_BIND="127.0.0.1:$PORT" \
    GUNICORN_WORKERS="${GUNICORN_WORKERS:-3}" GUNICORN_ACCESS_LOG=/dev/null \
    setsid scripts/serve.sh >"/tmp/db_outage_check.$PORT.log" 2>&1 &
server_pid=$!
for _ in $(seq 180); do [ "$(fetch /healthz | cut -d' ' -f1)" = 200 ] && break; sleep 1; done
gunicorn_pid="$(pgrep -f "gunicorn --config" -s "$server_pid" | head -1 || true)"
for page in /healthz "${PAGES[@]}"; do      # every worker gets a live, persistent connection
    for _ in 1 2 3; do read -r status _ < <(fetch "$page"); done
    [ "$status" = 200 ] || fail "$page answered $status before the outage"
done
echo "before the outage: /healthz and ${#PAGES[@]} pages answer 200 (gunicorn master $gunicorn_pid)"

echo "== stopping PostgreSQL"
stopped_at=$(date +%s.%N)
"${PG_CTL[@]}" stop -m fast
for page in /healthz "${PAGES[@]}" /healthz "${PAGES[@]}"; do
    read -r status seconds < <(fetch "$page")
    printf '  during the outage: %-14s %s in %.2f s\n' "$page" "$status" "$seconds"
    [ "$status" = 503 ] || fail "$page answered $status during the outage (expected 503)"
    awk -v s="$seconds" -v m="$MAX_SECONDS" 'BEGIN { exit !(s <= m) }' ||
        fail "$page took $seconds s (more than $MAX_SECONDS s)"
    if [ "$page" != /healthz ]; then
        grep -q "Serwis chwilowo niedostępny" "$body" || fail "$page: no 503 page in the body"
        ! grep -q "Traceback" "$body" || fail "$page: a traceback in the body"
    fi
done

echo "== starting PostgreSQL"
"${PG_CTL[@]}" start
started_at=$(date +%s.%N)
recovered=""
for _ in $(seq 100); do
    if [ "$(fetch /healthz | cut -d' ' -f1)" = 200 ]; then recovered=$(date +%s.%N); break; fi
    sleep 0.2
done
[ -n "$recovered" ] || fail "/healthz did not come back within 20 s of PostgreSQL's start"
for page in "${PAGES[@]}" "${PAGES[@]}" "${PAGES[@]}"; do
    read -r status _ < <(fetch "$page")
    [ "$status" = 200 ] || fail "$page answered $status after the outage"
done
now_pid="$(pgrep -f "gunicorn --config" -s "$server_pid" | head -1 || true)"
[ -n "$gunicorn_pid" ] && [ "$gunicorn_pid" = "$now_pid" ] || fail "gunicorn was restarted"
awk -v a="$stopped_at" -v b="$started_at" -v c="${recovered:-$started_at}" 'BEGIN {
    printf "after the outage: database down %.1f s; /healthz 200 again %.2f s after PostgreSQL started;\n", b - a, c - b }'
echo "  every page 200 again, same gunicorn master ($now_pid), no restart"

if [ "$failures" -gt 0 ]; then echo "== $failures failure(s)"; exit 1; fi
echo "== outage drill passed"
