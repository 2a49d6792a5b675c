# shellcheck shell=bash
# PostgreSQL helpers for CI and for developers. Source this file; it defines functions only.
#
#   pg_start   initdb a throwaway cluster under a fresh `mktemp -d` in /tmp, start it on
#              127.0.0.1:$PINGAN_PG_PORT (default 55432; the next free port if that one is taken and
#              PINGAN_PG_PORT was not set), create role/database pingan/pingan_test, and export
#              PINGAN_TEST_DATABASE_URL. Safe to call pg_stop afterwards whatever happened.
#   pg_stop    stop that cluster (pg_ctl -m fast stop) and remove its temp dir. Idempotent.
#
# Lower-level helpers (also used by .ci/dev-postgres):
#   pg_bindir                      newest /usr/lib/postgresql/*/bin
#   pg_port_in_use PORT            true if something accepts TCP connections on 127.0.0.1:PORT
#   pg_init_cluster DIR PORT       initdb DIR/data (owned by postgres) and write the settings
#   pg_ctl_start DIR               pg_ctl -w start, log in DIR/postgres.log
#   pg_ctl_stop DIR                pg_ctl -m fast stop (if running)
#   pg_create_app_db DIR PORT      role pingan (password pingan, CREATEDB) + database pingan_test
#   pg_url PORT                    postgres://pingan:pingan@127.0.0.1:PORT/pingan_test

PINGAN_PG_USER="${PINGAN_PG_USER:-pingan}"
PINGAN_PG_PASSWORD="${PINGAN_PG_PASSWORD:-pingan}"
PINGAN_PG_DB="${PINGAN_PG_DB:-pingan_test}"

pg_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    echo "postgres.sh: no /usr/lib/postgresql/*/bin/initdb (is the postgresql package installed?)" >&2
    return 1
  fi
  printf '%s\n' "$dir"
}

pg_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_url() {
  printf 'postgres://%s:%s@127.0.0.1:%s/%s\n' "$PINGAN_PG_USER" "$PINGAN_PG_PASSWORD" "$1" "$PINGAN_PG_DB"
}

# Runs a PostgreSQL binary as the postgres user.
_pg_as_postgres() {
  local bin="$1"; shift
  runuser -u postgres -- "$(pg_bindir)/$bin" "$@"
}

pg_init_cluster() {
  local dir="$1" port="$2"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  _pg_as_postgres initdb -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  cat >>"$dir/data/postgresql.conf" <<EOF

# --- Pingan test settings (throwaway data: durability off) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
# Every test app holds a pool per event loop and a LISTEN connection, and the suites run in
# parallel on both databases: 200 ran out once the patrol suites grew (53300 in CI).
max_connections = 600
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
log_min_messages = warning
EOF
}

pg_ctl_start() {
  local dir="$1"
  if ! _pg_as_postgres pg_ctl -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null; then
    echo "postgres.sh: pg_ctl start failed; server log:" >&2
    cat "$dir/postgres.log" >&2 || true
    return 1
  fi
}

pg_ctl_stop() {
  local dir="$1"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    _pg_as_postgres pg_ctl -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
}

pg_create_app_db() {
  local dir="$1" port="$2"
  local psql=("$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres)
  runuser -u postgres -- "${psql[@]}" \
    -c "CREATE ROLE \"$PINGAN_PG_USER\" LOGIN CREATEDB PASSWORD '$PINGAN_PG_PASSWORD'" \
    -c "CREATE DATABASE \"$PINGAN_PG_DB\" OWNER \"$PINGAN_PG_USER\" ENCODING 'UTF8'"
}

PINGAN_PG_TMP=""

pg_start() {
  local port="${PINGAN_PG_PORT:-55432}"
  if pg_port_in_use "$port"; then
    if [[ -n "${PINGAN_PG_PORT:-}" ]]; then
      echo "postgres.sh: 127.0.0.1:$port is already in use (PINGAN_PG_PORT=$PINGAN_PG_PORT)" >&2
      return 1
    fi
    local p
    for p in $(seq $((port + 1)) $((port + 50))); do
      if ! pg_port_in_use "$p"; then port="$p"; break; fi
    done
    echo "postgres.sh: 127.0.0.1:55432 is taken (a dev server?); using port $port" >&2
  fi
  PINGAN_PG_TMP="$(mktemp -d /tmp/pingan-pg.XXXXXX)"
  PINGAN_PG_PORT_IN_USE="$port"
  pg_init_cluster "$PINGAN_PG_TMP" "$port" || return 1
  pg_ctl_start "$PINGAN_PG_TMP" || return 1
  pg_create_app_db "$PINGAN_PG_TMP" "$port" || return 1
  PINGAN_TEST_DATABASE_URL="$(pg_url "$port")"
  export PINGAN_TEST_DATABASE_URL
}

pg_stop() {
  if [[ -n "$PINGAN_PG_TMP" && -d "$PINGAN_PG_TMP" ]]; then
    pg_ctl_stop "$PINGAN_PG_TMP"
    rm -rf "$PINGAN_PG_TMP"
  fi
  PINGAN_PG_TMP=""
}
