#!/usr/bin/env bash
# `make run`: install what is missing, build, start a private PostgreSQL, apply migrations,
# start the WooshPay sandbox and the service, print the URLs, and stop everything on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build 2>&1 | grep -vE "^warning: 'swift-distributed-tracing'|CMakeLists.txt$" || true
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run: build failed" >&2; exit 1; }
bin="$(swift build --show-bin-path)"

bash scripts/pg.sh start
eval "$(bash scripts/pg.sh env)"
source scripts/stack.sh
cleanup() {
  stack_stop
  bash scripts/pg.sh stop
}
trap cleanup EXIT INT TERM

stack_env "${HTTP_PORT:-8080}" "${SANDBOX_PORT:-8090}"
stack_start
cat <<MSG

  demo storefront    http://$HTTP_HOST:$HTTP_PORT/demo
  back office        http://$HTTP_HOST:$HTTP_PORT/admin   (key: merchant keys create --name you --role admin)
  merchant service   http://$HTTP_HOST:$HTTP_PORT   (ready: /health/ready)
  API contract       http://$HTTP_HOST:$HTTP_PORT/openapi.yaml
  WooshPay sandbox   $WOOSHPAY_API_BASE
  PostgreSQL         $DATABASE_URL

  Ctrl-C stops everything.
MSG
wait -n "${stack_pids[@]}"
