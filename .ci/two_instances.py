#!/usr/bin/env python3
"""The checks of `.ci/two-instances.sh`: two `pingan serve` on one PostgreSQL behind nginx.

    two_instances.py PROXY_URL A_URL B_URL DATABASE_URL REFERENCE_DATABASE_URL

Standard library only (a minimal WebSocket client included), so CI installs nothing for it.
Prints each check with its time; exits 1 on the first failure.
"""
import base64
import http.client
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import uuid

PASSWORD = "pingan-demo"
STARTED = time.monotonic()


class CheckFailed(Exception):
    pass


def require(ok, what):
    if not ok:
        raise CheckFailed(what)


def check(name, fn):
    t0 = time.monotonic()
    try:
        detail = fn()
    except CheckFailed as e:
        print(f"FAIL  {name} ({time.monotonic() - t0:.2f} s): {e}", flush=True)
        sys.exit(1)
    print(f"ok    {name} ({time.monotonic() - t0:.2f} s){': ' + detail if detail else ''}", flush=True)


def request(base, method, path, body=None, headers=None, source=None):
    """One HTTP request on a new connection (from loopback address `source` when given)."""
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30,
                                      source_address=(source, 0) if source else None)
    h = dict(headers or {})
    data = None
    if body is not None:
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        else:
            data = body.encode()
    conn.request(method, path, body=data, headers=h)
    res = conn.getresponse()
    payload = res.read()
    conn.close()
    return res.status, res.headers, payload


