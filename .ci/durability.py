#!/usr/bin/env python3
"""SIGKILL durability (issue #13, point 3): `python3 .ci/durability.py --binary .build/debug/pingan`.

For each database (a fresh SQLite file; a fresh PostgreSQL database in the server of
PINGAN_TEST_DATABASE_URL, dropped afterwards) it seeds the demo county, then loops: serve, drive
concurrent writes for a random 0.5-3 s (dispute intakes and events, incident intakes and events,
GPS batches with device tokens, field records), `kill -9` the server mid-traffic, start it again and
check, straight in the database:

  lost         a write answered 2xx that is not there (a dispute, a dispute event, an incident, an
               incident event, a fix of a batch answered `stored`, a field record);
  half-written a dispute or incident whose projection (its row: `version`, `last_event_at`, the
               state JSON's version) is not the fold of its events (event count, last sequence
               number, last event's time), an event without its row, a GPS batch only partly
               stored, a field record without its audit record.

Prints per database the kills, the acknowledged writes by kind, the writes cut by the kill and how
many of them were committed anyway, lost, half-written and the time. Exits non-zero on any loss or
half-write, or if fewer kills than asked for ran. Python standard library only; psql for PostgreSQL.
"""
import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

PASSWORD = "pingan-demo"
TIMEOUT = 15


def log(msg):
    print(msg, flush=True)


def iso(t):
    """A time in seconds as the API's RFC 3339 with milliseconds."""
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_id():
    return str(uuid.uuid4()).upper()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Unknown(Exception):
    """No answer: the connection broke (the server was killed mid-request)."""


class Client:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, body=None, token=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            try:
                raw = e.read()
            except Exception as inner:  # the answer broke off: nothing was said
                raise Unknown(str(inner)) from inner
            return e.code, raw[:300].decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, OSError, http_errors()) as e:
            raise Unknown(str(e)) from e

    def login(self, username):
        status, body = self.call("POST", "/api/v1/auth/login", {"username": username, "password": PASSWORD})
        if status != 200:
            raise SystemExit(f"login {username}: {status} {body}")
        return body["token"]


def http_errors():
    import http.client
    return http.client.HTTPException


# --- Databases -----------------------------------------------------------------------------------

class SQLiteDB:
    name = "SQLite"

    def __init__(self, work):
        self.path = os.path.join(work, "durability.sqlite")

    def env(self):
        return {"PINGAN_SQLITE_PATH": self.path}

    def create(self):
        pass

    def drop(self):
        pass

    def rows(self, sql):
        # A reader beside the running server (WAL): it sees every committed transaction.
        con = sqlite3.connect(self.path, timeout=30)
        try:
            return [tuple(r) for r in con.execute(sql).fetchall()]
        finally:
            con.close()

    # Dialect: ids are stored as upper-case text, times as seconds (REAL).
    def id_text(self, col):
        return col

    def epoch_ms(self, col):
        return f"CAST(ROUND({col} * 1000) AS INTEGER)"


class PostgresDB:
    name = "PostgreSQL"

    def __init__(self, admin_url):
        self.admin_url = admin_url
        self.dbname = f"pingan_durability_{os.getpid()}_{random.randrange(10**6)}"
        parts = urllib.parse.urlsplit(admin_url)
        self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.dbname))

    def env(self):
        return {"DATABASE_URL": self.url}

    def psql(self, url, sql):
        out = subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", "-t", "-c", sql],
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"psql: {out.stderr.strip()}")
        return out.stdout

    def create(self):
        self.psql(self.admin_url, f'CREATE DATABASE "{self.dbname}"')

    def drop(self):
        try:
            self.psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
        except Exception as e:  # the report matters more than the cleanup
            log(f"warning: could not drop {self.dbname}: {e}")

    def rows(self, sql):
        return [tuple(r) for r in csv.reader(io.StringIO(self.psql(self.url, sql)))]

    def id_text(self, col):
        return f"upper({col}::text)"

    def epoch_ms(self, col):
        return f"CAST(ROUND(EXTRACT(EPOCH FROM {col}) * 1000) AS BIGINT)"


# --- The server ----------------------------------------------------------------------------------

