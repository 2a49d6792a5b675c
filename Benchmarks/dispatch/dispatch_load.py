#!/usr/bin/env python3
"""Dispatch, containment and coverage under HTTP on loopback (issue #10, acceptance 3).

Runs as its own process against `pingan serve` prepared by `pingan bench dispatch` (see run.sh):
posts a fresh fix for every unit with its device token (again whenever the last round is 60 s old,
inside the server's 120 s staleness), records the seeded incidents, then times, over one keep-alive
HTTP/1.1 connection each:
  - GET  /api/v1/incidents/{id}/recommendation?limit=5   (cycling the incidents)
  - POST /api/v1/containment-orders  (a drill at the same scenes, fresh id; lifted after each,
    untimed, so the units stand by again)
  - GET  /api/v1/coverage?lines=true&below=B  (B cycles 0..100, and no key is asked again within
    5.5 s, so every answer is a refresh, never the server's 5 s cache)
Server-side time is the `Server-Timing: app;dur=` header; the round trip is timed here too. The
in-process figures of `pingan bench dispatch` (inprocess.json) give the overhead ratio, and with
pgRouting installed (`postgresql-15-pgrouting`) `pgr_drivingDistance` is timed on the same graph
(edges.csv) from the same scene vertices with a 600 s limit. Standard library only (+ `psql`).
"""
import argparse
import http.client
import json
import os
import subprocess
import time
import uuid
from collections import Counter
from datetime import datetime, timezone


