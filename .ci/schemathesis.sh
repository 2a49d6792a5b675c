#!/usr/bin/env bash
# API fuzzing: `bash .ci/schemathesis.sh PATH/TO/pingan [MAX_EXAMPLES]`.
# Builds nothing: it takes a built `pingan` binary, serves the demo county on a throwaway SQLite file
# and a free loopback port, logs in as the administrator and runs Schemathesis (PyPI, 4.x) against
# /api/v1/openapi.json with the checks the issue names, logout excluded (it would end the token)
# and the live WebSocket (Schemathesis speaks HTTP only; its upgrade is tested in LiveFeedTests).
# Prints Schemathesis' summary, stops the server and exits non-zero on any failure.
set -euo pipefail

binary="${1:?usage: schemathesis.sh PATH/TO/pingan [MAX_EXAMPLES]}"
# Per operation; with the coverage phase's own cases the run passes 2,000 cases comfortably.
max_examples="${2:-${PINGAN_FUZZ_EXAMPLES:-60}}"
max_time="${PINGAN_FUZZ_MAX_TIME:-330}"
[[ -x "$binary" ]] || { echo "schemathesis.sh: $binary is not an executable" >&2; exit 2; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
command -v schemathesis >/dev/null || { echo "schemathesis.sh: schemathesis is not installed (pip install schemathesis)" >&2; exit 2; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
work="$(mktemp -d /tmp/pingan-fuzz.XXXXXX)"
server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() { local rc=$?; set +e; stop_server; rm -rf "$work"; exit "$rc"; }
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for candidate in $(shuf -i 20000-29999 -n 50); do
  port_in_use "$candidate" || { port="$candidate"; break; }
done
[[ -n "$port" ]] || { echo "schemathesis.sh: no free port" >&2; exit 1; }
base="http://127.0.0.1:$port"

# The demo's own data, fresh each run; no sweep, so only the fuzzer's requests change it.
SWIFT_BACKTRACE=enable=yes,interactive=no PINGAN_SQLITE_PATH="$work/s.sqlite" PINGAN_SWEEP_SECONDS=0 \
  "$binary" demo --hostname 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 </dev/null &
server_pid=$!
echo "=== pingan demo on $base (pid $server_pid)"
for _ in $(seq 1 600); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$work/server.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$base/healthz" >/dev/null || { tail -n 30 "$work/server.log" >&2; echo "server never became healthy" >&2; exit 1; }

token="$(curl -fsS -H 'Content-Type: application/json' -d '{"username":"admin","password":"pingan-demo"}' \
  "$base/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
[[ -n "$token" ]] || { echo "schemathesis.sh: login failed" >&2; exit 1; }

checks=not_a_server_error,status_code_conformance,response_schema_conformance,negative_data_rejection,positive_data_acceptance
report="${PINGAN_FUZZ_REPORT_DIR:-$work/report}"
set +e
# Hooks: a generator for the document's `gb11643` format (ID numbers with a valid check digit).
PYTHONPATH="$(pwd)/.ci${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_hooks \
schemathesis run "$base/api/v1/openapi.json" \
  -H "Authorization: Bearer $token" \
  --exclude-path /api/v1/auth/logout \
  --exclude-path /api/v1/live \
  --checks "$checks" \
  --max-examples "$max_examples" \
  --max-time "$max_time" \
  --request-timeout 20 \
  --seed "${PINGAN_FUZZ_SEED:-20261201}" --generation-database none \
  --report junit --report-dir "$report" \
  -w 2 --no-color 2>&1 | tee "$work/schemathesis.log"
rc=${PIPESTATUS[0]}
set -e
if grep -qiE "\[ ?error ?\]" "$work/server.log" 2>/dev/null; then
  echo "=== server errors logged during the run:"; grep -iE "\[ ?error ?\]" "$work/server.log" | sort | uniq -c | sort -rn | head -n 20
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
  # The server died under the fuzzer: its log's end holds the crash and Swift's backtrace.
  echo "=== the server is no longer running; the end of its log:"; tail -n 120 "$work/server.log"
  rc=1
fi
if [[ -n "${PINGAN_FUZZ_REPORT_DIR:-}" ]]; then cp "$work/server.log" "$PINGAN_FUZZ_REPORT_DIR/server.log" 2>/dev/null || true; fi
echo "=== schemathesis exit $rc"
exit "$rc"
