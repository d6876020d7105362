#!/usr/bin/env bash
# A private PostgreSQL cluster for development and tests, in a folder of the checkout.
#   scripts/pg.sh start    initdb if needed, start on a free loopback port, create db "merchant"
#   scripts/pg.sh stop     fast shutdown
#   scripts/pg.sh restart  restart (tests use it to prove reconnection)
#   scripts/pg.sh env      print the export lines for PGHOST/PGPORT/PGUSER/DATABASE_URL
# PG_DIR chooses the folder (default .pg in the checkout), so tests can run their own.
set -euo pipefail
# The server outlives this script: close every inherited descriptor beyond stdio, or the
# server keeps the caller's pipes open and a caller waiting for EOF waits forever.
for fd in /proc/$$/fd/*; do
  n="${fd##*/}"
  [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-" 2>/dev/null || true
done
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${PG_DIR:-$root/.pg}"
if [ "$(id -u)" -eq 0 ] && [ -z "${PG_DIR:-}" ]; then
  mkdir -p "$dir" && chown postgres:postgres "$dir"
  # The postgres account must reach the folder through every parent (a checkout under
  # /root cannot be); then the cluster lives in a fixed folder under /tmp instead.
  if ! runuser -u postgres -- test -w "$dir"; then
    dir="/tmp/merchant-pg-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
  fi
fi
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bindir/pg_ctl" ] || { echo "pg.sh: PostgreSQL server binaries not found; run scripts/setup.sh" >&2; exit 1; }

# initdb and postgres refuse to run as root: use the postgres account for the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  PYTHONPATH="$root/scripts" python3 -m lib.stack free-port
}

start() {
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "pg.sh: postgres cannot write $dir (a parent folder is not traversable); set PG_DIR" >&2
      exit 1
    fi
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  if as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    return 0
  fi
  port="$(free_port)"
  echo "$port" >"$dir/port"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${PG_FSYNC:-on}" >/dev/null \
    || { tail -20 "$dir/server.log" >&2; exit 1; }
  as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname='merchant'" | grep -q 1 \
    || as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres merchant
}

stop() {
  [ -f "$dir/data/PG_VERSION" ] || return 0
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

restart() {
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 restart >/dev/null
}

env_lines() {
  port="$(cat "$dir/port")"
  echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres"
  echo "export DATABASE_URL=postgresql://postgres@127.0.0.1:$port/merchant"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) restart ;;
  env) env_lines ;;
  *) echo "usage: $0 start|stop|restart|env" >&2; exit 2 ;;
esac