class Server:
    def __init__(self, binary, db, work, port):
        self.binary, self.db, self.port = binary, db, port
        self.log_path = os.path.join(work, f"server-{db.name}.log")
        self.proc = None
        self.env = dict(os.environ, SWIFT_BACKTRACE="enable=no", PINGAN_SWEEP_SECONDS="0", **db.env())
        self.serve_env = dict(self.env, PINGAN_ROAD_GRAPH="none")  # read-only, a second per start; no write here routes
        if isinstance(db, SQLiteDB):
            self.env.pop("DATABASE_URL", None)  # the SQLite file, whatever the caller's shell holds

    def seed(self):
        with open(self.log_path, "a") as out:
            rc = subprocess.run([self.binary, "demo", "--no-serve"], env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, timeout=600).returncode
        if rc != 0:
            self.tail()
            raise SystemExit(f"{self.db.name}: pingan demo --no-serve failed ({rc})")

    def start(self):
        out = open(self.log_path, "a")
        out.write(f"\n=== start {time.strftime('%H:%M:%S')}\n")
        out.flush()
        self.proc = subprocess.Popen([self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                     env=self.serve_env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        out.close()
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                self.tail()
                raise SystemExit(f"{self.db.name}: the server exited ({self.proc.returncode}) while starting")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except Exception:
                pass
            time.sleep(0.05)
        self.tail()
        raise SystemExit(f"{self.db.name}: the server never became healthy")

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill9()

    def tail(self, n=40):
        try:
            with open(self.log_path, errors="replace") as f:
                sys.stderr.write("".join(f.readlines()[-n:]))
        except OSError:
            pass


# --- What the harness wrote and was told ---------------------------------------------------------

class Ledger:
    """Every write the server acknowledged (2xx) and every write cut by a kill (no answer)."""

    KINDS = ["dispute", "dispute_event", "incident", "incident_event", "fix", "field_record"]

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {k: set() for k in self.KINDS}
        self.unknown = {k: set() for k in self.KINDS}
        self.batches = []          # every batch sent: (unit id, [epoch ms])
        self.refused = []          # 4xx/5xx answers the harness did not expect (reported, not a loss)
        self.cut_committed = {}    # of the cut writes, how many the check found stored
        # The entities the event writers work on: id -> {"version", "stage"}; None while unknown.
        self.disputes = {}
        self.incidents = {}

    def ack(self, kind, key):
        with self.lock:
            self.acked[kind].add(key)

    def cut(self, kind, key):
        with self.lock:
            self.unknown[kind].add(key)

    def refuse(self, what, status, body):
        with self.lock:
            self.refused.append(f"{what}: {status} {str(body)[:200]}")


class Fleet:
    """The demo's accounts and devices the writers use, made once per database."""

    def __init__(self, client):
        c = client
        self.judicial = c.login("judicial")      # 磁州司法所: registers disputes and records their events
        self.dispatcher = c.login("dispatcher")  # 指挥中心: records incidents and their steps
        commander = c.login("commander")
        status, units = c.call("GET", "/api/v1/units?limit=100", token=commander)
        if status != 200 or len(units["items"]) < 2:
            raise SystemExit(f"units: {status} {units}")
        units = sorted(units["items"], key=lambda u: u["callSign"])[:2]
        # Two officers of 城关派出所 on its two units: fixes of an unmanned unit are not kept (off-duty privacy).
        self.units = []
        for officer, unit in zip(["patrol", "jy0029"], units):
            token = c.login(officer)
            status, body = c.call("POST", f"/api/v1/units/{unit['id']}/sign-on", {"id": new_id()}, token)
            if status not in (200, 201):
                raise SystemExit(f"sign-on {officer}: {status} {body}")
            status, device = c.call("POST", f"/api/v1/units/{unit['id']}/devices", {"kind": "vehicle_terminal"}, commander)
            if status != 201:
                raise SystemExit(f"device: {status} {device}")
            self.units.append({"id": unit["id"].upper(), "officer": token, "device": device["token"],
                               "signed_on": time.time()})


# --- Writers -------------------------------------------------------------------------------------

def writer(fn):
    """A writer thread's loop: one write after another until the round stops; no answer ends the round."""
    def run(stop, client, fleet, ledger, rng, *args):
        while not stop.is_set():
            try:
                fn(client, fleet, ledger, rng, *args)
            except Unknown:
                return  # the server is gone: this round is over for this writer
    return run


def send(c, ledger, kind, keys, method, path, body, token):
    """One write's answer; a write left with no answer (the kill) is noted as cut, under each of `keys`."""
    try:
        return c.call(method, path, body, token)
    except Unknown:
        for key in keys:
            ledger.cut(kind, key)
        raise


@writer
def register_dispute(c, fleet, ledger, rng):
    did = new_id()
    body = {"id": did, "category": "01", "source": "party_application", "place": "磁州镇某村",
            "summary": f"邻里纠纷（耐久性测试 {did[:8]}）",
            "parties": [{"name": "张三", "role": "applicant"}, {"name": "李四", "role": "respondent"}]}
    status, res = send(c, ledger, "dispute", [did], "POST", "/api/v1/disputes", body, fleet.judicial)
    if status in (200, 201):
        ledger.ack("dispute", did)
        with ledger.lock:
            ledger.disputes[did] = {"version": res["version"], "stage": res["stage"]}
    else:
        ledger.refuse("dispute intake", status, res)


@writer
def dispute_event(c, fleet, ledger, rng, lane):
    with ledger.lock:
        mine = [d for d, s in ledger.disputes.items() if s is not None and hash(d) % 2 == lane]
    if not mine:
        time.sleep(0.02)
        return
    did = rng.choice(mine[-20:])
    state = ledger.disputes[did]
    eid = new_id()
    if state["stage"] == "registered":
        event = {"type": "accepted", "payload": {"note": "受理"}}
    elif rng.random() < 0.5:
        event = {"type": "session_held", "payload": {"outcome": "failed", "participants": ["张三", "李四"], "place": "调解室",
                                                     "record": "双方未达成一致", "time": iso(time.time() - 60)}}
    else:
        event = {"type": "comment_added", "payload": {"text": "电话回访当事人"}}
    body = {"id": eid, "baseVersion": state["version"], **event}
    try:
        status, res = c.call("POST", f"/api/v1/disputes/{did}/events", body, fleet.judicial)
    except Unknown:
        ledger.cut("dispute_event", (did, eid))
        with ledger.lock:
            ledger.disputes[did] = None   # its version is known again after the restart
        raise
    if status in (200, 201):
        ledger.ack("dispute_event", (did, eid))
        with ledger.lock:
            ledger.disputes[did] = {"version": res["version"], "stage": res["stage"]}
    else:
        ledger.refuse(f"dispute event {event['type']}", status, res)
        with ledger.lock:
            ledger.disputes[did] = None


@writer
def report_incident(c, fleet, ledger, rng):
    iid = new_id()
    body = {"id": iid, "type": rng.choice(["dispute", "public_order", "traffic", "assistance"]), "priority": rng.choice([2, 3, 4]),
            "place": {"lat": 36.37 + rng.uniform(-0.01, 0.01), "lon": 114.38 + rng.uniform(-0.01, 0.01), "label": "耐久性测试"},
            "callerName": "王先生", "callerPhone": "13800000000"}
    status, res = send(c, ledger, "incident", [iid], "POST", "/api/v1/incidents", body, fleet.dispatcher)
    if status in (200, 201):
        ledger.ack("incident", iid)
        with ledger.lock:
            ledger.incidents[iid] = {"version": res["version"]}
    else:
        ledger.refuse("incident intake", status, res)


@writer
def incident_event(c, fleet, ledger, rng, lane):
    with ledger.lock:
        mine = [i for i, s in ledger.incidents.items() if s is not None and hash(i) % 2 == lane]
    if not mine:
        time.sleep(0.02)
        return
    iid = rng.choice(mine[-20:])
    eid = new_id()
    if rng.random() < 0.6:
        event = {"type": "call_linked", "callerName": "再次来电", "callerPhone": f"1390000{rng.randrange(10000):04d}"}
    else:
        event = {"type": "reclassified", "incidentType": rng.choice(["dispute", "public_order"]), "priority": rng.choice([2, 3])}
    body = {"id": eid, "baseVersion": ledger.incidents[iid]["version"], **event}
    try:
        status, res = c.call("POST", f"/api/v1/incidents/{iid}/events", body, fleet.dispatcher)
    except Unknown:
        ledger.cut("incident_event", (iid, eid))
        with ledger.lock:
            ledger.incidents[iid] = None
        raise
    if status in (200, 201):
        ledger.ack("incident_event", (iid, eid))
        with ledger.lock:
            ledger.incidents[iid] = {"version": res["version"]}
    else:
        ledger.refuse(f"incident event {event['type']}", status, res)
        with ledger.lock:
            ledger.incidents[iid] = None


@writer
def post_fixes(c, fleet, ledger, rng, unit, clock):
    # Fix times: unique per unit, after the sign-on, 3 ms apart (never ahead of the server's clock).
    n = rng.randint(5, 40)
    times = [clock.next() for _ in range(n)]
    fixes = [{"lat": 36.37 + rng.uniform(-0.001, 0.001), "lon": 114.38 + rng.uniform(-0.001, 0.001), "at": iso(t / 1000),
              "speed": 8.0, "heading": 90.0, "accuracy": 5.0} for t in times]
    with ledger.lock:
        ledger.batches.append((unit["id"], times))
    status, res = send(c, ledger, "fix", [(unit["id"], t) for t in times], "POST", "/api/v1/positions",
                       {"unitId": unit["id"], "fixes": fixes}, unit["device"])
    if status == 200 and res.get("stored") == n:
        for t in times:
            ledger.ack("fix", (unit["id"], t))
    else:
        ledger.refuse("fix batch", status, res)


@writer
def field_record(c, fleet, ledger, rng, unit):
    fid = new_id()
    plate = "冀D" + "".join(rng.choice("0123456789") for _ in range(5))
    body = {"id": fid, "kind": "vehicle_check", "lat": 36.37, "lon": 114.38, "plate": plate, "note": "耐久性测试"}
    status, res = send(c, ledger, "field_record", [fid], "POST", f"/api/v1/units/{unit['id']}/field-records", body, unit["officer"])
    if status in (200, 201):
        ledger.ack("field_record", fid)
    else:
        ledger.refuse("field record", status, res)


class FixClock:
    """A unit's next fix time in epoch milliseconds: strictly increasing, 3 ms apart."""

    def __init__(self, start_ms):
        self.t = start_ms
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            self.t += 3
            return self.t


# --- The checks ----------------------------------------------------------------------------------

def check(db, ledger, fleet):
    """Lost and half-written writes, read straight from the database. Also learns each tracked
    dispute's and incident's stored version and stage, so the writers go on from there."""
    lost, half = [], []
    I = db.id_text

    # Disputes: the row's version is the count of its events and their last sequence number, the
    # row's last_event_at is the time of that last event, and the state JSON agrees with the row.
    rows = db.rows(f"""
        SELECT {I('d.id')}, d.version, d.stage, e.n, e.lo, e.hi, {db.epoch_ms('d.last_event_at')}, {db.epoch_ms('l.at')}
        FROM disputes d
        LEFT JOIN (SELECT dispute_id, COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi FROM dispute_events GROUP BY dispute_id) e
          ON e.dispute_id = d.id
        LEFT JOIN dispute_events l ON l.dispute_id = d.id AND l.seq = d.version""")
    disputes = {}
    for did, version, stage, n, lo, hi, last_at, event_at in rows:
        version = int(version)
        disputes[did] = (version, stage)
        if not n or int(n) != version or int(lo) != 1 or int(hi) != version:
            half.append(f"dispute {did}: version {version}, events {n} (seq {lo}..{hi})")
        elif last_at != event_at:
            half.append(f"dispute {did}: last_event_at {last_at} but its event {version} is at {event_at}")
    orphans = db.rows("SELECT COUNT(*) FROM dispute_events e WHERE NOT EXISTS (SELECT 1 FROM disputes d WHERE d.id = e.dispute_id)")
    if int(orphans[0][0]):
        half.append(f"{orphans[0][0]} dispute events without their dispute")
    mine = set(ledger.disputes) | ledger.acked["dispute"] | ledger.unknown["dispute"]
    if mine:
        states = db.rows(f"SELECT {I('id')}, version, state FROM disputes WHERE {I('id')} IN ({','.join(repr(d) for d in mine)})")
        for did, version, state in states:
            if json.loads(state).get("version", int(version)) != int(version):
                half.append(f"dispute {did}: state JSON version {json.loads(state).get('version')} ≠ row version {version}")
    dispute_events = {r[0] for r in db.rows(f"SELECT {I('id')} FROM dispute_events")}
    lost += [f"dispute {d}" for d in ledger.acked["dispute"] if d not in disputes]
    lost += [f"dispute event {e} of {d}" for d, e in ledger.acked["dispute_event"] if e not in dispute_events]

    # Incidents: the same rule for their row and their timeline.
    rows = db.rows(f"""
        SELECT {I('i.id')}, i.version, e.n, e.lo, e.hi, i.state
        FROM incidents i
        LEFT JOIN (SELECT incident_id, COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi FROM incident_events GROUP BY incident_id) e
          ON e.incident_id = i.id""")
    incidents = {}
    for iid, version, n, lo, hi, state in rows:
        version = int(version)
        incidents[iid] = version
        if not n or int(n) != version or int(lo) != 1 or int(hi) != version:
            half.append(f"incident {iid}: version {version}, events {n} (seq {lo}..{hi})")
        elif iid in ledger.incidents and json.loads(state).get("version", version) != version:
            half.append(f"incident {iid}: state JSON version ≠ row version {version}")
    orphans = db.rows("SELECT COUNT(*) FROM incident_events e WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.incident_id)")
    if int(orphans[0][0]):
        half.append(f"{orphans[0][0]} incident events without their incident")
    incident_events = {r[0] for r in db.rows(f"SELECT {I('id')} FROM incident_events")}
    lost += [f"incident {i}" for i in ledger.acked["incident"] if i not in incidents]
    lost += [f"incident event {e} of {i}" for i, e in ledger.acked["incident_event"] if e not in incident_events]

    # Fixes: every fix of a batch answered `stored`; every batch sent is all there or not at all.
    stored = set()
    for unit in fleet.units:
        since = int(unit["signed_on"] * 1000) - 60_000
        for (at,) in db.rows(f"SELECT {db.epoch_ms('at')} FROM patrol_fixes WHERE {I('unit_id')} = '{unit['id']}' "
                             f"AND {db.epoch_ms('at')} >= {since}"):
            stored.add((unit["id"], int(at)))
    lost += [f"fix {u} at {t}" for u, t in ledger.acked["fix"] if (u, t) not in stored]
    for unit, times in ledger.batches:
        present = sum((unit, t) in stored for t in times)
        if present not in (0, len(times)):
            half.append(f"fix batch of {unit}: {present} of {len(times)} fixes stored")

    # Field records, each with the audit record written in its transaction.
    records = {r[0] for r in db.rows(f"SELECT {I('id')} FROM field_records")}
    audited = {r[0].upper() for r in db.rows("SELECT entity_id FROM audit_records WHERE action = 'field_record.create'")}
    lost += [f"field record {f}" for f in ledger.acked["field_record"] if f not in records]
    half += [f"field record {f} without its audit record" for f in records if f in ledger.acked["field_record"] | ledger.unknown["field_record"]
             and f not in audited]

    # The month counts kept by triggers in the writing transactions (migration 033) equal the rows
    # they count, by key over all months: a count ahead of or behind its rows is half-written.
    for name, kept_sql, rows_sql in [
            ("incident", "SELECT scope_path, type, SUM(n) FROM incident_month_counts GROUP BY scope_path, type",
             "SELECT scope_path, type, COUNT(*) FROM incidents WHERE status <> 'merged' GROUP BY scope_path, type"),
            ("field record", "SELECT station_path, kind, subkind, SUM(n) FROM field_record_month_counts GROUP BY station_path, kind, subkind",
             "SELECT station_path, kind, COALESCE(subkind, ''), COUNT(*) FROM field_records GROUP BY station_path, kind, COALESCE(subkind, '')")]:
        kept = {tuple(r[:-1]): int(r[-1]) for r in db.rows(kept_sql) if int(r[-1])}
        counted = {tuple(r[:-1]): int(r[-1]) for r in db.rows(rows_sql)}
        if kept != counted:
            half.append(f"{name} month counts differ from the rows: {sorted(set(kept.items()) ^ set(counted.items()))[:3]}")

    # The writers go on from what is stored.
    with ledger.lock:
        for did in list(ledger.disputes):
            if did in disputes:
                ledger.disputes[did] = {"version": disputes[did][0], "stage": disputes[did][1]}
            else:
                ledger.disputes.pop(did)
        for did in ledger.unknown["dispute"]:
            if did in disputes and did not in ledger.disputes:
                ledger.disputes[did] = {"version": disputes[did][0], "stage": disputes[did][1]}
        for iid in list(ledger.incidents):
            if iid in incidents:
                ledger.incidents[iid] = {"version": incidents[iid]}
            else:
                ledger.incidents.pop(iid)
        for iid in ledger.unknown["incident"]:
            if iid in incidents and iid not in ledger.incidents:
                ledger.incidents[iid] = {"version": incidents[iid]}
        # Of the writes cut by a kill, those committed before it (the answer was on its way).
        u = ledger.unknown
        ledger.cut_committed = {
            "dispute": sum(d in disputes for d in u["dispute"]), "dispute_event": sum(e in dispute_events for _, e in u["dispute_event"]),
            "incident": sum(i in incidents for i in u["incident"]), "incident_event": sum(e in incident_events for _, e in u["incident_event"]),
            "fix": sum(f in stored for f in u["fix"]), "field_record": sum(f in records for f in u["field_record"])}
    return lost, half


def self_test(db, ledger, fleet):
    """The checks can fail: with the server stopped, damage the SQLite file as a lost commit or a
    torn write would, and expect `check` to name each damage. Returns a problem or None."""
    con = sqlite3.connect(db.path)
    try:
        with con:
            did, eid = next((d, e) for d, e in sorted(ledger.acked["dispute_event"])
                            if con.execute("SELECT seq FROM dispute_events WHERE id = ?", (e,)).fetchone()[0] ==
                            con.execute("SELECT version FROM disputes WHERE id = ?", (d,)).fetchone()[0])
            con.execute("DELETE FROM dispute_events WHERE id = ?", (eid,))            # a projection ahead of its events
            iid = sorted(ledger.acked["incident"])[0]
            con.execute("UPDATE incidents SET version = version + 1 WHERE id = ?", (iid,))  # the same, on the police side
            unit, at = sorted(ledger.acked["fix"])[0]
            con.execute("DELETE FROM patrol_fixes WHERE unit_id = ? AND CAST(ROUND(at * 1000) AS INTEGER) = ?", (unit, at))
            fid = sorted(ledger.acked["field_record"])[0]
            con.execute("DELETE FROM audit_records WHERE action = 'field_record.create' AND upper(entity_id) = ?", (fid,))
            # A month count ahead of its rows (a trigger's write kept without the row's).
            con.execute("UPDATE incident_month_counts SET n = n + 1 WHERE rowid = (SELECT MIN(rowid) FROM incident_month_counts)")
    finally:
        con.close()
    lost, half = check(db, ledger, fleet)
    expected = {"lost": [eid, f"fix {unit} at {at}"], "half-written": [did, iid, fid, "incident month counts"]}
    missed = [f"{kind} {x}" for kind, xs in expected.items() for x in xs
              if not any(x in line for line in (lost if kind == "lost" else half))]
    log(f"    checker self-test (damage written into the file afterwards): {len(lost)} lost, {len(half)} half-written found"
        f"{'; MISSED ' + ', '.join(missed) if missed else ', each damage named'}")
    return "; ".join(missed) or None


# --- One database --------------------------------------------------------------------------------

def run_database(binary, db, work, kills, seed, budget_note):
    rng = random.Random(seed)
    started = time.time()
    db.create()
    server = Server(binary, db, work, free_port())
    ledger = Ledger()
    result = {"db": db.name, "kills": 0}
    try:
        t0 = time.time()
        server.seed()
        log(f"--- {db.name}: demo seeded in {time.time() - t0:.1f} s; {kills} kill rounds on port {server.port}")
        server.start()
        client = Client(f"http://127.0.0.1:{server.port}")
        fleet = Fleet(client)
        clocks = [FixClock(int(u["signed_on"] * 1000) + 1000) for u in fleet.units]
        time.sleep(1.1)  # the first fix is after the sign-on, and not ahead of the server's clock
        all_lost, all_half = [], []
        for round_no in range(1, kills + 1):
            stop = threading.Event()
            jobs = [(register_dispute, ()), (register_dispute, ()), (dispute_event, (0,)), (dispute_event, (1,)),
                    (report_incident, ()), (incident_event, (0,)), (incident_event, (1,)),
                    (post_fixes, (fleet.units[0], clocks[0])), (post_fixes, (fleet.units[1], clocks[1])),
                    (field_record, (fleet.units[0],))]
            threads = [threading.Thread(target=fn, args=(stop, client, fleet, ledger, random.Random(rng.random()), *args), daemon=True)
                       for fn, args in jobs]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.5, 3.0))
            server.kill9()                       # mid-traffic: requests are in flight
            result["kills"] += 1
            stop.set()
            for t in threads:
                t.join(timeout=TIMEOUT + 5)
            server.start()
            lost, half = check(db, ledger, fleet)
            all_lost += lost
            all_half += half
            if lost or half:
                log(f"    round {round_no}: {len(lost)} lost, {len(half)} half-written: {(lost + half)[:5]}")
        server.stop()
        result.update(lost=all_lost, half=all_half)
        if isinstance(db, SQLiteDB):
            result["self_test"] = self_test(db, ledger, fleet)
    finally:
        server.stop()
        db.drop()
    result["acked"] = {k: len(v) for k, v in ledger.acked.items()}
    result["cut"] = {k: (len(v), ledger.cut_committed.get(k, 0)) for k, v in ledger.unknown.items()}
    result["refused"] = ledger.refused
    result["seconds"] = time.time() - started
    report(result, budget_note)
    return result


