#!/bin/bash
# Position-ingest benchmark (issue #9, acceptance 5), from the repository root after
# `swift build -c release --product pingan`:
#   Benchmarks/ingest/run.sh                 # SQLite (fresh file in a temp directory)
#   DATABASE_URL=postgres://… Benchmarks/ingest/run.sh   # PostgreSQL (the database is emptied of fixes first)
# Extra arguments go to ingest_load.py (e.g. --seconds 20 --connections 8 --subscribers 50).
set -euo pipefail
bin=${PINGAN_BIN:-.build/release/pingan}
port=${BENCH_PORT:-18090}
dir=$(mktemp -d /tmp/pingan-ingest-XXXXXX)
export PINGAN_SWEEP_SECONDS=0 PINGAN_ROAD_GRAPH=none LOG_LEVEL=${LOG_LEVEL:-warning}
if [ -n "${DATABASE_URL:-}" ]; then
  psql "$DATABASE_URL" -qc 'DELETE FROM patrol_fixes' 2>/dev/null || true
  target=(--postgres "$DATABASE_URL")
else
  export PINGAN_SQLITE_PATH=$dir/pingan.sqlite
  target=(--sqlite "$PINGAN_SQLITE_PATH")
fi
"$bin" bench patrol --units "${BENCH_UNITS:-100}" --out "$dir/units.json"
"$bin" serve --hostname 127.0.0.1 --port "$port" > "$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
python3 "$(dirname "$0")/ingest_load.py" --base "http://127.0.0.1:$port" --units "$dir/units.json" "${target[@]}" "$@"
echo "(files in $dir)"
