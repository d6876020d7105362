#!/usr/bin/env bash
# The chaos run (`make chaos`): the WooshPay sandbox and three `merchant serve` replicas on
# one fresh database in the private PostgreSQL cluster, CHAOS_ORDERS (default 1000)
# storefront orders through every payment flow while the sandbox drops, duplicates,
# reorders and delays webhooks and fails or stalls API calls, one replica at a time is
# SIGKILLed and restarted, and PostgreSQL is restarted once. Then faults off, bounded
# convergence, a bad-input campaign, and the invariants (scripts/chaos/invariants.py)
# against the sandbox's truth and the database. Prints the report; exit 1 on any violation.
#   scripts/chaos.sh                 the run (see scripts/chaos/run.py for CHAOS_* settings)
#   scripts/chaos.sh --break NAME    the same with a deliberate defect switched on
#                                    (CHAOS_BREAK=NAME, test-only); the run must FAIL
# Binaries from $bin (default: `swift build --show-bin-path`); starts the private
# PostgreSQL if it is not running (and stops it again then). When PostgreSQL was already
# running, the run's database is kept after a failure or with CHAOS_KEEP_DB=1 (never with
# CHAOS_KEEP_DB=0). Logs (sandbox, replicas, kills) and WooshPay's truth at the end
# (truth.json) go to .run/chaos-<pid>/.
# scripts/chaos/selftest.sh proves the run fails with the defect on. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
broken=""
while [ $# -gt 0 ]; do
  case "$1" in
    --break) broken="${2:?--break needs a name}"; shift 2 ;;
    --break=*) broken="${1#--break=}"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "chaos: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
bin="${bin:-$(swift build --show-bin-path)}"
[ -x "$bin/merchant" ] && [ -x "$bin/wooshpay-sandbox" ] || { echo "chaos: no built binaries in $bin" >&2; exit 2; }
if [ -n "$broken" ]; then
  # An older binary would ignore CHAOS_BREAK and the run would pass for the wrong reason.
  probe="$(CHAOS_BREAK=probe DATABASE_URL=postgresql://unused "$bin/merchant" migrate 2>&1 || true)"
  grep -q "CHAOS_BREAK is a test-only switch" <<<"$probe" \
    || { echo "chaos: $bin/merchant does not know CHAOS_BREAK; build the current sources" >&2; exit 2; }
fi

eval "$(bash scripts/pg.sh env 2>/dev/null || true)"
started_pg=""
if ! psql "${DATABASE_URL:-postgresql://unused}" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  bash scripts/pg.sh start
  started_pg=1
  eval "$(bash scripts/pg.sh env)"
fi
source scripts/stack.sh
stack_database chaos
work="$stack_work"
cleanup() {
  stack_cleanup
  [ -z "$started_pg" ] || bash scripts/pg.sh stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rc=0
python3 -m chaos.run --bin "$bin" --work "$work" ${broken:+--break "$broken"} || rc=$?
# What the run left at rest: no token, secret, card number or CVC anywhere in the database.
python3 scripts/secret_scan.py "$DATABASE_URL" chaos || rc=1
keep_db="${CHAOS_KEEP_DB:-}"
if { { [ "$rc" -ne 0 ] && [ "$keep_db" != 0 ]; } || [ "$keep_db" = 1 ]; } && [ -z "$started_pg" ]; then
  stack_keep_db=1
  echo "chaos: database $stack_db kept for inspection ($DATABASE_URL; logs in $work); drop it with: psql $stack_admin_url -c 'DROP DATABASE $stack_db'"
fi
exit "$rc"
