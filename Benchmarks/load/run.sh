#!/bin/bash
# Mixed county load (issue #13, point 4), from the repository root:
#   Benchmarks/load/run.sh [--short] [--scale 10] [PINGAN_BIN]          # SQLite, fresh file in a temp dir
#   DATABASE_URL=postgres://…/empty_db Benchmarks/load/run.sh …          # PostgreSQL (an empty database)
# Data: the demo county (`pingan demo --no-serve`: org tree, accounts, a year of 2,653 disputes and
# 4,682 incidents), with `--scale N` first N×2,653 generated disputes through the bulk loader of
# `pingan bench mediation` (SQLite only), and 100 patrol units on shift with device tokens
# (`pingan bench patrol`). Load: wrk (Debian) with mixed.lua — GPS batches, township boards, county
# lists, incident and unit lists, dispute intake and events, incident intake — plus
# subscribers.py holding live WebSocket subscribers open. Prints throughput, p50/p90/p99 and
# errors (any non-2xx answer is one: the mix has no deliberate refusal).
# --short (CI): 15 s, 2 threads, 10 subscribers, demo data; exits non-zero on any error.
# Full: 60 s, 4 threads, 50 subscribers, and checks the target (≥ 500 req/s, p99 < 50 ms).
set -euo pipefail
short=0 scale=1 bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --short) short=1 ;;
    --scale) scale="$2"; shift ;;
    *) bin="$1" ;;
  esac
  shift
done
bin=${bin:-${PINGAN_BIN:-.build/release/pingan}}
[ -x "$bin" ] || { echo "run.sh: $bin is not an executable" >&2; exit 2; }
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
if [ $short = 1 ]; then seconds=${LOAD_SECONDS:-15} threads=2 subs=10; else seconds=${LOAD_SECONDS:-60} threads=${LOAD_THREADS:-4} subs=${LOAD_SUBSCRIBERS:-50}; fi
dir=$(mktemp -d /tmp/pingan-load-XXXXXX)
port=""
for candidate in $(shuf -i 40000-49999 -n 50); do (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null || { port=$candidate; break; }; done
base="http://127.0.0.1:$port"
export PINGAN_SWEEP_SECONDS=0 LOG_LEVEL=${LOG_LEVEL:-warning} PINGAN_LOGIN_FAILURES=100
if [ -n "${DATABASE_URL:-}" ]; then
  db="PostgreSQL"
  [ "$scale" = 1 ] || { echo "run.sh: --scale loads through the SQLite bulk loader; on PostgreSQL the demo year is the data" >&2; exit 2; }
else
  db="SQLite"
  export PINGAN_SQLITE_PATH=$dir/pingan.sqlite
fi
server="" subscribers=""
cleanup() {
  [ -n "$subscribers" ] && kill "$subscribers" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

t0=$SECONDS
if [ "$scale" != 1 ]; then
  "$bin" bench mediation --disputes $((scale * 2653)) --queries 1 --file "$PINGAN_SQLITE_PATH" > "$dir/scale.log" 2>&1 \
    || { tail -20 "$dir/scale.log"; exit 1; }
fi
"$bin" demo --no-serve > "$dir/seed.log" 2>&1 || { tail -20 "$dir/seed.log"; exit 1; }
"$bin" bench patrol --units 100 --out "$dir/units.json" > "$dir/patrol.log" 2>&1 || { tail -20 "$dir/patrol.log"; exit 1; }
echo "=== data ready in $((SECONDS - t0)) s ($db, scale ×$scale)"
"$bin" serve --hostname 127.0.0.1 --port "$port" > "$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 600); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$base/healthz" >/dev/null || { tail -20 "$dir/server.log"; exit 1; }
python3 "$here/prepare.py" "$base" "$dir/units.json" "$threads" "$dir/data.lua"
python3 "$here/subscribers.py" "$base" "$subs" > "$dir/subscribers.log" 2>&1 &
subscribers=$!
sleep 2
counts=$(if [ "$db" = SQLite ]; then sqlite3 "$PINGAN_SQLITE_PATH" "SELECT (SELECT count(*) FROM disputes), (SELECT count(*) FROM incidents), (SELECT count(*) FROM patrol_fixes)" 2>/dev/null; else psql "$DATABASE_URL" -tAXc "SELECT (SELECT count(*) FROM disputes) || '|' || (SELECT count(*) FROM incidents) || '|' || (SELECT count(*) FROM patrol_fixes)"; fi || echo "?")
echo "=== $db: disputes|incidents|fixes before the run: $counts"
echo "=== wrk: $seconds s, $threads threads × 1 connection, $subs live subscribers, $base"
PINGAN_LOAD_DATA="$dir/data.lua" wrk -t "$threads" -c "$threads" -d "${seconds}s" --timeout 10s --latency -s "$here/mixed.lua" "$base" > "$dir/wrk.log" 2>&1 || true
kill -TERM "$subscribers"; wait "$subscribers" 2>/dev/null || true; subscribers=""
grep -E "Latency|Req/Sec|requests in|Non-2xx|Socket errors" "$dir/wrk.log" || true
grep "^RESULT" "$dir/wrk.log" | sed 's/^RESULT //'
grep "^SUBSCRIBERS open" "$dir/subscribers.log" || { echo "subscribers: no report"; cat "$dir/subscribers.log"; }
result=$(grep "^RESULT requests" "$dir/wrk.log") || { cat "$dir/wrk.log"; exit 1; }
value() { echo "$result" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
errors=$(value errors) socket=$(value socket_errors) rps=$(value rps) p99=$(value p99_ms)
fail=0
[ "$errors" = 0 ] && [ "$socket" = 0 ] || { echo "FAIL: $errors error answers, $socket socket errors"; fail=1; }
grep -q "dropped=0" "$dir/subscribers.log" || { echo "FAIL: a live subscriber dropped"; fail=1; }
kill -0 "$server" 2>/dev/null || { echo "FAIL: the server died"; tail -30 "$dir/server.log"; fail=1; }
if [ $short = 0 ]; then
  awk -v r="$rps" -v p="$p99" 'BEGIN { exit !(r >= 500 && p < 50) }' && echo "target met: $rps req/s, p99 $p99 ms" \
    || echo "TARGET NOT MET: $rps req/s (≥ 500), p99 $p99 ms (< 50)"
fi
exit $fail
