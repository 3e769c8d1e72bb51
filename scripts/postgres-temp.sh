#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the season tests, as an unprivileged user, in a
# temporary folder; prints the address (postgres://USER@127.0.0.1:PORT/postgres) on stdout.
# Stop it with: scripts/postgres-temp.sh stop DIR   (DIR is printed on stderr)
# Uses Debian's postgresql package (/usr/lib/postgresql/*/bin) or initdb/pg_ctl on the PATH.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$bin" ] || bin=$(dirname "$(command -v initdb)")
if [ "${1:-}" = "stop" ]; then
  dir=$2
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir/data -m fast stop" >/dev/null
  else "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; fi
  rm -rf "$dir"
  exit 0
fi
port=${PGPORT_TEMP:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
dir=$(mktemp -d /tmp/welfare-pg.XXXXXX)
run() { "$@"; }
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: the package's `postgres` user runs it
  chown postgres "$dir"
  user=postgres
  run() { su postgres -s /bin/sh -c "$*"; }
fi
run "$bin/initdb -D $dir/data -A trust -U $user -E UTF8 --locale=C.UTF-8" >/dev/null
run "$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on' start" >/dev/null
echo "$dir" >&2
echo "postgres://$user@127.0.0.1:$port/postgres"
