#!/usr/bin/env bash
# Debian's PgBouncer (1.18) in front of the private PostgreSQL, in transaction pooling mode:
# many client connections share few server connections, and a transaction, not a session,
# holds one. The service then needs DATABASE_PREPARED_STATEMENTS=false (1.18 keeps no
# protocol-level prepared statements across server connections).
#   scripts/pgbouncer.sh start   install if missing, start on a free loopback port (idempotent)
#   scripts/pgbouncer.sh stop
#   scripts/pgbouncer.sh env     print PGBOUNCER_URL (postgresql://postgres@127.0.0.1:PORT)
# Every database of the cluster is reachable through it by name (`* =` in [databases]).
# PGBOUNCER_POOL_SIZE (default 10) server connections per database: fewer than three
# replicas' pools of 8, so the multiplexing is real. Needs `scripts/pg.sh start` first.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${PGBOUNCER_DIR:-/tmp/merchant-pgbouncer-$(id -u)}"
eval "$(bash scripts/pg.sh env)"

# pgbouncer refuses to run as root: the postgres account runs it, as it runs the cluster.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
running() { [ -f "$dir/pgbouncer.pid" ] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; }

case "${1:-}" in
  start)
    bash scripts/setup.sh pgbouncer
    if running; then exit 0; fi
    mkdir -p "$dir"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=$PGHOST port=$PGPORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
pool_mode = transaction
default_pool_size = ${PGBOUNCER_POOL_SIZE:-10}
max_client_conn = 500
max_db_connections = ${PGBOUNCER_POOL_SIZE:-10}
; the service sends application_name; libpq tools may send these
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
; after PostgreSQL restarts or fails over, try its server again after 1 s, not the default
; 15 s (clients get errors until it does: the chaos run saw 503s for 6 s past the restart)
server_login_retry = 1
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
admin_users = postgres
INI
    echo '"postgres" ""' > "$dir/users.txt"
    [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$dir"
    as_owner /usr/sbin/pgbouncer -d "$dir/pgbouncer.ini"
    for _ in $(seq 50); do
      psql "postgresql://postgres@127.0.0.1:$port/postgres" -qtAc 'SELECT 1' >/dev/null 2>&1 && { echo "$port" > "$dir/port"; exit 0; }
      sleep 0.1
    done
    echo "pgbouncer.sh: PgBouncer did not answer on $port (see $dir/pgbouncer.log)" >&2
    exit 1
    ;;
  stop)
    if running; then kill "$(cat "$dir/pgbouncer.pid")"; fi
    rm -f "$dir/port"
    ;;
  env)
    [ -f "$dir/port" ] || { echo "pgbouncer.sh: not running (scripts/pgbouncer.sh start)" >&2; exit 1; }
    echo "export PGBOUNCER_URL=postgresql://postgres@127.0.0.1:$(cat "$dir/port")"
    ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac
