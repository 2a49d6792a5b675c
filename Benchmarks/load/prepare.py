#!/usr/bin/env python3
"""Writes the data file mixed.lua reads: bearer tokens of the demo roles, the device tokens of
`pingan bench patrol`, the stretch of the shift the fixes go in, and the intake bodies.

    prepare.py BASE_URL UNITS_JSON THREADS OUT.lua
"""
import json
import sys
import urllib.request
from datetime import datetime

base, units_file, threads, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]


def token(user):
    req = urllib.request.Request(base + "/api/v1/auth/login", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"username": user, "password": "pingan-demo"}).encode())
    return json.load(urllib.request.urlopen(req))["token"]


def id_number(body17):
    """A resident ID number (GB 11643) with its check digit."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


def lua(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


prepared = json.load(open(units_file))
signed_on = datetime.fromisoformat(prepared["signedOnAt"].replace("Z", "+00:00")).timestamp()
fixes_from = int(signed_on) + 60
# The server keeps fixes up to now; leave each thread an equal stretch up to a minute ago.
import time
per_thread = max(1000, (int(time.time()) - 60 - fixes_from) // threads)
dispute = ('{"id":"%s","parties":[{"name":"张三","sex":"male","idNumber":"' + id_number("13042719800101001") +
           '","phone":"13812345678","address":"三里屯村","role":"applicant"},{"name":"李四","sex":"female","idNumber":"' +
           id_number("13042719850202002") + '","phone":"13987654321","role":"respondent"}],"category":"02",'
           '"source":"party_application","place":"三里屯村东街","peopleInvolved":2,"summary":"两户因院墙滴水发生争执",'
           '"riskSigns":{"threatOfViolence":false,"threatOfSelfHarm":false,"plannedCollectivePetition":false,"crossesVillages":false}}')
incident = ('{"id":"%s","type":"criminal","priority":1,"place":{"lat":%.6f,"lon":%.6f,"label":"城关镇十字路口"},'
            '"description":"两人持械斗殴","callerName":"张三","callerPhone":"13812345678"}')
with open(out, "w") as f:
    f.write("return {\n")
    for role in ("mediator", "judicial", "bureau", "dispatcher"):
        f.write(f"  {role} = {lua(token(role))},\n")
    f.write(f"  fixesFrom = {fixes_from}, fixesPerThread = {per_thread},\n")
    f.write(f"  disputeIntake = {lua(dispute)},\n  incidentIntake = {lua(incident)},\n  units = {{\n")
    for u in prepared["units"]:
        f.write(f"    {{ unitId = {lua(u['unitId'])}, token = {lua(u['token'])} }},\n")
    f.write("  },\n}\n")
print(f"load data: {len(prepared['units'])} device units, fixes from {fixes_from} ({per_thread} s per thread) → {out}")
