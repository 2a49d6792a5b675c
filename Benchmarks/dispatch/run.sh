#!/bin/bash
# Dispatch, containment and coverage benchmark (issue #10, acceptance 3), from the repository root
# after `swift build -c release --product pingan`:
#   Benchmarks/dispatch/run.sh            # SQLite (fresh file in a temp directory)
# `pingan bench dispatch` prepares the database (200 units signed on, available, device tokens),
# writes the units' road positions, 60 checkpoint sites on the demo graph, 20 scenes and the graph
# as CSV, and times the same computations in process; then `pingan serve` (demo road network, the
# 60 sites via PINGAN_CHECKPOINTS) takes the HTTP load of dispatch_load.py, a separate process on
# loopback. With pgRouting installed (postgresql-15-pgrouting; BENCH_PG, default the local
# PostgreSQL 15 on 55432) the peer `pgr_drivingDistance` is timed on the same graph.
# Extra arguments go to dispatch_load.py (e.g. --requests 300 --orders 200).
set -euo pipefail
bin=${PINGAN_BIN:-.build/release/pingan}
port=${BENCH_PORT:-18091}
dir=$(mktemp -d /tmp/pingan-dispatch-XXXXXX)
export PINGAN_SWEEP_SECONDS=0 PINGAN_ROAD_GRAPH=demo LOG_LEVEL=${LOG_LEVEL:-warning}
export PINGAN_SQLITE_PATH=$dir/pingan.sqlite
unset DATABASE_URL
"$bin" bench dispatch --units "${BENCH_UNITS:-200}" --checkpoints "${BENCH_CHECKPOINTS:-60}" --queries "${BENCH_QUERIES:-300}" --out "$dir"
PINGAN_CHECKPOINTS=$dir/checkpoints.geojson "$bin" serve --hostname 127.0.0.1 --port "$port" > "$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
python3 "$(dirname "$0")/dispatch_load.py" --base "http://127.0.0.1:$port" --dir "$dir" "$@"
echo "(files in $dir)"
