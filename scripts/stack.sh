# The shell entry to the stack launcher scripts/lib/stack.py, sourced by run.sh, fuzz.sh,
# browser-test.sh, chaos.sh, attack.sh and bench.sh (from the checkout's root). It puts
# scripts/ on PYTHONPATH, so every Python script runs as `python3 -m chaos.run` and the like
# and imports the shared helpers as `lib.*`. Starts the WooshPay sandbox and the service from
# the built binaries in $bin, against $DATABASE_URL, and stops them again.
#   stack_free_port                    print a free loopback port
#   stack_env [--bare] HTTP_PORT SANDBOX_PORT
#                                      export the service's configuration (values already set
#                                      win; --bare: without the demo storefront and the other
#                                      development extras, as make bench runs it)
#   stack_start                        migrate, seed the demo catalog, start sandbox and service,
#                                      wait until ready (one process, `python3 -m lib.stack up`,
#                                      holds both: its pid is in stack_pids)
#   stack_stop                         stop what stack_start started
#   stack_database NAME                for a test run: a fresh database NAME_<pid> in the
#                                      private cluster (DATABASE_URL points at it) and a
#                                      folder $stack_work; the database is dropped on exit
#                                      unless stack_keep_db is set
#   stack_private NAME                 stack_database, then sandbox and service on free
#                                      ports (log in $stack_work/stack.log), stopped on exit
export PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}"
stack_pids=()

stack_free_port() { python3 -m lib.stack free-port; }

stack_env() {
  local exports
  exports="$(python3 -m lib.stack env "$@")" && eval "$exports"
}

stack_start() {
  local ready
  ready="$(mktemp -u "${TMPDIR:-/tmp}/merchant-stack.XXXXXX")"
  python3 -m lib.stack up --bin "$bin" --ready "$ready" &
  stack_pids+=($!)
  # `up` gives up by itself (bounded waits) and exits: then this does too.
  while [ ! -e "$ready" ]; do
    kill -0 "$!" 2>/dev/null || { echo "stack: the stack did not start" >&2; return 1; }
    sleep 0.1
  done
  rm -f "$ready"
}

stack_stop() {
  for p in "${stack_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait "${stack_pids[@]}" 2>/dev/null || true
  stack_pids=()
}

stack_database() {
  local exports
  stack_db="$1_$$"
  exports="$(python3 -m lib.stack database "$stack_db")" && eval "$exports" || return 1
  stack_admin_url="${DATABASE_URL%/*}/postgres"
  stack_work=".run/$1-$$"
  mkdir -p "$stack_work"
  trap stack_cleanup EXIT INT TERM
}

stack_private() {
  local port
  stack_database "$1"
  unset WOOSHPAY_API_BASE PUBLIC_BASE_URL STOREFRONT_RETURN_URL
  port="$(stack_free_port)"
  stack_env "$port" "$(stack_free_port)"
  stack_start > "$stack_work/stack.log" 2>&1 || { cat "$stack_work/stack.log" >&2; return 1; }
}

stack_cleanup() {
  stack_stop
  [ -n "${stack_keep_db:-}" ] || python3 -m lib.stack drop-database "$DATABASE_URL" >/dev/null 2>&1 || true
}
