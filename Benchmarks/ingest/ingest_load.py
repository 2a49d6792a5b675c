#!/usr/bin/env python3
"""Position-ingest load for `pingan serve` on loopback (issue #9, acceptance 5).

Posts batches of fixes for the units of `pingan bench patrol` over several keep-alive HTTP/1.1
connections for a fixed time, resends some batches (their fixes must come back as duplicates), and
meanwhile holds WebSocket subscribers on /api/v1/live as the demo dispatcher, timing each position
message from its `sentAt` to its arrival. Then counts the rows durably stored in `patrol_fixes` and,
on SQLite, inserts the same rows with plain SQLite (prepared INSERT, one transaction, fresh file, same
table) as the upper limit.

Standard library plus `websockets` (PyPI). Example:

  python3 Benchmarks/ingest/ingest_load.py --base http://127.0.0.1:18090 --units /tmp/bench/units.json \
      --sqlite /tmp/bench/pingan.sqlite --seconds 20
  python3 Benchmarks/ingest/ingest_load.py ... --postgres postgres://pingan:pingan@127.0.0.1:55432/pingan_bench_ingest
"""
import argparse
import asyncio
import json
import multiprocessing as mp
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone

FIXES_PER_UNIT_MONTH = 30 * 86_400 // 10  # one fix every 10 s: 259,200


def pct(xs, p):
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(len(s) * p))]


# ---------------------------------------------------------------- subscribers (own process)

def subscriber_main(base, token, n, ready, stop, out):
    asyncio.run(subscribers(base, token, n, ready, stop, out))


async def subscribers(base, token, n, ready, stop, out):
    import websockets
    url = base.replace("http://", "ws://") + "/api/v1/live"
    lat = []
    counts = [0] * n
    socks = []
    for _ in range(n):
        ws = await websockets.connect(url, additional_headers={"Authorization": f"Bearer {token}"},
                                      max_size=None, ping_interval=None, max_queue=None)
        hello = json.loads(await ws.recv())
        assert hello.get("type") == "hello", hello
        socks.append(ws)
    ready.set()

    async def reader(i, ws):
        try:
            async for msg in ws:
                now = time.time()
                m = json.loads(msg)
                if m.get("type") != "position":
                    continue
                sent = datetime.fromisoformat(m["sentAt"].replace("Z", "+00:00")).timestamp()
                lat.append((now - sent) * 1000)
                counts[i] += 1
        except websockets.ConnectionClosed:
            pass

    tasks = [asyncio.create_task(reader(i, ws)) for i, ws in enumerate(socks)]
    while not stop.is_set():
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)  # the last messages of the run
    for ws in socks:
        await ws.close()
    for t in tasks:
        t.cancel()
    out.put({"messages": len(lat), "p50": pct(lat, 0.50), "p99": pct(lat, 0.99), "max": max(lat) if lat else float("nan"),
             "min_per_subscriber": min(counts), "max_per_subscriber": max(counts)})


# ---------------------------------------------------------------- posters

