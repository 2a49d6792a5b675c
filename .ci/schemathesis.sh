#!/usr/bin/env bash
# API fuzzing: `bash .ci/schemathesis.sh PATH/TO/pingan [MAX_EXAMPLES]`.
# Builds nothing: it takes a built `pingan` binary, serves the demo county on a throwaway SQLite file
# and a free loopback port, prepares credentials and worked examples (.ci/fuzz_setup.py) and runs
# Schemathesis (PyPI, 4.x) against /api/v1/openapi.json: the examples, coverage, fuzzing and
# stateful phases with the seven checks issue #13 names, every operation called with the credential
# it needs (.ci/schemathesis_hooks.py), the live WebSocket aside (Schemathesis speaks HTTP only; its
# upgrade is tested in LiveFeedTests). Fails on any failure, on fewer than 3,000 cases, on an
# operation that never answered a 2xx, or if the server died.
set -euo pipefail

binary="${1:?usage: schemathesis.sh PATH/TO/pingan [MAX_EXAMPLES]}"
# Per operation and phase; with the coverage phase's own cases the run passes 3,000 cases comfortably.
max_examples="${2:-${PINGAN_FUZZ_EXAMPLES:-20}}"
max_time="${PINGAN_FUZZ_MAX_TIME:-600}"
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
export PINGAN_TIP_SECRET="fuzz-tip-secret-$RANDOM$RANDOM-0123456789"
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

# Credentials for every role, a device token, the tip webhook's secret, and a copy of the document
# with one worked example for each operation random data cannot reach (see .ci/fuzz_setup.py).
python3 .ci/fuzz_setup.py "$base" "$work" || { tail -n 30 "$work/server.log" >&2; echo "schemathesis.sh: fuzz setup failed" >&2; exit 1; }

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection,positive_data_acceptance,use_after_free
report="${PINGAN_FUZZ_REPORT_DIR:-$work/report}"
set +e
# Hooks: the `gb11643` format (ID numbers with a valid check digit), each operation's credential,
# a record of every call's status (for the 2xx-per-operation check below), and the few 422 rules
# JSON Schema cannot state.
PYTHONPATH="$(pwd)/.ci${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_hooks \
PINGAN_FUZZ_CREDENTIALS="$work/credentials.json" PINGAN_FUZZ_CALLS="$work/calls.jsonl" \
schemathesis run "$work/openapi.json" --url "$base" \
  --exclude-path /api/v1/live \
  --phases examples,coverage,fuzzing,stateful \
  --checks "$checks" \
  --max-examples "$max_examples" \
  --max-time "$max_time" \
  --request-timeout 60 \
  --seed "${PINGAN_FUZZ_SEED:-20261201}" --generation-database none \
  --report junit --report-dir "$report" \
  -w 2 --no-color 2>&1 | tee "$work/schemathesis.log"
rc=${PIPESTATUS[0]}
set -e
# At least 3,000 cases, and a 2xx for every operation (the live WebSocket aside: its upgrade is a
# 101, tested in LiveFeedTests).
cases="$(grep -oE '[0-9]+ generated' "$work/schemathesis.log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)"
echo "=== schemathesis generated $cases cases (at least ${PINGAN_FUZZ_MIN_CASES:-3000} required)"
if (( cases < ${PINGAN_FUZZ_MIN_CASES:-3000} )); then rc=1; fi
python3 .ci/fuzz_coverage.py "$work/openapi.json" "$work/calls.jsonl" /api/v1/live || rc=1
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