def report(r, budget_note):
    acked = ", ".join(f"{k} {v}" for k, v in r["acked"].items())
    cut = ", ".join(f"{k} {n} ({c} stored)" for k, (n, c) in r["cut"].items() if n)
    log(f"=== durability {r['db']}: {r['kills']} kills (SIGKILL), acknowledged writes: {acked} (total {sum(r['acked'].values())})")
    log(f"    writes cut by a kill (no answer, so either outcome is right): {cut or 'none'}")
    log(f"    lost: {len(r.get('lost', []))}, half-written: {len(r.get('half', []))}, time {r['seconds']:.0f} s{budget_note}")
    for line in (r.get("lost", []) + r.get("half", []))[:20]:
        log(f"    ! {line}")
    if r["refused"]:
        log(f"    unexpected refusals ({len(r['refused'])}, not losses): {r['refused'][:3]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--kills", type=int, default=int(os.environ.get("PINGAN_DURABILITY_KILLS", "20")))
    ap.add_argument("--postgres", default=os.environ.get("PINGAN_TEST_DATABASE_URL", ""))
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    ap.add_argument("--seed", type=int, default=int(os.environ.get("PINGAN_DURABILITY_SEED", str(int(time.time())))))
    args = ap.parse_args()
    budget = int(os.environ.get("PINGAN_DURABILITY_BUDGET", "300"))
    log(f"=== SIGKILL durability: {args.kills} kills per database, seed {args.seed}, budget {budget} s for both databases")
    started = time.time()
    results = []
    with tempfile.TemporaryDirectory(prefix="pingan-durability.") as work:
        # A copy of its own: a rebuild of .build/debug/pingan meanwhile cannot change or block the restarts.
        binary = os.path.join(work, "pingan")
        shutil.copy2(args.binary, binary)
        args.binary = binary
        if args.only != "postgres":
            results.append(run_database(args.binary, SQLiteDB(work), work, args.kills, args.seed, ""))
        if args.only != "sqlite":
            if args.postgres:
                results.append(run_database(args.binary, PostgresDB(args.postgres), work, args.kills, args.seed + 1, ""))
            else:
                log("!!! PostgreSQL SKIPPED: PINGAN_TEST_DATABASE_URL is not set; the durability run covers SQLite only !!!")
    total = time.time() - started
    failed = any(r.get("lost") or r.get("half") or r["kills"] < args.kills or "lost" not in r or r.get("self_test") for r in results)
    log(f"=== durability total {total:.0f} s (budget {budget} s){'; OVER BUDGET' if total > budget else ''}: "
        f"{'FAILED' if failed else 'passed'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