def pct(xs, p):
    s = sorted(xs)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(-(-len(s) * p // 1)) - 1))
    return s[k]


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Conn:
    def __init__(self, base):
        host, port = base.replace("http://", "").split(":")
        self.c = http.client.HTTPConnection(host, int(port), timeout=60)

    def call(self, method, path, token, body=None):
        headers = {"Authorization": f"Bearer {token}", "Connection": "keep-alive"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        t0 = time.perf_counter()
        self.c.request(method, path, body=data, headers=headers)
        r = self.c.getresponse()
        payload = r.read()
        rt = (time.perf_counter() - t0) * 1000
        st = r.getheader("Server-Timing") or ""
        dur = None
        for part in st.split(";"):
            part = part.strip()
            if part.startswith("dur="):
                dur = float(part[4:])
        return r.status, payload, dur, rt


def fmt(x):
    return f"{x:.4f}" if x < 1 else f"{x:.2f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:18091")
    ap.add_argument("--dir", required=True, help="the directory `pingan bench dispatch --out` wrote")
    ap.add_argument("--requests", type=int, default=300, help="timed recommendation and coverage requests")
    ap.add_argument("--orders", type=int, default=200, help="timed containment orders")
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--password", default="pingan-demo")
    ap.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgresql://pingan:pingan@127.0.0.1:55432/pingan_test"),
                    help="PostgreSQL for the pgRouting peer (a scratch database pingan_bench_routing is made beside it)")
    ap.add_argument("--pg-calls", type=int, default=100)
    a = ap.parse_args()
    d = a.dir
    units = json.load(open(os.path.join(d, "positions.json")))
    scenes = json.load(open(os.path.join(d, "incidents.json")))
    inproc = json.load(open(os.path.join(d, "inprocess.json")))
    fig_by = {f["name"]: f for f in inproc["figures"]}

    conn = Conn(a.base)
    c = http.client.HTTPConnection(*a.base.replace("http://", "").split(":"))
    c.request("POST", "/api/v1/auth/login", body=json.dumps({"username": "dispatcher", "password": a.password}),
              headers={"Content-Type": "application/json"})
    token = json.loads(c.getresponse().read())["token"]
    c.close()

    last_round = [0.0]

    def fixes(force=False):
        if not force and time.time() - last_round[0] < 60:
            return
        now = time.time()
        stored = 0
        for u in units:
            s, b, _, _ = conn.call("POST", "/api/v1/positions", u["token"], {
                "unitId": u["unitId"],
                "fixes": [{"lat": round(u["lat"], 7), "lon": round(u["lon"], 7), "at": iso(now), "speed": 0, "heading": 0, "accuracy": 6}]})
            if s != 200:
                raise SystemExit(f"positions: {s} {b[:300]!r}")
            stored += json.loads(b)["stored"]
        last_round[0] = now
        return stored

    n = fixes(force=True)
    print(f"{len(units)} units: fresh fix each ({n} stored), {len(scenes)} scenes, {inproc['checkpoints']} checkpoint sites")

    incidents = []
    for i, s in enumerate(scenes):
        st, b, _, _ = conn.call("POST", "/api/v1/incidents", token, {
            "id": str(uuid.uuid4()), "type": "other", "priority": 3,
            "place": {"lat": s["lat"], "lon": s["lon"], "label": f"压测现场{i + 1}"}})
        if st not in (200, 201):
            raise SystemExit(f"incident: {st} {b[:300]!r}")
        incidents.append(json.loads(b)["id"])

    results = {}

    # Recommendations.
    srv, rts, shown, reasons = [], [], Counter(), Counter()
    for i in range(a.warmup + a.requests):
        fixes()
        st, b, dur, rt = conn.call("GET", f"/api/v1/incidents/{incidents[i % len(incidents)]}/recommendation?limit=5", token)
        if st != 200:
            raise SystemExit(f"recommendation: {st} {b[:300]!r}")
        if i >= a.warmup:
            srv.append(dur); rts.append(rt)
            r = json.loads(b)
            shown[len(r["units"])] += 1
            if i == a.warmup:
                reasons.update(x["reason"] for x in r["excluded"])
    results["rec"] = (srv, rts)
    print(f"recommendation: units offered per answer {dict(shown)}; excluded (first answer) {dict(reasons) or 'none'}")

    # Containment orders (drills), each lifted afterwards. After each, a control request that does
    # no work (`GET /healthz`): when its tail grows in a run, the machine stalled, not the order.
    srv, rts, tasked, sites, red = [], [], [], [], []
    csrv, crts = [], []
    for i in range(a.warmup // 4 + a.orders):
        fixes()
        s = scenes[i % len(scenes)]
        oid = str(uuid.uuid4())
        st, b, dur, rt = conn.call("POST", "/api/v1/containment-orders", token,
                                   {"id": oid, "drill": True, "scene": {"lat": s["lat"], "lon": s["lon"], "label": "压测演练"}})
        if st not in (200, 201):
            raise SystemExit(f"containment: {st} {b[:300]!r}")
        o = json.loads(b)
        ls, lb, _, _ = conn.call("POST", f"/api/v1/containment-orders/{oid}/lift", token, {})
        if ls != 200:
            raise SystemExit(f"lift: {ls} {lb[:300]!r}")
        cs, _, cdur, crt = conn.call("GET", "/healthz", token)
        if cs != 200:
            raise SystemExit(f"healthz: {cs}")
        if i >= a.warmup // 4:
            srv.append(dur); rts.append(rt)
            csrv.append(cdur); crts.append(crt)
            t = o["tasks"]
            tasked.append(sum(1 for x in t if x.get("unitId")))
            sites.append(sum(1 for x in t if x.get("siteKind")))
            red.append(sum(1 for x in t if x.get("red")))
    results["order"] = (srv, rts)
    results["control"] = (csrv, crts)
    print(f"containment: checkpoint tasks per order {min(sites)}–{max(sites)}, units tasked {min(tasked)}–{max(tasked)}, "
          f"red checkpoints {min(red)}–{max(red)}")

    # Coverage refreshes: below=B keys, none asked again within 5.5 s.
    srv, rts, shares = [], [], []
    asked = {}
    for i in range(a.warmup + a.requests):
        fixes()
        b_ = i % 101
        wait = asked.get(b_, 0) + 5.5 - time.time()
        if wait > 0:
            time.sleep(wait)
        asked[b_] = time.time()
        st, b, dur, rt = conn.call("GET", f"/api/v1/coverage?lines=true&below={b_}", token)
        if st != 200:
            raise SystemExit(f"coverage: {st} {b[:300]!r}")
        if i >= a.warmup:
            srv.append(dur); rts.append(rt)
            shares.append(json.loads(b)["share"])
    results["cov"] = (srv, rts)
    print(f"coverage: share {min(shares):.3f}–{max(shares):.3f}")

    rows = [("rec", "recommendation, 200 units (`GET …/recommendation?limit=5`)", "p99", 10),
            ("order", f"containment order, 200 units, {inproc['checkpoints']} checkpoints (`POST /containment-orders`, drill)", "p99", 100),
            ("cov", "coverage refresh, 200 units (`GET /coverage?lines=true`)", "p50", 20)]
    print()
    print("| request | server p50 ms | server p99 ms | round trip p50 ms | round trip p99 ms | n | target | met |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for key, name, which, limit in rows:
        srv, rts = results[key]
        if any(x is None for x in srv):
            raise SystemExit("no Server-Timing header")
        v = pct(srv, 0.99 if which == "p99" else 0.5)
        print(f"| {name} | {fmt(pct(srv, .5))} | {fmt(pct(srv, .99))} | {fmt(pct(rts, .5))} | {fmt(pct(rts, .99))} | {len(srv)} | "
              f"{which} ≤ {limit} ms | {'yes' if v <= limit else '**no**'} |")
    csrv, crts = results["control"]
    if all(x is not None for x in csrv):
        print(f"| control: `GET /healthz` after each order (no work) | {fmt(pct(csrv, .5))} | {fmt(pct(csrv, .99))} | "
              f"{fmt(pct(crts, .5))} | {fmt(pct(crts, .99))} | {len(csrv)} | — | — |")
    bare = fig_by["nearestUnits (bare routing, k 5)"]
    rank = fig_by["DispatchRecommendation.rank (200 units)"]
    rec99 = pct(results["rec"][0], .99)
    print()
    print(f"overhead: server-side recommendation p99 {fmt(rec99)} ms / bare nearestUnits p99 {fmt(bare['p99'])} ms "
          f"(in process, same units and scenes) = {rec99 / bare['p99']:.1f}×; / DispatchRecommendation.rank p99 {fmt(rank['p99'])} ms "
          f"= {rec99 / rank['p99']:.1f}×")

    pg_peer(a, d, scenes, fig_by)


def psql(url, sql, db=None):
    if db:
        url = url.rsplit("/", 1)[0] + "/" + db
    p = subprocess.run(["psql", url, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip())
    return p.stdout.strip()


def pg_peer(a, d, scenes, fig_by):
    print()
    try:
        have = psql(a.pg, "SELECT count(*) FROM pg_available_extensions WHERE name = 'pgrouting'")
    except (RuntimeError, FileNotFoundError) as e:
        print(f"pgRouting peer: skipped (PostgreSQL at {a.pg} not reachable: {e})")
        return
    if have != "1":
        print("pgRouting peer: skipped — pgRouting is not installed (apt-get install postgresql-15-pgrouting)")
        return
    db = "pingan_bench_routing"
    if psql(a.pg, f"SELECT count(*) FROM pg_database WHERE datname = '{db}'") == "0":
        psql(a.pg, f"CREATE DATABASE {db}")
    try:
        # Debian's pgRouting requires PostGIS, which only a superuser may create.
        psql(a.pg, "CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE", db)
    except RuntimeError as e:
        print(f"pgRouting peer: skipped — CREATE EXTENSION pgrouting failed in {db}: {e}")
        return
    version = psql(a.pg, "SELECT pgr_version()", db)
    psql(a.pg, "DROP TABLE IF EXISTS bench_edges; CREATE TABLE bench_edges (id bigint PRIMARY KEY, source bigint, target bigint, "
               "cost double precision, reverse_cost double precision)", db)
    url = a.pg.rsplit("/", 1)[0] + "/" + db
    p = subprocess.run(["psql", url, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c",
                        f"\\copy bench_edges FROM '{os.path.join(d, 'edges.csv')}' WITH (FORMAT csv, HEADER true)"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(p.stderr)
    psql(a.pg, "ANALYZE bench_edges", db)
    rows = psql(a.pg, "SELECT count(*) FROM bench_edges", db)
    vertices = ",".join(str(s["pgVertex"]) for s in scenes)
    # Per call, server-side, in one session (after 5 warm-up calls): clock_timestamp() around each call.
    out = psql(a.pg, f"""
        DO $$
        DECLARE vs bigint[] := ARRAY[{vertices}]; t0 timestamptz; n int; i int;
        BEGIN
          CREATE TEMP TABLE IF NOT EXISTS pgr_times (ms double precision, reached int);
          TRUNCATE pgr_times;
          FOR i IN 1..{a.pg_calls + 5} LOOP
            t0 := clock_timestamp();
            SELECT count(*) INTO n FROM pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM bench_edges',
                                                           vs[1 + (i % array_length(vs, 1))], 600, true);
            IF i > 5 THEN INSERT INTO pgr_times VALUES (extract(epoch FROM clock_timestamp() - t0) * 1000, n); END IF;
          END LOOP;
        END $$;
        SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) || ' ' || percentile_disc(0.99) WITHIN GROUP (ORDER BY ms)
               || ' ' || avg(reached) || ' ' || count(*) FROM pgr_times;""", db)
    p50, p99, reached, calls = out.split()[-4:]
    p50, p99 = float(p50), float(p99)
    iso = fig_by["isochrone 600 s (pgRouting's question)"]
    cov = fig_by["CoverageLayer.build (3 min, lines)"]
    print(f"pgRouting {version} `pgr_drivingDistance` (600 s, directed, {rows} edges from edges.csv), {calls} calls after 5 warm-up, "
          f"server-side per call: p50 {fmt(p50)} ms, p99 {fmt(p99)} ms, avg {float(reached):.0f} vertices reached")
    print(f"  ours in process: 600 s isochrone p50 {fmt(iso['p50'])} ms → pgRouting / ours = {p50 / iso['p50']:.0f}×; "
          f"whole coverage of 200 units p50 {fmt(cov['p50'])} ms → one pgRouting call / our coverage = {p50 / cov['p50']:.1f}×")


if __name__ == "__main__":
    main()