def login(base, username, password=PASSWORD, source=None, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return request(base, "POST", "/api/v1/auth/login", {"username": username, "password": password}, headers, source)


def token(base, username):
    status, _, body = login(base, username)
    require(status == 200, f"login {username} on {base}: {status} {body[:200]!r}")
    return json.loads(body)["token"]


def me(base, headers):
    status, _, body = request(base, "GET", "/api/v1/me", headers=headers)
    return status, (json.loads(body) if status == 200 else body)


def psql(url, sql):
    out = subprocess.run(["psql", url, "-tAX", "-c", sql], check=True, capture_output=True, text=True).stdout
    return out.strip()


class WebSocket:
    """Just enough RFC 6455 for a subscriber: the handshake, reading text frames, answering pings."""

    def __init__(self, base, path, headers):
        u = urllib.parse.urlsplit(base)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: {u.hostname}:{u.port}", "Upgrade: websocket", "Connection: Upgrade",
                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"] + [f"{k}: {v}" for k, v in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            require(chunk, "the WebSocket handshake was cut off")
            head += chunk
        status_line = head.split(b"\r\n", 1)[0].decode()
        require(" 101 " in status_line, f"WebSocket upgrade refused: {status_line}")

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            require(chunk, "the WebSocket closed")
            data += chunk
        return data

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode]) + (bytes([0x80 | len(payload)]) if len(payload) < 126
                                            else bytes([0x80 | 126]) + struct.pack("!H", len(payload)))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self, deadline):
        """The next text message, or None at `deadline` (time.monotonic())."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                b0, b1 = self._exact(2)
            except socket.timeout:
                return None
            self.sock.settimeout(10)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._exact(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._exact(8))[0]
            payload = self._exact(length)
            opcode = b0 & 0x0F
            if opcode == 0x9:
                self._send(0xA, payload)
            elif opcode == 0x8:
                raise CheckFailed("the server closed the WebSocket")
            elif opcode == 0x1:
                return payload.decode()

    def close(self):
        try:
            self._send(0x8, struct.pack("!H", 1000))
        finally:
            self.sock.close()


def main():
    proxy, a, b, db, ref = sys.argv[1:6]
    print(f"two instances: A {a}, B {b}, nginx {proxy}", flush=True)

    # 1. A login made on one instance holds on the other: bearer token and session cookie.
    def token_across():
        t = token(a, "bureau")
        bearer = {"Authorization": f"Bearer {t}"}
        for base in (b, proxy, proxy):
            status, who = me(base, bearer)
            require(status == 200 and who["username"] == "bureau", f"A's token on {base}: {status} {who}")
        t2 = token(proxy, "governance")
        for base in (a, b):
            status, who = me(base, {"Authorization": f"Bearer {t2}"})
            require(status == 200 and who["username"] == "governance", f"the proxy's token on {base}: {status} {who}")
        # Logout on B ends the token on A.
        status, _, _ = request(b, "POST", "/api/v1/auth/logout", headers=bearer)
        require(status == 204, f"logout on B: {status}")
        status, _ = me(a, bearer)
        require(status == 401, f"A still accepts a token logged out on B: {status}")
        return "token from A accepted by B and through nginx; token from nginx accepted by A and B; logout on B ends it on A"

    def cookie_across():
        status, headers, page = request(a, "GET", "/login")
        require(status == 200, f"GET /login on A: {status}")
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        marker = b'name="_csrf" value="'
        require(marker in page, "the login form has no CSRF field")
        csrf = page.split(marker, 1)[1].split(b'"', 1)[0].decode()
        form = urllib.parse.urlencode({"username": "mediator", "password": PASSWORD, "_csrf": csrf})
        status, headers, _ = request(a, "POST", "/login", form,
                                     {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        require(status in (302, 303), f"POST /login on A: {status}")
        cookie = (headers.get("Set-Cookie") or cookie).split(";", 1)[0]
        for base in (b, proxy, proxy):
            status, who = me(base, {"Cookie": cookie})
            require(status == 200 and who["username"] == "mediator", f"A's session on {base}: {status} {who}")
        status, _, _ = request(b, "GET", "/", headers={"Cookie": cookie})
        require(status == 200, f"the home page on B with A's session: {status}")
        return "session cookie from A's login page opens /api/v1/me and / on B and through nginx"

    check("1a login (bearer token) through A works on B", token_across)
    check("1b login (session cookie) through A works on B", cookie_across)

    # 2. A status change posted to A reaches a subscriber of B (LISTEN/NOTIFY relay), and one
    #    connected through nginx (the WebSocket upgrade passes the proxy).
    def live_across():
        bearer = {"Authorization": f"Bearer {token(a, 'dispatcher')}"}
        officer = {"Authorization": f"Bearer {token(a, 'patrol')}"}
        status, _, body = request(a, "GET", "/api/v1/units?limit=200", headers=bearer)
        require(status == 200, f"the unit list: {status} {body[:200]!r}")
        units = json.loads(body)["items"]
        on_duty = [u for u in units if u["status"] in ("available", "out_of_service")]
        # A unit on duty, or one of the demo officer's units (the first sign-on he is allowed).
        unit, current = (on_duty[0]["id"], on_duty[0]["status"]) if on_duty else (None, "off_duty")
        subscribers = {"B": WebSocket(b, "/api/v1/live", bearer), "nginx": WebSocket(proxy, "/api/v1/live", bearer)}
        timings = []

        def expect(what, matches, sent):
            for name, sub in subscribers.items():
                while True:
                    text = sub.receive(sent + 10)
                    require(text is not None, f"{what} of unit {unit}, posted to A, never reached the subscriber on {name}")
                    if matches(json.loads(text)):
                        timings.append(f"{what}→{name} {1000 * (time.monotonic() - sent):.0f} ms")
                        break

        try:
            for sub in subscribers.values():
                hello = json.loads(sub.receive(time.monotonic() + 10) or "{}")
                require(hello.get("type") == "hello", f"no hello: {hello}")
            if current == "off_duty":  # the officer signs on through A: a shift event
                for candidate in units:
                    sent = time.monotonic()
                    status, _, body = request(a, "POST", f"/api/v1/units/{candidate['id']}/sign-on", {"id": str(uuid.uuid4())}, officer)
                    if status == 201:
                        unit = candidate["id"]
                        break
                require(unit is not None, f"the demo officer may sign on to none of the first {len(units)} units: {status} {body[:200]!r}")
                expect("sign-on", lambda e: e.get("type") == "shift" and e.get("unitId") == unit and e.get("onShift") is True, sent)
            # The dispatcher taps the unit out of service and back, through A: status events.
            for target in ("out_of_service", "available"):
                sent = time.monotonic()
                status, _, body = request(a, "POST", f"/api/v1/units/{unit}/status", {"id": str(uuid.uuid4()), "status": target}, bearer)
                require(status == 200, f"status {target} on A: {status} {body[:200]!r}")
                expect(target, lambda e, t=target: e.get("type") == "status" and e.get("unitId") == unit and e.get("status") == t, sent)
        finally:
            for sub in subscribers.values():
                sub.close()
        return ", ".join(timings)

    check("2  live update posted to A reaches a WebSocket subscriber on B (and one through nginx)", live_across)

    # 3. Both instances run the deadline sweep (every 3 s, from 10 s after boot) on the same
    #    disputes; what they wrote together must equal what one sweep wrote on a copy of the
    #    same database (`pingan sweep` on the reference), and no action may be there twice.
    def sweeps_once():
        queries = {
            "deadline notices": "SELECT count(*) FROM deadline_notices",
            "accountability records": "SELECT count(*) FROM accountability_records",
            "accountability audit records": "SELECT count(*) FROM audit_records WHERE action = 'accountability'",
            "escalated events": "SELECT count(*) FROM dispute_events WHERE type = 'escalated'",
        }
        duplicates = {
            "notice": "SELECT count(*) FROM (SELECT 1 FROM deadline_notices GROUP BY dispute_id, deadline_kind, passes_at, level HAVING count(*) > 1) d",
            "hand-up": "SELECT count(*) FROM (SELECT 1 FROM dispute_events WHERE type = 'escalated' AND at > now() - interval '1 hour' GROUP BY dispute_id HAVING count(*) > 1) d",
            "accountability audit": "SELECT count(*) FROM (SELECT 1 FROM audit_records WHERE action = 'accountability' GROUP BY entity_id HAVING count(*) > 1) d",
        }
        expected = {k: int(psql(ref, q)) for k, q in queries.items()}
        require(expected["deadline notices"] > 0, f"the reference sweep found nothing due, so the check proves nothing: {expected}")
        deadline = time.monotonic() + 60
        while True:
            got = {k: int(psql(db, q)) for k, q in queries.items()}
            if got == expected or time.monotonic() > deadline:
                break
            time.sleep(1)
        time.sleep(7)  # two more sweep periods of both instances: nothing more may appear
        got = {k: int(psql(db, q)) for k, q in queries.items()}
        require(got == expected, f"two instances wrote {got}, one sweep writes {expected}")
        for name, q in duplicates.items():
            n, alone = int(psql(db, q)), int(psql(ref, q))
            require(n == alone, f"{n} {name} actions written twice ({alone} by one instance alone)")
        return ", ".join(f"{k} {v}" for k, v in got.items()) + " — each once, equal to a single sweep"

    check("3  deadline sweeps of both instances act once", sweeps_once)

    # 4. Through nginx the throttle keys on the real client (nginx appends the peer to
    #    X-Forwarded-For; only 127.0.0.1, nginx, is trusted), not on what the client wrote, and the
    #    count is shared whichever instance nginx picks. Clients come from 127.0.0.2 and 127.0.0.3.
    def throttle_via_proxy():
        for i in range(5):
            status, _, _ = login(proxy, "roomstaff", "wrong-password", source="127.0.0.2", forwarded_for=f"198.51.100.{i}")
            require(status == 401, f"bad login {i + 1}: {status}")
        status, _, _ = login(proxy, "roomstaff", source="127.0.0.2", forwarded_for="198.51.100.77")
        require(status == 429, f"the sixth try from 127.0.0.2 with a new forged X-Forwarded-For: {status}, not 429")
        status, _, _ = login(b, "roomstaff", source="127.0.0.2")
        require(status == 429, f"the same client straight to B: {status}, not 429")
        status, _, _ = login(proxy, "roomstaff", source="127.0.0.3", forwarded_for="127.0.0.2")
        require(status == 200, f"another client (127.0.0.3) through nginx: {status}, not 200")
        keys = psql(db, "SELECT throttle_key, count(*) FROM login_failures WHERE throttle_key LIKE 'roomstaff|%' GROUP BY 1")
        require(keys == "roomstaff|127.0.0.2|5", f"stored failures: {keys!r}")
        return "5 failures from 127.0.0.2 (forged X-Forwarded-For each time) lock it on both instances; 127.0.0.3 still logs in"

    check("4  login throttling through nginx keys on the real client", throttle_via_proxy)
    print(f"all two-instance checks passed in {time.monotonic() - STARTED:.1f} s", flush=True)


if __name__ == "__main__":
    main()
