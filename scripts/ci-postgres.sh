#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 only, on a free port, in a temp
# folder. Installs nothing: Debian's `postgresql` package must be there
# (`apt-get update && apt-get install -y postgresql`).
#
#   source scripts/ci-postgres.sh
#   ci_postgres_start                    # starts it, exports CLAIMLEDGER_TEST_PG_URL
#   trap ci_postgres_stop EXIT           # stops it and removes its folder
#
#   bash scripts/ci-postgres.sh          # starts it and prints the `export ...` lines
#   bash scripts/ci-postgres.sh stop DIR # stops the server whose folder is DIR
#
# As root (CI), the server runs as the `postgres` user, since initdb refuses root.

_pg_bindir() {
    local d
    # Debian keeps the server binaries out of PATH, one folder per major version
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/pg_ctl" ] && [ -x "$d/createdb" ]; then echo "$d"; return; fi
    done
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
    echo "ci-postgres: no pg_ctl found; run: apt-get update && apt-get install -y postgresql" >&2
    return 1
}

_pg_as() {  # run a command as the server's user
    if [ "$(id -u)" = 0 ]; then
        # from /: the postgres user may not be allowed into the caller's folder (e.g. /root/...)
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

ci_postgres_start() {
    local bindir port dir
    bindir=$(_pg_bindir) || return 1
    dir=$(mktemp -d /tmp/claimledger-pg.XXXXXX) || return 1
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || { echo "ci-postgres: no postgres user; install Debian's postgresql" >&2; return 1; }
        chown postgres: "$dir"
    fi
    port=$(_pg_free_port) || return 1
    _pg_as "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; return 1; }
    # 127.0.0.1 only, and the socket in our own folder (no /var/run/postgresql needed)
    _pg_as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log" >&2; return 1; }
    _pg_as "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres claimledger_test \
        || { cat "$dir/server.log" >&2; return 1; }
    export CLAIMLEDGER_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/claimledger_test"
    export CLAIMLEDGER_TEST_PG_DIR="$dir"
    echo "export CLAIMLEDGER_TEST_PG_URL=$CLAIMLEDGER_TEST_PG_URL"
    echo "export CLAIMLEDGER_TEST_PG_DIR=$CLAIMLEDGER_TEST_PG_DIR"
}

ci_postgres_stop() {
    local dir=${1:-${CLAIMLEDGER_TEST_PG_DIR:-}} bindir
    [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "ci-postgres: no server folder to stop" >&2; return 1; }
    bindir=$(_pg_bindir) || return 1
    _pg_as "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    unset CLAIMLEDGER_TEST_PG_URL CLAIMLEDGER_TEST_PG_DIR
}

# run as a script: start (printing the exports), or `stop DIR`; sourced: define the functions
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-start}" in
        start) ci_postgres_start ;;
        stop) ci_postgres_stop "${2:-}" ;;
        *) echo "usage: $0 [start | stop DIR]" >&2; exit 2 ;;
    esac
fi
