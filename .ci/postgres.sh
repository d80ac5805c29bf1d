#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the registry tests (Debian's postgresql package).
#   source .ci/postgres.sh start   -> exports REALPOLITIK_TEST_PG_URL (and PGCI_DIR)
#   .ci/postgres.sh stop [DIR]     -> stops the cluster and removes its folder
# The cluster listens on 127.0.0.1 only, on a non-default port, with fsync off (tests only).
# Installs the package only when initdb is missing. Nothing here is used at run time.
pgci_start() {
  local port="${PGCI_PORT:-54329}"
  # A port already taken (another cluster on this machine) -> the next free one.
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } ||
      { echo "postgresql not installed: PostgreSQL tests will be skipped" >&2; return 0; }
  fi
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGCI_DIR=$(mktemp -d /tmp/pgci.XXXXXX)
  local run=()
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGCI_DIR"; run=(su postgres -c); else run=(bash -c); fi
  "${run[@]}" "$pgbin/initdb -D $PGCI_DIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >$PGCI_DIR/initdb.log" || return 1
  "${run[@]}" "$pgbin/pg_ctl -D $PGCI_DIR/data -l $PGCI_DIR/log -o '-c listen_addresses=127.0.0.1 -p $port -k $PGCI_DIR -c fsync=off' -w start >/dev/null" || return 1
  "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "create database realpolitik_test" || return 1
  export PGCI_DIR PGCI_BIN="$pgbin"
  export REALPOLITIK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/realpolitik_test"
  echo "PostgreSQL test cluster at $REALPOLITIK_TEST_PG_URL ($PGCI_DIR)" >&2
}

pgci_stop() {
  local dir="${1:-${PGCI_DIR:-}}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  local pgbin="${PGCI_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
  if [ "$(id -u)" = 0 ]; then su postgres -c "$pgbin/pg_ctl -D $dir/data -m fast stop >/dev/null"
  else "$pgbin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; fi
  rm -rf "$dir"
}

case "${1:-start}" in
  start) pgci_start ;;
  stop) pgci_stop "${2:-}" ;;
  *) echo "usage: source .ci/postgres.sh start | .ci/postgres.sh stop [DIR]" >&2; return 2 2>/dev/null || exit 2 ;;
esac
