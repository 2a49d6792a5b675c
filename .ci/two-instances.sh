#!/usr/bin/env bash
# Two instances behind a real proxy (issue #13, point 7): `bash .ci/two-instances.sh PATH/TO/pingan`.
# Installs nothing: it needs nginx (Debian's), psql and python3 (standard library only). It makes a
# fresh database on the PostgreSQL of PINGAN_TEST_DATABASE_URL, seeds the demo into it once, copies
# it as the reference for one lone sweep (`pingan sweep`), starts two `pingan serve` on free ports on
# the same database (sweeping every 3 s, PINGAN_TRUSTED_PROXIES=127.0.0.1) and an nginx (round robin
# over both, WebSocket upgrade, X-Forwarded-For), then runs .ci/two_instances.py: a login through
# one works on the other, a live update posted to one reaches a subscriber of the other, the
# deadline sweeps of both act once, and the login throttle keys on the real client through nginx.
# Prints each check and its time; exits non-zero on any failure (with the logs' ends).
set -euo pipefail

binary="${1:?usage: two-instances.sh PATH/TO/pingan}"
[[ -x "$binary" ]] || { echo "two-instances.sh: $binary is not an executable" >&2; exit 2; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
url="${PINGAN_TEST_DATABASE_URL:?two-instances.sh: set PINGAN_TEST_DATABASE_URL (a PostgreSQL it may create databases in)}"
for tool in nginx psql python3 curl; do
  command -v "$tool" >/dev/null || { echo "two-instances.sh: $tool is not installed" >&2; exit 2; }
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
work="$(mktemp -d /tmp/pingan-two.XXXXXX)"
suffix="$(date +%s)_$$"
db_name="pingan_two_$suffix" ref_name="pingan_two_ref_$suffix"
server_url="${url%/*}"                     # postgres://user:pass@host:port
db_url="$server_url/$db_name" ref_url="$server_url/$ref_name"
pids=()
t0=$SECONDS
step() { echo "=== [$((SECONDS - t0)) s] $*"; }

cleanup() {
  local rc=$?
  set +e
  [[ -f "$work/nginx.pid" ]] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [[ $rc -ne 0 ]]; then
    for log in a.log b.log nginx-error.log; do
      [[ -f "$work/$log" ]] && { echo "--- end of $log"; tail -n 40 "$work/$log"; }
    done
  fi
  psql "$url" -qX -c "DROP DATABASE IF EXISTS $db_name" -c "DROP DATABASE IF EXISTS $ref_name" >/dev/null 2>&1
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_ports=()
for candidate in $(shuf -i 30000-39999 -n 60); do
  port_in_use "$candidate" || free_ports+=("$candidate")
  [[ ${#free_ports[@]} -ge 3 ]] && break
done
[[ ${#free_ports[@]} -ge 3 ]] || { echo "two-instances.sh: no free ports" >&2; exit 1; }
port_a=${free_ports[0]} port_b=${free_ports[1]} port_proxy=${free_ports[2]}

step "fresh database $db_name, demo seeded once"
psql "$url" -qX -c "CREATE DATABASE $db_name" >/dev/null
(cd "$root" && DATABASE_URL="$db_url" PINGAN_SWEEP_SECONDS=0 "$binary" demo --no-serve >"$work/seed.log" 2>&1 </dev/null) \
  || { tail -n 30 "$work/seed.log" >&2; exit 1; }
# The reference: the same data swept by one instance alone (twice, as the timers would).
psql "$url" -qX -c "CREATE DATABASE $ref_name TEMPLATE $db_name" >/dev/null
for _ in 1 2; do
  (cd "$root" && DATABASE_URL="$ref_url" "$binary" sweep >>"$work/ref-sweep.log" 2>&1 </dev/null) || { cat "$work/ref-sweep.log" >&2; exit 1; }
done
grep -h "sweep done" "$work/ref-sweep.log" | sed 's/^/    reference: /'

step "instances A (:$port_a) and B (:$port_b) on one database"
for name in a b; do
  port=$port_a; [[ $name == b ]] && port=$port_b
  (cd "$root" && exec env SWIFT_BACKTRACE=enable=yes,interactive=no DATABASE_URL="$db_url" PINGAN_SWEEP_SECONDS=3 \
    PINGAN_TRUSTED_PROXIES=127.0.0.1 "$binary" serve --hostname 127.0.0.1 --port "$port" >"$work/$name.log" 2>&1 </dev/null) &
  pids+=($!)
done

step "nginx (:$port_proxy) in front of both"
mkdir -p "$work/nginx-tmp"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 512; }
http {
    access_log $work/nginx-access.log;
    client_body_temp_path $work/nginx-tmp/body;
    proxy_temp_path $work/nginx-tmp/proxy;
    fastcgi_temp_path $work/nginx-tmp/fastcgi;
    uwsgi_temp_path $work/nginx-tmp/uwsgi;
    scgi_temp_path $work/nginx-tmp/scgi;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    upstream pingan {
        server 127.0.0.1:$port_a;
        server 127.0.0.1:$port_b;
    }
    server {
        listen 127.0.0.1:$port_proxy;
        location / {
            proxy_pass http://pingan;
            proxy_http_version 1.1;
            proxy_set_header Host \$host;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_read_timeout 120s;
        }
    }
}
EOF
nginx -t -q -e "$work/nginx-error.log" -p "$work" -c "$work/nginx.conf"
nginx -e "$work/nginx-error.log" -p "$work" -c "$work/nginx.conf"

for base in "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b" "http://127.0.0.1:$port_proxy"; do
  for _ in $(seq 1 240); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "an instance exited" >&2; exit 1; }; done
    sleep 0.5
  done
  curl -fsS "$base/healthz" >/dev/null || { echo "$base never became healthy" >&2; exit 1; }
done
step "all three healthy"

python3 "$root/.ci/two_instances.py" "http://127.0.0.1:$port_proxy" "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b" \
  "$db_url" "$ref_url"
for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "an instance died during the checks" >&2; exit 1; }; done
if grep -qiE "\[ ?(error|critical) ?\]" "$work/a.log" "$work/b.log"; then
  echo "=== errors logged by the instances:"; grep -hiE "\[ ?(error|critical) ?\]" "$work/a.log" "$work/b.log" | sort | uniq -c | head -n 20
  exit 1
fi
step "two instances behind nginx: all checks passed"
