#!/usr/bin/env bash
# PostgreSQL fail-over without loss: the chaos run (three replicas, WooshPay faults, replica
# SIGKILLs, every invariant, 13 "nothing acknowledged lost" among them) against a primary
# with a synchronous standby (scripts/pg-ha.sh), on a multi-host DATABASE_URL with
# target_session_attrs=read-write; at 40% of the orders the primary is killed
# (-m immediate) and the standby promoted, and the run measures how long until the service
# writes again. FAILOVER_CHAOS_ORDERS (default 100; `make chaos` runs 600).
# Needs the build and the private PostgreSQL (`scripts/pg.sh start`, for the run's tools).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pg-ha.sh start
trap 'bash scripts/pg-ha.sh stop' EXIT
eval "$(bash scripts/pg-ha.sh env)"
export STACK_ADMIN_URL STACK_DATABASE_URL
echo "failover: chaos run on $STACK_DATABASE_URL"
CHAOS_FAILOVER=1 CHAOS_ORDERS="${FAILOVER_CHAOS_ORDERS:-100}" bash scripts/chaos.sh
