#!/usr/bin/env bash
# `make bench`: the service measured against the machine's own ceilings, in one run.
#
# Builds in release mode (.build-bench), starts a private PostgreSQL with default durability
# (fsync and synchronous_commit on) in .run/pg-bench, the WooshPay sandbox with no added
# latency and no webhook URL (the bench sends its own signed events), and the service; then,
# each for BENCH_SECONDS after BENCH_WARMUP seconds of warm-up, with wrk (and pgbench):
#   ceilings   GET /health/live (HTTP, no database); pgbench running, statement for statement,
#              the order-creation transaction, payment start's two transactions and the
#              webhook-inbox insert, at the same concurrency (scripts/bench/*.sql)
#   1 orders   POST /v1/orders, three line items
#   2 payments POST /v1/orders/{id}/payments {"mode":"checkout"}, a fresh order each: the max
#              rate, then half of it open-loop through a timing proxy in front of the sandbox
#              (our overhead = whole request - time inside the gateway call, per request),
#              next to pgbench of the same two transactions at that rate
#   3 webhooks signed payment_intent.succeeded events: acknowledgement rate; then how fast
#              real events settle their orders to paid (defaults, and SYNC_BATCH=500)
#   4 poller   one sync tick over 1,000 due attempts with 10,000 and with 1,000,000 settled
#              orders in the database (`merchant bench-tick`, scripts/bench/fill.sql)
#   5 memory   the service's peak VmRSS under load
# and prints one table, also written to bench/results.md, with notes: the CPU each run cost
# per request in the service, PostgreSQL and the sandbox, and how much went elsewhere.
# The last run's summaries and logs stay in .run/bench-last.
#
# Knobs (environment): BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONNECTIONS (8: wrk -c,
# pgbench -c and the service's DATABASE_POOL_SIZE), BENCH_THREADS (2), BENCH_PRODUCTS (99),
# BENCH_SETTLE_EVENTS (3000 per settlement run), BENCH_SETTLE_SECONDS (30, the longest a
# settlement run waits), BENCH_FILL_SMALL (10000), BENCH_FILL_LARGE (1000000), BENCH_DUE
# (1000), BENCH_TICK_RUNS (5), BENCH_OUT (bench/results.md), BENCH_LOG_LEVEL (the service's
# LOG_LEVEL, info), BENCH_PERF (1: perf-profile the service and the sandbox during each
# measured run, .run/bench-*/perf-*.txt), BENCH_KEEP (1: keep the cluster running and
# .run/bench-<pid>), BENCH_PG_DIR (.run/pg-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
started=$(date +%s)
load_start="$(cut -d" " -f1-3 /proc/loadavg)"

D="${BENCH_SECONDS:-10}"
W="${BENCH_WARMUP:-3}"
C="${BENCH_CONNECTIONS:-8}"
T="${BENCH_THREADS:-2}"
PRODUCTS="${BENCH_PRODUCTS:-99}"
SETTLE_S="${BENCH_SETTLE_SECONDS:-30}"
SETTLE_N="${BENCH_SETTLE_EVENTS:-3000}"
FILL_SMALL="${BENCH_FILL_SMALL:-10000}"
FILL_LARGE="${BENCH_FILL_LARGE:-1000000}"
DUE="${BENCH_DUE:-1000}"
TICK_RUNS="${BENCH_TICK_RUNS:-5}"
OUT="${BENCH_OUT:-bench/results.md}"
work="$root/.run/bench-$$"
mkdir -p "$work" "$(dirname "$OUT")"
log() { printf '[bench %4ss] %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }
phases=()
mark() { phases+=("$1 $(( $(date +%s) - phase_start ))s (load $(cut -d' ' -f1 /proc/loadavg))"); phase_start=$(date +%s); }
phase_start=$started
# The stack launcher's shell entry (scripts/lib/stack.py): free ports, the service's
# configuration, readiness waits; it also puts scripts/ on PYTHONPATH.
source scripts/stack.sh
py() { python3 -m bench.bench "$@"; }

# ---- tools and build ------------------------------------------------------------------
# The project's packages plus wrk (Debian's); pgbench comes with the postgresql package.
bash scripts/setup.sh wrk
command -v pgbench >/dev/null || { echo "bench: pgbench not found (postgresql package)" >&2; exit 1; }
log "building (swift build -c release --scratch-path .build-bench)"
b0=$(date +%s)
fresh_build=""; [ -x .build-bench/release/merchant ] || fresh_build=1
swift build -c release --scratch-path .build-bench 2>&1 | grep -vE "^warning: 'swift-distributed-tracing'|CMakeLists.txt$" || true
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "bench: build failed" >&2; exit 1; }
build_s=$(( $(date +%s) - b0 ))
# A build into an empty .build-bench is the first build: its time is kept for later runs.
[ -n "$fresh_build" ] && echo "$build_s $(date -u '+%Y-%m-%d') $(cut -d' ' -f1 /proc/loadavg)" >.build-bench/first-build
first_build="$(cat .build-bench/first-build 2>/dev/null || true)"
bin="$root/.build-bench/release"
mark build

