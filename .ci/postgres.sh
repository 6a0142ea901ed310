#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for the tests, on loopback only.
#
#   pg_env="$(bash .ci/postgres.sh start)" && eval "$pg_env"
#                          # installs Debian's postgresql if missing, starts a cluster, and prints
#                          # export CONSILIUM_TEST_POSTGRES='Host=127.0.0.1;Port=...;Username=consilium;Password=consilium;Database=postgres'
#                          # (plain `eval "$(bash .ci/postgres.sh start)"` works too, but hides a failed start from set -e)
#   bash .ci/postgres.sh stop      # stops it and removes its directory
#   bash .ci/postgres.sh status
#
# In .ci/run:  pg_env="$(bash .ci/postgres.sh start)"; eval "$pg_env"; trap 'bash .ci/postgres.sh stop' EXIT
#              export CONSILIUM_REQUIRE_POSTGRES=1   # the PostgreSQL tests then fail instead of skipping without a server
#
# start also writes the export line (and the cluster's directory) to .ci/.postgres.env, which stop reads.
# Progress goes to stderr; stdout carries only the export line.
# The cluster lives in a fresh temp directory, listens on 127.0.0.1 only (first free port from 55432,
# or $CONSILIUM_PG_PORT), has no Unix socket outside its own directory, and has one login role
# consilium/consilium with CREATEDB: each test run creates and drops its own database.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
env_file="${CONSILIUM_PG_ENV_FILE:-$here/.postgres.env}"
role="consilium"
password="consilium"

log() { echo "postgres.sh: $*" >&2; }

pg_bin_dir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

ensure_installed() {
    if pg_bin_dir >/dev/null; then
        return 0
    fi
    if [[ $(id -u) -ne 0 ]]; then
        log "PostgreSQL is not installed and this is not root: install the Debian package 'postgresql' first."
        exit 1
    fi
    log "installing Debian's postgresql (apt-get)"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
    # The package starts a system cluster on 5432; we do not use it, and leave it as the package set it up.
    pg_bin_dir >/dev/null || { log "postgresql installed but initdb not found under /usr/lib/postgresql/*/bin"; exit 1; }
}

# Runs a command as the owner of the cluster (postgres when we are root: initdb refuses root).
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
    if [[ -n "${CONSILIUM_PG_PORT:-}" ]]; then
        echo "$CONSILIUM_PG_PORT"
        return
    fi
    local p
    for p in $(seq "${1:-55432}" 55499); do
        if port_free "$p"; then
            echo "$p"
            return
        fi
    done
    log "no free port between 55432 and 55499"
    exit 1
}

start() {
    if [[ -f "$env_file" ]]; then
        # shellcheck disable=SC1090
        source "$env_file"
        if [[ -n "${CONSILIUM_PG_DIR:-}" && -f "$CONSILIUM_PG_DIR/data/postmaster.pid" ]]; then
            log "already running in $CONSILIUM_PG_DIR"
            echo "export CONSILIUM_TEST_POSTGRES='$CONSILIUM_TEST_POSTGRES'"
            return 0
        fi
        rm -f "$env_file"
    fi
    ensure_installed
    local bin dir port
    bin="$(pg_bin_dir)"
    dir="$(mktemp -d "${TMPDIR:-/tmp}/consilium-pg.XXXXXX")"
    chmod 755 "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres:postgres "$dir"
    fi
    port="$(pick_port)"
    log "initdb ($bin) in $dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A port that answers no connection can still be held by a socket in TIME-WAIT (the range 55432-55499 lies in
    # Linux's ephemeral range, so a test's own outgoing connection can leave one): then the next free port is tried.
    local attempt
    for attempt in 1 2 3 4 5; do
        log "starting on 127.0.0.1:$port"
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            >&2; then
            break
        fi
        if [[ $attempt -lt 5 ]] && grep -q "Address already in use" "$dir/server.log"; then
            log "port $port is held by another socket; trying the next one"
            port="$(pick_port $((port + 1)))"
            continue
        fi
        cat "$dir/server.log" >&2
        exit 1
    done
    as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';" >&2
    local cs="Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=postgres"
    {
        echo "CONSILIUM_PG_DIR='$dir'"
        echo "CONSILIUM_PG_BIN='$bin'"
        echo "export CONSILIUM_TEST_POSTGRES='$cs'"
    } >"$env_file"
    log "ready; environment written to $env_file"
    echo "export CONSILIUM_TEST_POSTGRES='$cs'"
}

stop() {
    local dir="${CONSILIUM_PG_DIR:-}" bin=""
    if [[ -f "$env_file" ]]; then
        # shellcheck disable=SC1090
        source "$env_file"
        dir="$CONSILIUM_PG_DIR"
        bin="$CONSILIUM_PG_BIN"
    fi
    if [[ -z "$dir" ]]; then
        log "nothing to stop (no $env_file)"
        return 0
    fi
    bin="${bin:-$(pg_bin_dir || true)}"
    if [[ -f "$dir/data/postmaster.pid" && -n "$bin" ]]; then
        log "stopping the cluster in $dir"
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 || log "pg_ctl stop failed; removing anyway"
    fi
    case "$dir" in
        */consilium-pg.*) rm -rf "$dir" ;;
        *) log "not removing $dir: not a directory this script made" ;;
    esac
    rm -f "$env_file"
    log "stopped"
}

status() {
    if [[ -f "$env_file" ]]; then
        cat "$env_file"
    else
        log "not running (no $env_file)"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
