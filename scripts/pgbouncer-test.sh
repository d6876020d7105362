#!/usr/bin/env bash
# The service behind PgBouncer in transaction pooling mode (Debian's 1.18): three storefront
# flows in the browser, then a short chaos run (three replicas, WooshPay faults, SIGKILLs, a
# PostgreSQL restart behind PgBouncer, every invariant), all with DATABASE_PREPARED_STATEMENTS=false
# and every database connection through PgBouncer (scripts/pgbouncer.sh: 10 server
# connections for three replicas' pools of 8). PGBOUNCER_CHAOS_ORDERS (default 60).
# Needs the build and the private PostgreSQL (`scripts/pg.sh start`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pgbouncer.sh start
trap 'bash scripts/pgbouncer.sh stop' EXIT
eval "$(bash scripts/pgbouncer.sh env)"
export STACK_DATABASE_URL="$PGBOUNCER_URL/{db}" DATABASE_PREPARED_STATEMENTS=false
echo "pgbouncer: storefront flows and a chaos run through $PGBOUNCER_URL (transaction pooling)"
bash scripts/browser-test.sh checkout_paid sdk_paid direct_alipay_paid
CHAOS_ORDERS="${PGBOUNCER_CHAOS_ORDERS:-60}" bash scripts/chaos.sh