class Conn:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def post(self, path, token, body):
        b = body.encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(b)}\r\n\r\n").encode()
        self.writer.write(head + b)
        await self.writer.drain()
        header = await self.reader.readuntil(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        length = 0
        for line in lines[1:]:
            if line.lower().startswith("content-length:"):
                length = int(line.split(":", 1)[1])
        data = await self.reader.readexactly(length) if length else b""
        return status, data


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


async def posters(base, units, seconds, connections, batch, resend_every, start_at):
    host, port = base.replace("http://", "").split(":")
    port = int(port)
    # Fixes one second apart from 6 days ago (the shifts began 6.5 days ago; the server keeps 7 days).
    t0 = int(time.time()) - 6 * 86_400
    stats = {"batches": 0, "fixes_sent": 0, "stored": 0, "duplicates": 0, "offDuty": 0, "resent_batches": 0,
             "resent_stored": 0, "resent_duplicates": 0, "errors": 0, "first_error": None}
    lanes = [units[i::connections] for i in range(connections)]

    async def lane(mine):
        c = Conn(host, port)
        await c.open()
        nxt = {u["unitId"]: 0 for u in mine}
        k = 0
        while time.time() < start_at + seconds:
            u = mine[k % len(mine)]
            k += 1
            uid = u["unitId"]
            i0 = nxt[uid]
            nxt[uid] = i0 + batch
            lat0, lon0 = 36.36 + (hash(uid) % 1000) * 1e-4, 114.38 + (hash(uid) % 777) * 1e-4
            fixes = ",".join(
                f'{{"lat":{lat0 + (i % 600) * 1e-5:.6f},"lon":{lon0 + (i % 600) * 1e-5:.6f},"at":"{iso(t0 + i)}",'
                f'"speed":8.5,"heading":{(i * 7) % 360},"accuracy":6}}'
                for i in range(i0, i0 + batch))
            body = f'{{"unitId":"{uid}","fixes":[{fixes}]}}'
            sends = 2 if resend_every and k % resend_every == 0 else 1
            for s in range(sends):
                status, data = await c.post("/api/v1/positions", u["token"], body)
                if status != 200:
                    stats["errors"] += 1
                    stats["first_error"] = stats["first_error"] or f"{status} {data[:300]!r}"
                    continue
                r = json.loads(data)
                if s == 0:
                    stats["batches"] += 1
                    stats["fixes_sent"] += batch
                    stats["stored"] += r["stored"]
                    stats["duplicates"] += r["duplicates"]
                    stats["offDuty"] += r["offDuty"]
                else:
                    stats["resent_batches"] += 1
                    stats["resent_stored"] += r["stored"]
                    stats["resent_duplicates"] += r["duplicates"]
        c.writer.close()

    while time.time() < start_at:
        await asyncio.sleep(0.001)
    began = time.time()
    await asyncio.gather(*(lane(m) for m in lanes if m))
    stats["wall"] = time.time() - began
    return stats


# ---------------------------------------------------------------- storage side

def sqlite_count(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    n = con.execute("SELECT COUNT(*) FROM patrol_fixes").fetchone()[0]
    con.close()
    return n


def psql(url, sql):
    return subprocess.run(["psql", url, "-Atc", sql], check=True, capture_output=True, text=True).stdout.strip()


def plain_sqlite_limit(path):
    """The table's rows (a fresh `pingan bench patrol` file holds only the run's) inserted by plain SQLite into a fresh file:
    same CREATE TABLE (key (unit_id, at)), prepared INSERT, one transaction, WAL with
    synchronous=NORMAL as the server runs. Rows are read into memory first; only the insert
    and the commit are timed."""
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    ddl = src.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name='patrol_fixes'").fetchone()[0]
    rows = src.execute("SELECT * FROM patrol_fixes").fetchall()
    src.close()
    d = tempfile.mkdtemp(prefix="plain-limit-")
    f = os.path.join(d, "plain.sqlite")
    con = sqlite3.connect(f, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(ddl)
    marks = ",".join("?" * len(rows[0]))
    t = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO patrol_fixes VALUES ({marks})", rows)
    con.execute("COMMIT")
    took = time.perf_counter() - t
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = os.path.getsize(f)
    os.remove(f)
    os.rmdir(d)
    return len(rows), took, size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:18090")
    ap.add_argument("--units", required=True, help="JSON written by `pingan bench patrol`")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--sqlite", help="the server's SQLite file")
    g.add_argument("--postgres", help="the server's PostgreSQL URL")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--resend-every", type=int, default=10, help="every Nth batch of a connection is sent twice")
    ap.add_argument("--subscribers", type=int, default=50)
    ap.add_argument("--password", default="pingan-demo")
    a = ap.parse_args()
    units = json.load(open(a.units))["units"]

    req = urllib.request.Request(a.base + "/api/v1/auth/login", method="POST", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"username": "dispatcher", "password": a.password}).encode())
    token = json.load(urllib.request.urlopen(req))["token"]

    before = sqlite_count(a.sqlite) if a.sqlite else int(psql(a.postgres, "SELECT COUNT(*) FROM patrol_fixes"))
    ready, stop, out = mp.Event(), mp.Event(), mp.Queue()
    sub = None
    if a.subscribers:
        sub = mp.Process(target=subscriber_main, args=(a.base, token, a.subscribers, ready, stop, out))
        sub.start()
        if not ready.wait(60):
            sys.exit("subscribers did not connect")
    run_started_utc = datetime.now(timezone.utc)
    stats = asyncio.run(posters(a.base, units, a.seconds, a.connections, a.batch, a.resend_every, time.time() + 0.2))
    stop.set()
    live = out.get(timeout=60) if sub else None
    if sub:
        sub.join()

    if a.sqlite:
        after = sqlite_count(a.sqlite)
    else:
        after = int(psql(a.postgres, "SELECT COUNT(*) FROM patrol_fixes"))
    rows = after - before
    rate = rows / stats["wall"]
    print()
    print(f"run: {stats['wall']:.2f} s wall, {len(units)} units, {a.connections} connections, batches of {a.batch}, "
          f"{stats['batches']} batches ({stats['fixes_sent']:,} fixes) + {stats['resent_batches']} resent, {stats['errors']} errors"
          + (f" (first: {stats['first_error']})" if stats["errors"] else ""))
    print(f"answers: stored {stats['stored']:,}, duplicates {stats['duplicates']:,}, offDuty {stats['offDuty']:,}; "
          f"resent batches: stored {stats['resent_stored']:,}, duplicates {stats['resent_duplicates']:,}")
    print(f"distinct rows added to patrol_fixes: {rows:,} (answers' stored: {stats['stored']:,}, "
          f"{'match' if rows == stats['stored'] else 'MISMATCH'}; resent fixes counted: {stats['resent_stored']})")
    print()
    print("| figure | value |")
    print("|---|---:|")
    print(f"| fixes/s durably stored (ours, {'SQLite' if a.sqlite else 'PostgreSQL'}) | {rate:,.0f} |")
    if a.sqlite:
        # WAL is checkpointed by the plain side's fresh file; our own bytes per fix are the table's
        # share, measured by the plain file holding only these rows.
        if before:
            print(f"(the file held {before:,} fixes before the run: the plain side inserts those too)")
        n, took, size = plain_sqlite_limit(a.sqlite)
        limit = n / took
        print(f"| fixes/s plain SQLite (one transaction, prepared INSERT, {n:,} rows in {took:.2f} s) | {limit:,.0f} |")
        print(f"| ours / plain | {rate / limit:.2f} |")
        per_fix = size / n
        print(f"| bytes per fix (plain file holding only these rows) | {per_fix:.1f} |")
        print(f"| storage per unit-month ({FIXES_PER_UNIT_MONTH:,} fixes) | {per_fix * FIXES_PER_UNIT_MONTH / 1e6:.1f} MB |")
    else:
        # A partitioned table holds no rows itself: its size is its partitions' (tables + key indexes).
        size = int(psql(a.postgres, "SELECT pg_total_relation_size('patrol_fixes') + coalesce((SELECT sum(pg_total_relation_size(inhrelid)) "
                                    "FROM pg_inherits WHERE inhparent = 'patrol_fixes'::regclass), 0)"))
        total = after
        per_fix = size / total
        print(f"| patrol_fixes total size (table + key index), {total:,} rows | {size / 1e6:.1f} MB |")
        print(f"| bytes per fix | {per_fix:.1f} |")
        print(f"| storage per unit-month ({FIXES_PER_UNIT_MONTH:,} fixes) | {per_fix * FIXES_PER_UNIT_MONTH / 1e6:.1f} MB |")
    if live:
        print(f"| WebSocket position messages ({a.subscribers} subscribers) | {live['messages']:,} "
              f"({live['min_per_subscriber']:,}–{live['max_per_subscriber']:,} each) |")
        print(f"| WebSocket sentAt→arrival p50 / p99 / max ms | {live['p50']:.1f} / {live['p99']:.1f} / {live['max']:.1f} |")


if __name__ == "__main__":
    main()
