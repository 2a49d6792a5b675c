#!/usr/bin/env python3
"""Live subscribers held open during the load: N WebSockets on /api/v1/live as the demo dispatcher
(who sees every unit), each counting the messages it gets. Runs until SIGTERM, then prints one
line: `SUBSCRIBERS open=N messages=M dropped=D`. Uses the standard-library WebSocket client of
.ci/two_instances.py.

    subscribers.py BASE_URL COUNT
"""
import json
import os
import signal
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".ci"))
from two_instances import WebSocket, CheckFailed  # noqa: E402

base, count = sys.argv[1], int(sys.argv[2])
req = urllib.request.Request(base + "/api/v1/auth/login", headers={"Content-Type": "application/json"},
                             data=json.dumps({"username": "dispatcher", "password": "pingan-demo"}).encode())
headers = {"Authorization": "Bearer " + json.load(urllib.request.urlopen(req))["token"]}
stop = threading.Event()
messages = [0] * count
dropped = [0]


def hold(i):
    try:
        ws = WebSocket(base, "/api/v1/live", headers)
        while not stop.is_set():
            if ws.receive(time.monotonic() + 0.5) is not None:
                messages[i] += 1
        ws.close()
    except (CheckFailed, OSError):
        dropped[0] += 1


signal.signal(signal.SIGTERM, lambda *_: stop.set())
workers = [threading.Thread(target=hold, args=(i,), daemon=True) for i in range(count)]
for w in workers:
    w.start()
print(f"SUBSCRIBERS started={count}", flush=True)
while not stop.is_set():
    stop.wait(0.5)
for w in workers:
    w.join(timeout=5)
print(f"SUBSCRIBERS open={count - dropped[0]} messages={sum(messages)} dropped={dropped[0]}", flush=True)
