# Sourced by run.sh, fuzz.sh, browser-test.sh and chaos.sh: starts the WooshPay sandbox and the
# service from the built binaries in $bin, against $DATABASE_URL, and stops them again.
#   stack_env HTTP_PORT SANDBOX_PORT   export the service's configuration (values already set win)
#   stack_start                        migrate, start sandbox and service, wait until ready
#   stack_stop                         stop what stack_start started
#   stack_database NAME                for a test run: a fresh database NAME_<pid> in the
#                                      private cluster (DATABASE_URL points at it) and a
#                                      folder $stack_work; the database is dropped on exit
#                                      unless stack_keep_db is set
#   stack_private NAME                 stack_database, then sandbox and service on free
#                                      ports (log in $stack_work/stack.log), stopped on exit
stack_pids=()

stack_env() {
  export HTTP_HOST="${HTTP_HOST:-127.0.0.1}" HTTP_PORT="$1" SANDBOX_PORT="$2"
  export WOOSHPAY_API_BASE="${WOOSHPAY_API_BASE:-http://127.0.0.1:$SANDBOX_PORT}"
  export WOOSHPAY_SECRET_KEY="${WOOSHPAY_SECRET_KEY:-sk_test_sandbox}"
  export WOOSHPAY_PUBLISHABLE_KEY="${WOOSHPAY_PUBLISHABLE_KEY:-pk_test_sandbox}"
  export WOOSHPAY_WEBHOOK_SECRET="${WOOSHPAY_WEBHOOK_SECRET:-whsec_sandbox}"
  export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$HTTP_PORT}"
  # The return endpoint sends customers back to the demo storefront's status view.
  export STOREFRONT_RETURN_URL="${STOREFRONT_RETURN_URL:-$PUBLIC_BASE_URL/demo}"
  export PAYMENT_METHOD_TYPES="${PAYMENT_METHOD_TYPES:-card,alipay,wechat_pay}"
  # A development stack: the demo storefront on, and storefront requests may ask for manual
  # capture (the chaos run and the browser tests exercise both); production keeps the
  # defaults (no demo, only CAPTURE_METHOD).
  export DEMO_ENABLED="${DEMO_ENABLED:-true}"
  export ALLOWED_CAPTURE_METHODS="${ALLOWED_CAPTURE_METHODS:-automatic,manual}"
}

stack_start() {
  "$bin/merchant" migrate
  psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 -f scripts/seed-demo.sql
  "$bin/wooshpay-sandbox" --port "$SANDBOX_PORT" --secret-key "$WOOSHPAY_SECRET_KEY" \
    --publishable-key "$WOOSHPAY_PUBLISHABLE_KEY" --webhook-secret "$WOOSHPAY_WEBHOOK_SECRET" \
    --webhook-url "$PUBLIC_BASE_URL/webhooks/wooshpay" &
  stack_pids+=($!)
  "$bin/merchant" serve &
  stack_pids+=($!)
  for _ in $(seq 1 100); do
    curl -sf "http://$HTTP_HOST:$HTTP_PORT/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "stack: the service did not become ready on port $HTTP_PORT" >&2
  return 1
}

stack_stop() {
  for p in "${stack_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait "${stack_pids[@]}" 2>/dev/null || true
  stack_pids=()
}

stack_database() {
  eval "$(bash scripts/pg.sh env)"
  stack_db="$1_$$"
  stack_admin_url="${DATABASE_URL%/*}/postgres"
  psql "$DATABASE_URL" -qc "CREATE DATABASE $stack_db"
  export DATABASE_URL="${DATABASE_URL%/*}/$stack_db"
  stack_work=".run/$1-$$"
  mkdir -p "$stack_work"
  trap stack_cleanup EXIT INT TERM
}

stack_private() {
  local port
  stack_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
  stack_database "$1"
  unset WOOSHPAY_API_BASE PUBLIC_BASE_URL STOREFRONT_RETURN_URL
  port="$(stack_free_port)"
  stack_env "$port" "$(stack_free_port)"
  stack_start > "$stack_work/stack.log" 2>&1 || { cat "$stack_work/stack.log" >&2; return 1; }
}

stack_cleanup() {
  stack_stop
  [ -n "${stack_keep_db:-}" ] || psql "$stack_admin_url" -qc "DROP DATABASE IF EXISTS $stack_db WITH (FORCE)" >/dev/null 2>&1 || true
}
