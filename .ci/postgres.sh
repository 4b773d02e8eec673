#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the store's tests and print the DATABASE_URL for it.
#
#   eval "$(bash .ci/postgres.sh)"     # sets TEST_DATABASE_URL for this shell
#
# Uses Debian's `postgresql` package (installed here if missing), runs the server as the postgres
# user on a local port with a data directory under /tmp, trusts local connections (it listens on
# 127.0.0.1 only), and creates the `checkpost_test` database. Safe to run twice: a server already
# listening on the port is reused.
set -euo pipefail
PORT="${PGTEST_PORT:-54329}"
DATA="${PGTEST_DATA:-/tmp/checkpost-pg-$PORT}"
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  else
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1
  fi
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! as_pg "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -s "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
  fi
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PORT -k /tmp -c fsync=off -c max_connections=200" start >&2
fi
as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname='checkpost_test'" | grep -q 1 \
  || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres checkpost_test >&2
echo "export TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:$PORT/checkpost_test"