# ---- processes (only ours, by PID) ----------------------------------------------------
pids=()
svc_pid=""
export PG_DIR="${BENCH_PG_DIR:-$root/.run/pg-bench}"
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -z "${BENCH_KEEP:-}" ]; then
    # The bench's databases go (a million orders are gigabytes); the cluster stays for next time.
    [ -n "${admin_url:-}" ] && psql "$admin_url" -qc "DROP DATABASE IF EXISTS bench WITH (FORCE)" \
      -c "DROP DATABASE IF EXISTS bench_poll WITH (FORCE)" -c "CHECKPOINT" >/dev/null 2>&1 || true
    bash scripts/pg.sh stop || true
    # The last run's summaries, logs and profiles stay in .run/bench-last; inputs go.
    rm -rf "$work/orders" "$work"/*.txt.rest "$work"/{pool,signed,real,real_a,real_b,intents,due_orders,more_orders}.txt "$work/events.jsonl" "$work"/perf-*.data
    rm -rf "$root/.run/bench-last" && mv "$work" "$root/.run/bench-last" || true
  else
    log "kept: $work and the cluster in $PG_DIR (stop: PG_DIR=$PG_DIR bash scripts/pg.sh stop)"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting PostgreSQL in $PG_DIR (fsync on, synchronous_commit on)"
PG_FSYNC=on bash scripts/pg.sh start
eval "$(bash scripts/pg.sh env)"
admin_url="${DATABASE_URL%/*}/postgres"
for db in bench bench_poll; do
  psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  psql "$admin_url" -qc "CREATE DATABASE $db" >/dev/null
done
BENCH_DB="${DATABASE_URL%/*}/bench"
POLL_DB="${DATABASE_URL%/*}/bench_poll"
[ "$(psql "$BENCH_DB" -Atc 'SHOW fsync')" = on ] && [ "$(psql "$BENCH_DB" -Atc 'SHOW synchronous_commit')" = on ] \
  || { echo "bench: the cluster must run with fsync and synchronous_commit on" >&2; exit 1; }

HTTP_PORT="$(stack_free_port)"; SANDBOX_PORT="$(stack_free_port)"; PROXY_PORT="$(stack_free_port)"
base="127.0.0.1:$HTTP_PORT"
# The stack's configuration without the development extras (no demo storefront, the default
# payment methods and capture), and none of the caller's own values.
unset HTTP_HOST PUBLIC_BASE_URL WOOSHPAY_API_BASE WOOSHPAY_SECRET_KEY WOOSHPAY_PUBLISHABLE_KEY WOOSHPAY_WEBHOOK_SECRET
stack_env --bare "$HTTP_PORT" "$SANDBOX_PORT"
export DATABASE_POOL_SIZE="$C" LOG_LEVEL="${BENCH_LOG_LEVEL:-info}"
# New attempts are first polled after an hour, so the poller never settles what the webhook
# phases measure; the interval is set per service start below.
export SYNC_SCHEDULE=1h
unset CHAOS_BREAK STOREFRONT_RETURN_URL WOOSHPAY_JS_URL || true

"$bin/wooshpay-sandbox" --port "$SANDBOX_PORT" --secret-key "$WOOSHPAY_SECRET_KEY" \
  --publishable-key "$WOOSHPAY_PUBLISHABLE_KEY" --webhook-secret "$WOOSHPAY_WEBHOOK_SECRET" \
  >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
pids+=($sandbox_pid)
python3 -m lib.stack wait-ready "http://127.0.0.1:$SANDBOX_PORT/_sandbox/health" --pid "$sandbox_pid" \
  || { tail -5 "$work/sandbox.log" >&2; echo "bench: the sandbox did not start" >&2; exit 1; }

# The service's resident memory every 0.5 s, for as long as it runs.
rss_sampler() {
  while kill -0 "$1" 2>/dev/null; do
    awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null >>"$2" || true
    sleep 0.5
  done
}

# The sandbox forgets everything it holds. Its idempotency store filters every stored key on
# each keyed POST (O(keys), a sandbox defect), so a sandbox full of earlier phases' keys
# would spend the machine's CPU on itself; phases that need none of its state start clean.
sandbox_reset() {
  curl -sf -X POST "http://127.0.0.1:$SANDBOX_PORT/_sandbox/reset" >/dev/null
}

unlimited=(RATE_LIMIT_ORDERS=1000000/s RATE_LIMIT_PAYMENTS=1000000/s RATE_LIMIT_RETURNS=1000000/s
           RATE_LIMIT_READS=1000000/s RATE_LIMIT_ADMIN=1000000/s MAX_PAYMENT_FAILURES_PER_CLIENT=100000)
# svc_start NAME DB [VAR=value...]: the service on $HTTP_PORT over DB, until ready.
svc_start() {
  local name="$1" db="$2"; shift 2
  # The load comes from one address: limits out of reach, or wrk would measure 429s.
  env DATABASE_URL="$db" "${unlimited[@]}" "$@" "$bin/merchant" serve >>"$work/service-$name.log" 2>&1 &
  svc_pid=$!
  pids+=("$svc_pid")
  python3 -m lib.stack wait-ready "http://$base/health/ready" --pid "$svc_pid" --seconds 15 \
    || { tail -5 "$work/service-$name.log" >&2; echo "bench: service $name not ready" >&2; exit 1; }
  rss_sampler "$svc_pid" "$work/rss-$name.txt" &
  pids+=($!)
}
svc_stop() {
  kill -TERM "$svc_pid" 2>/dev/null || true
  wait "$svc_pid" 2>/dev/null || true
  svc_pid=""
}

# wrk_run NAME LUA URL-PATH [ENV...]: warm-up (discarded) then the measured run; the summary
# JSON goes to $work/NAME.json. Input files are consumed: each run gets what the last left.
# WRK_AT (host:port), WRK_C and WRK_T point one run elsewhere (the two-replica run).
wrk_once() {
  local secs="$1" lua="$2" path="$3" t="${WRK_T:-$T}"
  env BENCH_LUA_DIR="$root/scripts/bench" BENCH_THREADS="$t" BENCH_PRODUCTS="$PRODUCTS" \
    wrk -t"$t" -c"${WRK_C:-$C}" -d"${secs}s" --timeout 10s -s "$root/scripts/bench/$lua" "http://${WRK_AT:-$base}$path" \
    | sed -n 's/^BENCHJSON //p'
}
# expect NAME STATUS: stop unless nearly every answer of the run was STATUS (a run that
# measured refusals measured nothing).
expect() {
  python3 - "$work/$1.json" "$2" <<'PY' || { echo "bench: $1 answered other than $2 (see $work/service-*.log)" >&2; exit 1; }
import json, sys
d = json.load(open(sys.argv[1]))
ok = d.get("status", {}).get(sys.argv[2], 0)
sys.exit(0 if d.get("requests") and ok >= 0.99 * d["requests"] else 1)
PY
}
# With BENCH_PERF=1, the service is sampled with perf during each measured run and the hot
# symbols go to $work/perf-NAME.txt (perf adds a few per cent of overhead to the figures).
perf_start() {
  perf_pid=""
  [ -n "${BENCH_PERF:-}" ] && command -v perf >/dev/null || return 0
  perf record -F 499 -g -p "$svc_pid,$sandbox_pid" -o "$work/perf-$1.data" -- sleep "$2" >/dev/null 2>&1 &
  perf_pid=$!
  perf_pids="$svc_pid $sandbox_pid"
}
perf_end() {
  [ -n "${perf_pid:-}" ] || return 0
  wait "$perf_pid" 2>/dev/null || true
  local p
  for p in $perf_pids; do
    { echo "# pid $p ($(cat /proc/$p/comm 2>/dev/null)): self"
      perf report -i "$work/perf-$1.data" --pid "$p" --no-children --sort dso,sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -40
      echo "# pid $p: inclusive"
      perf report -i "$work/perf-$1.data" --pid "$p" --children --sort sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -80
    } | swift demangle --simplified >>"$work/perf-$1.txt" 2>/dev/null || true
  done
}
# cpu_snap NAME a|b: CPU ticks of the machine, the service, the sandbox and PostgreSQL.
cpu_snap() {
  py cpu --service "${svc_pid:-0}" --sandbox "$sandbox_pid" --postmaster "$(head -1 "$PG_DIR/data/postmaster.pid")" \
    >"$work/cpu-$1-$2.json"
}
consume() { # the input file loses the lines the run used
  [ -f "$1.rest" ] && mv "$1.rest" "$1"
}

# ---- phase 1: ceilings and order creation ---------------------------------------------
DATABASE_URL="$BENCH_DB" "$bin/merchant" migrate >"$work/migrate.log" 2>&1
KEY="$(DATABASE_URL="$BENCH_DB" "$bin/merchant" keys create --name bench --role admin 2>>"$work/migrate.log")"
svc_start s1 "$BENCH_DB" SYNC_POLL_INTERVAL=60
idle_kb="$(awk '/^VmRSS/{print $2}' "/proc/$svc_pid/status")"
py catalog --base "$base" --key "$KEY" --products "$PRODUCTS"
mark setup

log "HTTP ceiling: GET /health/live"
wrk_once "$W" health.lua /health/live >/dev/null
cpu_snap health a
wrk_once "$D" health.lua /health/live >"$work/health.json"
cpu_snap health b
mark health

log "ceiling: pgbench, the order-creation transaction (before and after the service's run)"
third=$(( PRODUCTS / 3 ))
pgb() { # SCRIPT SECONDS [pgbench options...]: pgbench at the bench's concurrency, statements prepared as the service prepares them
  local script="$1" secs="$2"; shift 2
  pgbench -n -M prepared -c "$C" -j "$T" -T "$secs" -f "$script" "$@" "$BENCH_DB"
}
pg_order_vars=(-D third="$third" -D cur=USD -D total=5008 -D life=86400 -D evdata='{"currency":"USD","total":"5008"}'
               -D tokhash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08)
pgb scripts/bench/order_tx.sql "$W" "${pg_order_vars[@]}" >/dev/null 2>&1
cpu_snap pg_orders a
pgb scripts/bench/order_tx.sql "$D" "${pg_order_vars[@]}" -l --log-prefix="$work/pgl_orders_a" >"$work/pg_orders_a.txt" 2>&1
cpu_snap pg_orders b
mark pgbench-orders
log "1. order creation: POST /v1/orders"
mkdir -p "$work/orders"
BENCH_WORK="$work/orders" wrk_once "$W" orders.lua /v1/orders >/dev/null
perf_start orders "$D"
cpu_snap orders a
BENCH_WORK="$work/orders" wrk_once "$D" orders.lua /v1/orders >"$work/orders.json"
cpu_snap orders b
perf_end orders
expect orders 201
cat "$work"/orders/orders-*.txt >"$work/pool.txt"
mark orders
pgb scripts/bench/order_tx.sql "$D" "${pg_order_vars[@]}" -l --log-prefix="$work/pgl_orders_b" >"$work/pg_orders_b.txt" 2>&1
py pgbench --file "$work/pg_orders_a.txt" --file "$work/pg_orders_b.txt" --log-dir "$work" \
  --log-prefix pgl_orders_a --log-prefix pgl_orders_b >"$work/pg_orders.json"
rm -f "$work"/pgl_orders*
mark pgbench-orders
log "1c. order creation on two replicas against one PostgreSQL (all on this machine's cores)"
# The same 8 connections split over two services on one database: on 2 cores this measures
# what a second replica costs in coordination (pool, locks), not what a second machine adds.
port2="$(stack_free_port)"
env DATABASE_URL="$BENCH_DB" "${unlimited[@]}" HTTP_PORT="$port2" SYNC_POLL_INTERVAL=60 "$bin/merchant" serve >>"$work/service-r2.log" 2>&1 &
r2_pid=$!
pids+=("$r2_pid")
python3 -m lib.stack wait-ready "http://127.0.0.1:$port2/health/ready" --pid "$r2_pid" --seconds 15 \
  || { tail -5 "$work/service-r2.log" >&2; echo "bench: the second replica is not ready" >&2; exit 1; }
wrk_at() { # PORT SECONDS: orders.lua with half the connections and threads
  WRK_AT="127.0.0.1:$1" WRK_C=$(( C / 2 )) WRK_T=$(( (T + 1) / 2 )) wrk_once "$2" orders.lua /v1/orders
}
wrk_at "$HTTP_PORT" "$W" >/dev/null & w1=$!; wrk_at "$port2" "$W" >/dev/null; wait "$w1"
wrk_at "$HTTP_PORT" "$D" >"$work/orders_r2a.json" & w1=$!; wrk_at "$port2" "$D" >"$work/orders_r2b.json"; wait "$w1"
expect orders_r2a 201
expect orders_r2b 201
kill -TERM "$r2_pid" 2>/dev/null || true
wait "$r2_pid" 2>/dev/null || true
mark two-replicas
log "1b. the rate limiter's statement (every limited request runs one)"
pgb scripts/bench/limiter_tx.sql "$W" >/dev/null 2>&1
cpu_snap pg_limiter a
pgb scripts/bench/limiter_tx.sql "$D" -l --log-prefix="$work/pgl_limiter" >"$work/pg_limiter_a.txt" 2>&1
cpu_snap pg_limiter b
py pgbench --file "$work/pg_limiter_a.txt" --log-dir "$work" --log-prefix pgl_limiter >"$work/pg_limiter.json"
rm -f "$work"/pgl_limiter*
mark limiter

# ---- phase 2: payment start -----------------------------------------------------------
# ensure_orders N: at least N unused orders in pool.txt (unmeasured top-up through the API).
ensure_orders() {
  local have; have=$(wc -l <"$work/pool.txt")
  if [ "$have" -lt "$1" ]; then
    log "   topping up orders: $have -> $1"
    py orders --base "$base" --count $(( $1 - have )) --products "$PRODUCTS" --out "$work/pool.txt" --threads "$C"
  fi
}
log "2. payment start at the max rate"
ensure_orders 2000
BENCH_INPUT="$work/pool.txt" BENCH_REST="$work/pool.txt.rest" wrk_once "$W" payments.lua /v1/orders >"$work/payments_warm.json"
consume "$work/pool.txt"
warm_rps=$(python3 -c "import json;print(int(json.load(open('$work/payments_warm.json'))['rps']))")
ensure_orders $(( warm_rps * D * 3 / 2 + 500 ))
perf_start payments "$D"
cpu_snap payments a
BENCH_INPUT="$work/pool.txt" BENCH_REST="$work/pool.txt.rest" wrk_once "$D" payments.lua /v1/orders >"$work/payments.json"
cpu_snap payments b
perf_end payments
consume "$work/pool.txt"
expect payments 201
mark payments-max

log "ceiling: pgbench, payment start's two transactions (no gateway call), unthrottled"
norders=20000
psql "$BENCH_DB" -q -v norders="$norders" -f scripts/bench/payment_orders.sql
pg_pay_vars=(-D norders="$norders" -D ev1='{"attempt":"pay_pgb","mode":"checkout"}'
             -D ev2='{"attempt":"pay_pgb","from":"pending","gateway_status":"open"}')
pgb scripts/bench/payment_tx.sql "$W" "${pg_pay_vars[@]}" >/dev/null 2>&1
pgb scripts/bench/payment_tx.sql "$D" "${pg_pay_vars[@]}" -l --log-prefix="$work/pgl_paymax" >"$work/pg_paymax.txt" 2>&1
py pgbench --file "$work/pg_paymax.txt" --log-dir "$work" --log-prefix pgl_paymax >"$work/pg_payments_max.json"
rm -f "$work"/pgl_paymax*
mark pgbench-payments-max

log "2. payment start overhead at half the max rate (through the timing proxy)"
max_rps=$(python3 -c "import json;print(json.load(open('$work/payments.json'))['rps'])")
half=$(python3 -c "print(round($max_rps / 2, 1))")
ensure_orders $(python3 -c "print(int($half * ($W + $D) * 1.1) + 50)")
svc_stop
sandbox_reset
reset_at="$(psql "$BENCH_DB" -Atc "SELECT now()")"
python3 "$root/scripts/bench/gateway_proxy.py" "$PROXY_PORT" "$SANDBOX_PORT" "$work/proxy.log" &
proxy_pid=$!; pids+=("$proxy_pid")
svc_start s2 "$BENCH_DB" SYNC_POLL_INTERVAL=60 WOOSHPAY_API_BASE="http://127.0.0.1:$PROXY_PORT"
py halfrate --base "$base" --orders "$work/pool.txt" --rate "$half" --warmup "$W" --seconds "$D" --conns "$C" \
  --proxy-log "$work/proxy.log" >"$work/halfrate.json"
svc_stop
kill -TERM "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true
mark payments-half

log "floor: pgbench, payment start's two transactions at the same rate"
pgb scripts/bench/payment_tx.sql "$W" -R "$half" "${pg_pay_vars[@]}" >/dev/null 2>&1
pgb scripts/bench/payment_tx.sql "$D" -R "$half" "${pg_pay_vars[@]}" -l --log-prefix="$work/pgl_pay" >"$work/pg_pay.txt" 2>&1
py pgbench --file "$work/pg_pay.txt" --log-dir "$work" --log-prefix pgl_pay >"$work/pg_payments.json"
rm -f "$work"/pgl_pay*
mark pgbench-payments

# ---- phase 3: webhooks ------------------------------------------------------------------
log "3. webhooks: the overhead run's checkouts (and more, to $(( 2 * SETTLE_N ))) paid at the sandbox, their events fetched"
svc_start s3prep "$BENCH_DB" SYNC_POLL_INTERVAL=60
# (pgbench's rows, pay_pgb_*, have no object at the sandbox.)
have=$(psql "$BENCH_DB" -Atc "SELECT count(*) FROM payment_attempts WHERE payment_intent_id IS NOT NULL
                               AND created_at >= '$reset_at' AND id NOT LIKE 'pay_pgb_%'")
if [ "$have" -lt $(( 2 * SETTLE_N )) ]; then
  more=$(( 2 * SETTLE_N - have ))
  py orders --base "$base" --count "$more" --products "$PRODUCTS" --out "$work/more_orders.txt" --threads "$C"
  py pay --base "$base" --orders "$work/more_orders.txt" --count "$more" --out "$work/more_attempts.txt" --threads "$C"
fi
psql "$BENCH_DB" -Atc "SELECT payment_intent_id FROM payment_attempts WHERE payment_intent_id IS NOT NULL
                        AND status <> 'succeeded' AND created_at >= '$reset_at' AND id NOT LIKE 'pay_pgb_%'" >"$work/intents.txt"
n_ok=$(py succeed --sandbox "127.0.0.1:$SANDBOX_PORT" --intents "$work/intents.txt" --threads "$C")
log "   $n_ok of $(wc -l <"$work/intents.txt") intents paid at the sandbox"
n_real=$(py events --sandbox "127.0.0.1:$SANDBOX_PORT" --secret "$WOOSHPAY_SECRET_KEY" --out "$work/events.jsonl")
[ "$n_real" -ge $(( 2 * SETTLE_N )) ] || { echo "bench: the sandbox holds $n_real payment_intent.succeeded events, not $(( 2 * SETTLE_N ))" >&2; exit 1; }
mark webhook-prep

log "ceiling: pgbench, the webhook-inbox insert (before and after the service's run)"
body="$(head -1 "$work/events.jsonl")"
obj="$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["data"]["object"]["id"])' "$body")"
pgb scripts/bench/inbox_tx.sql "$W" -D obj="$obj" -D body="$body" >/dev/null 2>&1
cpu_snap pg_inbox a
pgb scripts/bench/inbox_tx.sql "$D" -D obj="$obj" -D body="$body" -l --log-prefix="$work/pgl_inbox_a" >"$work/pg_inbox_a.txt" 2>&1
cpu_snap pg_inbox b
# pgbench's rows name a real payment intent and are due: a processor would work through them.
psql "$BENCH_DB" -qc "DELETE FROM webhook_events WHERE event_id LIKE 'evt_pgb_%'" -c "VACUUM ANALYZE webhook_events"
mark pgbench-inbox
log "3. webhook acknowledgement: signed payment_intent.succeeded events"
inbox_tps=$(python3 - "$work/pg_inbox_a.txt" <<'PY'
import re, sys
m = re.search(r"tps = ([0-9.]+)", open(sys.argv[1]).read())
print(int(float(m.group(1))) if m else 5000)
PY
)
n_syn=$(( inbox_tps * (W + D) * 3 / 2 + 2000 ))
py sign --events "$work/events.jsonl" --secret "$WOOSHPAY_WEBHOOK_SECRET" --synthetic "$n_syn" --out "$work/signed.txt"
# A fresh service: its webhook processor ticks once at start (nothing to do) and then sleeps
# SYNC_POLL_INTERVAL=60 s, longer than warm-up and run, so only acknowledgement is measured.
svc_stop
svc_start s3 "$BENCH_DB" SYNC_POLL_INTERVAL=60
BENCH_INPUT="$work/signed.txt" BENCH_REST="$work/signed.txt.rest" wrk_once "$W" webhooks.lua /webhooks/wooshpay >/dev/null
consume "$work/signed.txt"
perf_start webhooks "$D"
cpu_snap webhooks a
BENCH_INPUT="$work/signed.txt" BENCH_REST="$work/signed.txt.rest" wrk_once "$D" webhooks.lua /webhooks/wooshpay >"$work/webhooks.json"
cpu_snap webhooks b
perf_end webhooks
expect webhooks 200
svc_stop
mark webhook-ack
pgb scripts/bench/inbox_tx.sql "$D" -D obj="$obj" -D body="$body" -l --log-prefix="$work/pgl_inbox_b" >"$work/pg_inbox_b.txt" 2>&1
py pgbench --file "$work/pg_inbox_a.txt" --file "$work/pg_inbox_b.txt" --log-dir "$work" \
  --log-prefix pgl_inbox_a --log-prefix pgl_inbox_b >"$work/pg_inbox.json"
rm -f "$work"/pgl_inbox*
psql "$BENCH_DB" -qc "DELETE FROM webhook_events WHERE event_id LIKE 'evt_pgb_%'"
mark pgbench-inbox

log "3. settlement: twice $SETTLE_N real events (one per paid checkout) into the inbox, then processed"
# The acknowledgement run's events (fresh ids over the same objects) are not what settles:
# they go. Each settlement run gets its own $SETTLE_N real events, put in through the route
# while the processor sleeps, then a restarted service processes them.
psql "$BENCH_DB" -qc "DELETE FROM webhook_events WHERE event_id LIKE 'evt_bench_%'" -c "VACUUM ANALYZE webhook_events"
py sign --events "$work/events.jsonl" --secret "$WOOSHPAY_WEBHOOK_SECRET" --out "$work/real.txt"
head -n "$SETTLE_N" "$work/real.txt" >"$work/real_a.txt"
sed -n "$(( SETTLE_N + 1 )),$(( 2 * SETTLE_N ))p" "$work/real.txt" >"$work/real_b.txt"
# settle_run NAME EVENTS [VAR=value...]: inbox the events (processor asleep), then measure.
settle_run() {
  local name="$1" events="$2"; shift 2
  svc_start "$name-in" "$BENCH_DB" SYNC_POLL_INTERVAL=60
  py post --base "$base" --signed "$events" --threads "$C" >/dev/null
  svc_stop
  local received paid
  received=$(psql "$BENCH_DB" -Atc "SELECT count(*) FROM webhook_events WHERE status = 'received'")
  paid=$(psql "$BENCH_DB" -Atc "SELECT count(*) FROM orders WHERE status = 'paid'")
  svc_start "$name" "$BENCH_DB" SYNC_POLL_INTERVAL=1 "$@"
  perf_start "$name" "$SETTLE_S"
  py settle --db "$BENCH_DB" --base "$paid" --expect "$received" --seconds "$SETTLE_S" >"$work/$name.json"
  perf_end "$name"
  svc_stop
}
settle_run settle_default "$work/real_a.txt"
settle_run settle_500 "$work/real_b.txt" SYNC_BATCH=500
mark settlement

# ---- phase 4: poller scaling --------------------------------------------------------------
log "4. poller: $DUE due attempts, with $FILL_SMALL and then $FILL_LARGE settled orders"
DATABASE_URL="$POLL_DB" "$bin/merchant" migrate >>"$work/migrate.log" 2>&1
PKEY="$(DATABASE_URL="$POLL_DB" "$bin/merchant" keys create --name bench --role admin 2>>"$work/migrate.log")"
sandbox_reset
svc_start s6 "$POLL_DB" SYNC_POLL_INTERVAL=60
py catalog --base "$base" --key "$PKEY" --products "$PRODUCTS"
py orders --base "$base" --count "$DUE" --products "$PRODUCTS" --out "$work/due_orders.txt" --threads "$C"
py pay --base "$base" --orders "$work/due_orders.txt" --count "$DUE" --out "$work/due_attempts.txt" --threads "$C"
svc_stop
reset_due() {
  psql "$POLL_DB" -qc "UPDATE payment_attempts SET next_sync_at = now() - interval '1 second', sync_attempts = 0,
                              lease_until = NULL, lease_owner = NULL WHERE id NOT LIKE 'pay_fill_%'"
}
# tick_runs NAME: TICK_RUNS ticks over the same due attempts, made due again before each.
tick_runs() {
  local name="$1" out="$work/$1.ticks"
  : >"$out"
  for i in $(seq 1 "$TICK_RUNS"); do
    reset_due
    svc_pid=0 cpu_snap "$name-$i" a
    DATABASE_URL="$POLL_DB" SYNC_POLL_INTERVAL=60 /usr/bin/time -f '%U %S' -o "$work/$name-$i.time" \
      "$bin/merchant" bench-tick --batch "$DUE" >>"$out" 2>>"$work/bench-tick.log"
    svc_pid=0 cpu_snap "$name-$i" b
  done
}
fill() { # FROM TO
  local f0; f0=$(date +%s.%N)
  psql "$POLL_DB" -q -v from="$1" -v to="$2" -f scripts/bench/fill.sql
  psql "$POLL_DB" -qc "VACUUM ANALYZE" -c "CHECKPOINT"
  python3 -c "print(round($(date +%s.%N) - $f0, 1))"
}
tick_summary() { # NAME FILL_SECONDS ORDERS
  python3 - "$work/$1.ticks" "$2" "$3" <<'PY' >"$work/$1.json"
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
secs = [r["seconds"] for r in runs]
print(json.dumps({"runs": secs, "median_s": statistics.median(secs) if secs else None, "min_s": min(secs) if secs else None,
                  "claimed": [r["claimed"] for r in runs], "fill_s": float(sys.argv[2]), "orders": int(sys.argv[3])}))
PY
}
fs=$(fill 1 "$FILL_SMALL")
tick_runs tick_10k
tick_summary tick_10k "$fs" "$FILL_SMALL"
mark poller-10k
fl=$(fill $(( FILL_SMALL + 1 )) "$FILL_LARGE")
tick_runs tick_1m
tick_summary tick_1m "$fl" "$FILL_LARGE"
mark poller-1m

# ---- memory, facts, report ------------------------------------------------------------------
python3 - "$work" "$idle_kb" <<'PY' >"$work/rss.json"
import glob, json, os, sys
work, idle = sys.argv[1], int(sys.argv[2])
peak = {}
for path in glob.glob(os.path.join(work, "rss-s*.txt")):
    name = os.path.basename(path)[4:-4]
    vals = [int(l) for l in open(path) if l.strip().isdigit()]
    if vals and name in ("s1", "s3", "settle_default", "settle_500"):   # the services under load
        peak[name] = max(vals) / 1024
print(json.dumps({"peak_mb": max(peak.values()) if peak else None, "idle_mb": idle / 1024, "per_service_mb": peak}))
PY

total_s=$(( $(date +%s) - started - build_s ))
python3 - "$work" <<PY >"$work/facts.json"
import json, subprocess
def sh(c):
    return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
notes = [
  "Catalog: $PRODUCTS products, stock not tracked, each order takes one SKU from each third (so concurrent orders rarely lock the same product rows); no Idempotency-Key on the measured requests.",
  "Service: DATABASE_POOL_SIZE=$C, LOG_LEVEL=${BENCH_LOG_LEVEL:-info} to a file, SYNC_SCHEDULE=1h (the poller never settles what the webhook runs measure); it is restarted between phases (gateway through the proxy or not, worker interval), each run after its own warm-up.",
  "Payment-start overhead: the service's gateway calls go through scripts/bench/gateway_proxy.py; per request, overhead = client-measured time - time from the proxy having read the whole gateway request to having written the whole response (matched by the attempt's idempotency key), so transfer and libcurl time count as ours.",
  "Webhook acknowledgement: unique event ids over the real succeeded events' bodies (same objects), the processor asleep (SYNC_POLL_INTERVAL=60). Settlement: two runs (default settings, then SYNC_BATCH=500) of $SETTLE_N real events each (one per paid checkout, so one order each), put in through the route while the processor sleeps, then processed by a restarted service; the rate is paid orders per second between the first and the last change (sampled every 0.1 s).",
  "Poller: batch raised to $DUE for one tick (merchant bench-tick; SYNC_BATCH is capped at 500), the due attempts are open checkout sessions at the sandbox, each tick re-reads all $DUE; $TICK_RUNS ticks after VACUUM ANALYZE and CHECKPOINT, compared by the fastest of each (the least disturbed by anything else on the machine), medians shown too.",
  "Build: this run's release build step took ${build_s} s$([ -n "$fresh_build" ] && echo " (a first build into an empty .build-bench)" || echo " (incremental)"); $(if [ -n "$first_build" ]; then set -- $first_build; echo "the first build into this .build-bench took $1 s ($2, load average $3 when it ended)"; else echo "the first build into this .build-bench was not recorded"; fi), not counted in the run below.",
  "Whole run without the build: ${total_s} s. Load average (1/5/15 min) at the start: $load_start; at the end: $(cut -d" " -f1-3 /proc/loadavg) (anything else running on the machine skews every figure).",
]
print(json.dumps({
  "date": sh("date -u '+%Y-%m-%d %H:%M UTC'"), "commit": sh("git rev-parse --short HEAD"),
  "dirty": bool(sh("git status --porcelain --untracked-files=no")),
  "cores": sh("nproc"), "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
  "memory": sh("free -h | awk '/^Mem:/{print \$2}'"), "kernel": "Linux " + sh("uname -r"),
  "pg_version": sh("psql '$BENCH_DB' -Atc 'SHOW server_version'"), "wrk": sh("wrk -v 2>&1 | head -1 | cut -d' ' -f1-2"),
  "conns": "$C", "threads": "$T", "pool": "$C", "warmup": "$W", "seconds": "$D", "due": $DUE,
  "phases": "$(IFS=,; echo "${phases[*]}" | sed 's/,/, /g')", "notes": notes}))
PY
py report --work "$work" --out "$OUT"
log "done in ${total_s} s; table written to $OUT"
