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
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash scripts/pg.sh stop
}
trap cleanup EXIT INT TERM

export HTTP_HOST="${HTTP_HOST:-127.0.0.1}" HTTP_PORT="${HTTP_PORT:-8080}"
export SANDBOX_PORT="${SANDBOX_PORT:-8090}"
export WOOSHPAY_API_BASE="${WOOSHPAY_API_BASE:-http://127.0.0.1:$SANDBOX_PORT}"
export WOOSHPAY_SECRET_KEY="${WOOSHPAY_SECRET_KEY:-sk_test_sandbox}"
export WOOSHPAY_PUBLISHABLE_KEY="${WOOSHPAY_PUBLISHABLE_KEY:-pk_test_sandbox}"
export WOOSHPAY_WEBHOOK_SECRET="${WOOSHPAY_WEBHOOK_SECRET:-whsec_sandbox}"
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$HTTP_PORT}"
export PAYMENT_METHOD_TYPES="${PAYMENT_METHOD_TYPES:-card,alipay,wechat_pay}"

"$bin/merchant" migrate
psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 -f scripts/seed-demo.sql

if [ -x "$bin/wooshpay-sandbox" ]; then
  "$bin/wooshpay-sandbox" --port "$SANDBOX_PORT" --secret-key "$WOOSHPAY_SECRET_KEY" \
    --publishable-key "$WOOSHPAY_PUBLISHABLE_KEY" --webhook-secret "$WOOSHPAY_WEBHOOK_SECRET" \
    --webhook-url "$PUBLIC_BASE_URL/webhooks/wooshpay" &
  pids+=($!)
fi

"$bin/merchant" serve &
pids+=($!)

for _ in $(seq 1 50); do
  curl -sf "http://$HTTP_HOST:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
cat <<MSG

  merchant service   http://$HTTP_HOST:$HTTP_PORT   (ready: /health/ready)
  WooshPay sandbox   $WOOSHPAY_API_BASE
  PostgreSQL         $DATABASE_URL

  Ctrl-C stops everything.
MSG
wait -n "${pids[@]}"
