#!/usr/bin/env bash
# A primary with a synchronous standby, two private clusters of Debian's PostgreSQL on free
# loopback ports, for the fail-over stage: streaming replication with
# synchronous_standby_names = 'standby' and synchronous_commit = on, so a COMMIT returns
# only once the standby has the WAL and a promoted standby has every acknowledged write.
#   scripts/pg-ha.sh start      (re)create both clusters and start them
#   scripts/pg-ha.sh env        STACK_ADMIN_URL (the primary) and STACK_DATABASE_URL (a
#                               multi-host template, target_session_attrs=read-write)
#   scripts/pg-ha.sh failover   kill the primary (-m immediate, as a crash) and promote the
#                               standby with pg_ctl promote; prints the epoch seconds of the
#                               kill and of the promotion's end
#   scripts/pg-ha.sh stop       stop both and remove them
# Fail-over is scripted (pg_ctl promote), not pg_auto_failover or Patroni: the stage
# measures what the service does when its primary vanishes and another appears, which is
# the same whatever decides the promotion; a monitor adds its own detection delay on top
# (not measured here), stated in the README with the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
root="${PG_HA_DIR:-/tmp/merchant-pg-ha-$(id -u)}"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

case "${1:-}" in
  start)
    bash scripts/setup.sh
    "$0" stop >/dev/null 2>&1 || true
    mkdir -p "$root"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$root"
    primary_port="$(free_port)"
    standby_port="$(free_port)"
    as_owner "$bindir/initdb" -D "$root/primary" -U postgres --auth=trust -E UTF8 --no-locale >"$root/initdb.log" 2>&1
    cat >>"$root/primary/postgresql.conf" <<CONF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$root'
wal_level = replica
max_wal_senders = 5
synchronous_standby_names = 'standby'
synchronous_commit = on
max_connections = 200
CONF
    as_owner "$bindir/pg_ctl" -D "$root/primary" -l "$root/primary.log" -w start >/dev/null
    as_owner "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$root/standby" -R -X stream >/dev/null
    cat >>"$root/standby/postgresql.conf" <<CONF
port = $standby_port
CONF
    # The standby names itself so the primary counts it as the synchronous one.
    as_owner sed -i "s/^primary_conninfo = '/primary_conninfo = 'application_name=standby /" "$root/standby/postgresql.auto.conf"
    as_owner "$bindir/pg_ctl" -D "$root/standby" -l "$root/standby.log" -w start >/dev/null
    echo "$primary_port $standby_port" > "$root/ports"
    for _ in $(seq 100); do
      state="$(psql "postgresql://postgres@127.0.0.1:$primary_port/postgres" -qtAc \
        "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'" 2>/dev/null || true)"
      [ "$state" = "sync" ] && exit 0
      sleep 0.1
    done
    echo "pg-ha.sh: the standby did not become synchronous (see $root/*.log)" >&2
    exit 1
    ;;
  env)
    read -r primary_port standby_port < "$root/ports"
    echo "export STACK_ADMIN_URL=postgresql://postgres@127.0.0.1:$primary_port/postgres"
    echo "export STACK_DATABASE_URL='postgresql://postgres@127.0.0.1:$primary_port,127.0.0.1:$standby_port/{db}?target_session_attrs=read-write'"
    ;;
  failover)
    killed="$(date +%s.%N)"
    as_owner "$bindir/pg_ctl" -D "$root/primary" -m immediate stop >/dev/null
    as_owner "$bindir/pg_ctl" -D "$root/standby" -w promote >/dev/null
    # The standby's configuration is the primary's copy: it names a synchronous standby,
    # which no longer exists, and every COMMIT would wait for it for ever (seen: orders
    # took 10 s each after the first fail-over). Alone, the new primary commits locally
    # until a new standby joins, as pg_auto_failover does when it loses its secondary.
    read -r _ standby_port < "$root/ports"
    psql "postgresql://postgres@127.0.0.1:$standby_port/postgres" -qtA \
      -c "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()" >/dev/null
    echo "$killed $(date +%s.%N)"
    ;;
  stop)
    for c in primary standby; do
      [ -f "$root/$c/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$root/$c" -m immediate stop >/dev/null 2>&1 || true
    done
    rm -rf "$root"
    ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac
