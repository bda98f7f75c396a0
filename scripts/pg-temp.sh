#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on loopback for the tests.
#   scripts/pg-temp.sh start   prints its SQLAlchemy URL
#   scripts/pg-temp.sh stop
# PostgreSQL refuses to run as root, so as root the cluster belongs to "postgres".
set -euo pipefail
dir=${PGTEMP_DIR:-/tmp/conflict-timeline-pg}
port=${PGTEMP_PORT:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "no PostgreSQL binaries" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    as_owner "$bin/pg_ctl" -D "$dir" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres timeline_test
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/timeline_test"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" stop -m fast >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 64 ;;
esac
