#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: `start DIR` makes a cluster in DIR,
# listening only on loopback at a free port, and prints its admin URL;
# `stop DIR` stops it. Uses Debian's `postgresql` package (scripts/setup.sh
# installs it for the tests). PostgreSQL refuses to run as root: as root, the
# cluster belongs to the `postgres` user the package creates.
set -euo pipefail

command_name="${1:-}"
dir="${2:-}"
[ -n "$command_name" ] && [ -n "$dir" ] || {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || {
  echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command_name" in
start)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    chmod o+x "$(dirname "$dir")" # a mktemp -d parent is root's alone
  fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  # Tests make a database each: more connections than the default 100, fsync off
  # (a throwaway cluster), and a socket in DIR, not /run.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
