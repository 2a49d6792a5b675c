#!/usr/bin/env bash
# SIGKILL durability (issue #13, point 3): `bash .ci/durability.sh PATH/TO/pingan [KILLS]`.
# Builds nothing: it takes a built `pingan` binary. On a fresh SQLite file, and on a fresh database
# in the PostgreSQL server of PINGAN_TEST_DATABASE_URL (dropped afterwards; skipped with a loud
# message when the variable is unset), it seeds the demo county and, KILLS times (default 20), drives
# concurrent writes (dispute intakes and events, incident intakes and events, GPS batches, field
# records), kills the server with SIGKILL mid-traffic, restarts it and checks in the database that
# no acknowledged write is lost and nothing is half-written (.ci/durability.py says how).
# Prints per database: kills, acknowledged writes by kind, lost, half-written, time. Budget: 300 s
# for both databases on a 2-core machine (PINGAN_DURABILITY_BUDGET). Exits non-zero on any loss,
# any half-write, or fewer kills than asked for.
set -euo pipefail

binary="${1:?usage: durability.sh PATH/TO/pingan [KILLS]}"
kills="${2:-${PINGAN_DURABILITY_KILLS:-20}}"
[[ -x "$binary" ]] || { echo "durability.sh: $binary is not an executable" >&2; exit 2; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
command -v python3 >/dev/null || { echo "durability.sh: python3 is needed" >&2; exit 2; }
if [[ -n "${PINGAN_TEST_DATABASE_URL:-}" ]]; then
  command -v psql >/dev/null || { echo "durability.sh: psql is needed for PostgreSQL (postgresql-client)" >&2; exit 2; }
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The server's own working directory is the repository (Public/, Resources/); its data is in a temp dir.
exec python3 .ci/durability.py --binary "$binary" --kills "$kills"
