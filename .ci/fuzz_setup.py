"""Prepares the API fuzzing phase: `python3 .ci/fuzz_setup.py BASE_URL WORK_DIR`.

Writes two files into WORK_DIR for `.ci/schemathesis.sh`:

- `credentials.json`: a token of one demo account per role (password `pingan-demo`), a device token
  of a patrol unit, and the tip webhook's secret (PINGAN_TIP_SECRET), which
  `schemathesis_hooks.before_call` uses to call each operation with the credential it needs;
- `openapi.json`: the served document with, for the operations random data cannot reach, one
  example each: a real record's id in the path and a body valid for that record's state,
  prepared here through the API itself (an instruction to acknowledge, an incident to dispatch, a
  unit the officer is signed on to …). Schemathesis' examples phase sends them, so every operation
  answers at least one call with a 2xx; its coverage, fuzzing and stateful phases then explore
  from the same document. `x-fuzz-account` names the demo account an example must be sent as
  (an instruction is acknowledged by its recipient, not by the administrator).
"""
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

ACCOUNTS = ["admin", "bureau", "judicial", "mediator", "roomstaff", "lawyer", "governance",
            "dispatcher", "commander", "patrol", "video"]
PASSWORD = "pingan-demo"


class Api:
    def __init__(self, base):
        self.base = base
        self.tokens = {}

    def call(self, method, path, account=None, body=None, token=None, ok=(200, 201, 204)):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        bearer = token or (self.tokens.get(account) if account else None)
        if bearer:
            headers["Authorization"] = "Bearer " + bearer
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as res:
                raw = res.read()
                status = res.status
        except urllib.error.HTTPError as e:
            raw, status = e.read(), e.code
        if status not in ok:
            raise SystemExit(f"fuzz_setup: {method} {path} as {account}: {status} {raw[:300]!r}")
        return json.loads(raw) if raw else None


def items(page):
    return page["items"] if isinstance(page, dict) and "items" in page else page


def new_id():
    return str(uuid.uuid4()).upper()


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


# An ID number with a valid GB 11643 check digit.
def id_number(body17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights)) % 11]


def post_spike(api):
    """Fifteen calls in the last whole hour in each of two patrol grids, for the spike watch."""
    # Reinforcement alerts come from the spike watch over completed hours: a burst of calls in the
    # last hour (queued offline: `calledAt`) in two patrol grids is what the watch raises on its
    # first run, 30 s after start — so these are posted right after the first two logins; the alerts
    # are read at the end.
    now = datetime.now(timezone.utc)
    last_hour = now.replace(minute=0, second=0, microsecond=0) - timedelta(minutes=40)
    grids = items(api.call("GET", "/api/v1/org-units?kind=patrol_grid&geometry=true&limit=50", "admin"))
    for grid in [g for g in grids if g.get("geometry")][:2]:
        ring = grid["geometry"]["coordinates"][0][0]
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        for k in range(15):
            api.call("POST", "/api/v1/incidents", "dispatcher", body={
                "id": new_id(), "type": "public_order", "priority": 3, "calledAt": iso(last_hour + timedelta(seconds=60 * k)),
                "place": {"lat": lat, "lon": lon}, "description": "聚集滋事（接口测试）"})


def main(base, work):
    api = Api(base)
    roles, accounts, user_ids = {}, {}, []
    # The dispatcher and the administrator first: the spike watch's incidents cannot wait for the
    # other nine logins (bcrypt on a busy machine), see below.
    order = ["dispatcher", "admin"] + [n for n in ACCOUNTS if n not in ("dispatcher", "admin")]
    for name in order:
        login = api.call("POST", "/api/v1/auth/login", body={"username": name, "password": PASSWORD})
        api.tokens[name] = login["token"]
        user_ids.append(login["user"]["id"].upper())
        roles.setdefault(login["user"]["role"], login["token"])
        accounts.setdefault(login["user"]["role"], name)
        if name == "admin":
            post_spike(api)
            spike_posted = time.monotonic()
    me = {n: api.call("GET", "/api/v1/me", n) for n in ("mediator", "judicial", "patrol", "commander")}

    doc = api.call("GET", "/api/v1/openapi.json")
    examples = {}   # (METHOD, path) -> {"path": {...}, "body": ..., "query": {...}, "account": name}

    def example(method, path, account, params=None, body=None, query=None):
        examples[(method, path)] = {"path": params or {}, "body": body, "query": query or {}, "account": account}

    now = datetime.now(timezone.utc)
    org = lambda kind: items(api.call("GET", f"/api/v1/org-units?kind={kind}&limit=200", "admin"))

    # --- Accounts and org -----------------------------------------------------------------------
    example("POST", "/api/v1/auth/login", None, body={"username": "lawyer", "password": PASSWORD})
    villages = org("village")
    township_of_judicial = me["judicial"].get("orgUnitId") or me["judicial"]["user"]["orgUnitId"]
    example("POST", "/api/v1/users", "admin", body={
        "username": "fuzz" + new_id()[:8].lower(), "password": "Fuzz-pass-2026", "displayName": "测试调解员",
        "role": "mediator", "orgUnitId": villages[0]["id"]})
    lawyers = items(api.call("GET", "/api/v1/lawyers", "admin"))
    departments = org("department") or org("mediation_room")
    if lawyers and departments:
        example("POST", "/api/v1/lawyers/{id}/departments", "admin", {"id": lawyers[0]["id"]},
                body={"departmentOrgUnitId": departments[0]["id"]})

    # --- Mediation: a dispute of the demo mediator's village, and the directives around it -----
    ZHANG_LI = [("张三", "male", "13042719800101001", "13812345678"), ("李四", "female", "13042719850202002", "13987654321")]

    def register(summary, threat, parties=ZHANG_LI):
        d = new_id()
        api.call("POST", "/api/v1/disputes", "mediator", body={
            "id": d, "category": "02", "source": "party_application", "place": "三里屯村东街",
            "peopleInvolved": 2, "summary": summary,
            "parties": [{"name": n, "sex": sex, "idNumber": id_number(idn), "phone": phone, "role": role}
                        for (n, sex, idn, phone), role in zip(parties, ["applicant", "respondent"])],
            "riskSigns": {"threatOfViolence": threat, "threatOfSelfHarm": False, "plannedCollectivePetition": False, "crossesVillages": False}})
        return d
    # A red dispute (it raises major reports), and a second one for a new supervision order (a
    # dispute has one open order at a time).
    dispute = register("两户因院墙滴水发生争执（接口测试）", True)
    other_dispute = register("邻里因宅基地边界发生争执（接口测试）", False)

    instruction = new_id()
    api.call("POST", "/api/v1/instructions", "bureau", body={
        "id": instruction, "title": "排查", "body": "请排查并回复。", "recipientOrgUnitIds": [township_of_judicial]})
    example("POST", "/api/v1/instructions", "bureau", body={
        "id": new_id(), "title": "矛盾排查", "body": "请于月底前排查辖区矛盾。", "recipientOrgUnitIds": [township_of_judicial]})
    example("GET", "/api/v1/instructions/{id}", "judicial", {"id": instruction})
    example("POST", "/api/v1/instructions/{id}/acknowledge", "judicial", {"id": instruction}, body={})
    second = new_id()
    api.call("POST", "/api/v1/instructions", "bureau", body={
        "id": second, "title": "回复", "body": "请回复。", "recipientOrgUnitIds": [township_of_judicial]})
    example("POST", "/api/v1/instructions/{id}/reply", "judicial", {"id": second}, body={"reply": "已排查，无新增矛盾。"})

    order = new_id()
    deadline = iso(now + timedelta(days=3))
    api.call("POST", "/api/v1/supervision-orders", "bureau", body={
        "id": order, "disputeId": dispute, "assigneeOrgUnitId": township_of_judicial, "instruction": "请三日内化解", "deadline": deadline})
    example("POST", "/api/v1/supervision-orders", "bureau", body={
        "id": new_id(), "disputeId": other_dispute, "assigneeOrgUnitId": township_of_judicial, "instruction": "请跟进并回复", "deadline": deadline})
    api.call("GET", f"/api/v1/supervision-orders/{order}", "judicial")   # opened by its assignee before the answer
    example("GET", "/api/v1/supervision-orders/{id}", "judicial", {"id": order})
    example("POST", "/api/v1/supervision-orders/{id}/answer", "judicial", {"id": order}, body={"id": new_id(), "reply": "已组织调解。"})

    discussion = new_id()
    api.call("POST", "/api/v1/discussions", "bureau", body={
        "id": discussion, "disputeId": dispute, "scheduledAt": iso(now + timedelta(days=1)), "place": "会议室", "participants": ["李所长"]})
    api.call("POST", f"/api/v1/discussions/{discussion}/hold", "bureau", body={"minutes": "各方陈述意见，同意由司法所牵头调解。"})
    example("POST", "/api/v1/discussions/{id}/decide", "bureau", {"id": discussion}, body={"decision": "由司法所牵头调解。"})
    # A dispute of its own, between other parties, for the event example: the other steps move the
    # shared one's version (a discussion's decision, police calls about 张三 matched to it) before
    # this one is sent, and a stale version is 409.
    quiet = register("两户因排水沟堵塞发生争执（接口测试）", False,
                     [("赵六", "male", "13042719700303003", "13611112222"), ("钱七", "female", "13042719750404004", "13733334444")])
    detail = api.call("GET", f"/api/v1/disputes/{quiet}", "mediator")
    example("POST", "/api/v1/disputes/{id}/events", "mediator", {"id": quiet},
            body={"id": new_id(), "baseVersion": detail["version"], "type": "comment_added", "payload": {"text": "已电话联系双方"}})

    reports = items(api.call("GET", "/api/v1/major-reports?acknowledged=false&limit=50", "judicial"))
    if reports:
        example("POST", "/api/v1/major-reports/{id}/acknowledge", "judicial", {"id": reports[0]["id"]}, body={})

    # --- Patrol: a unit of the demo station, its devices, the officer's shift ------------------
    units = items(api.call("GET", "/api/v1/units?limit=200", "commander"))
    unit, spare = units[0]["id"], units[1]["id"]
    device = api.call("POST", f"/api/v1/units/{unit}/devices", "admin", body={"kind": "phone"})
    doomed = api.call("POST", f"/api/v1/units/{spare}/devices", "admin", body={"kind": "vehicle_terminal"})
    example("GET", "/api/v1/units/{id}/devices", "admin", {"id": unit})
    example("POST", "/api/v1/units/{id}/devices", "admin", {"id": spare}, body={"kind": "phone"})
    example("POST", "/api/v1/devices/{id}/revoke", "admin", {"id": doomed.get("id") or doomed["device"]["id"]}, body={})
    example("POST", "/api/v1/units/{id}/status", "dispatcher", {"id": unit}, body={"id": new_id(), "status": "available"})
    example("GET", "/api/v1/units/{id}/track", "admin", {"id": unit},
            query={"from": iso(now - timedelta(hours=2)), "to": iso(now + timedelta(minutes=5))})
    example("POST", "/api/v1/positions", None, body={"unitId": unit, "fixes": [
        {"lat": 36.3712, "lon": 114.3802, "at": iso(now - timedelta(seconds=30)), "accuracy": 8.0, "speed": 0.0, "heading": 0.0}]})

    # The demo officer signs on to a unit of the station; the example resends that sign-on (stored
    # once). Two more officers, made here, hold the units a dispatch and a sign-off need.
    shift = new_id()
    api.call("POST", f"/api/v1/units/{unit}/sign-on", "patrol", body={"id": shift})
    example("POST", "/api/v1/units/{id}/sign-on", "patrol", {"id": unit}, body={"id": shift})
    example("POST", "/api/v1/units/{id}/field-records", "patrol", {"id": unit}, body={
        "id": new_id(), "kind": "person_check", "idNumber": id_number("13042719900303003"), "name": "王五", "at": iso(now)})
    patrol_home = me["patrol"].get("orgUnitId") or me["patrol"]["user"]["orgUnitId"]
    def officer_on(u):
        name = "fuzzpatrol" + new_id()[:6].lower()
        api.call("POST", "/api/v1/users", "admin", body={"username": name, "password": "Fuzz-pass-2026",
                                                         "displayName": "测试民警", "role": "patrol_officer", "orgUnitId": u["homeGridOrgUnitId"]})
        unit_id = u["id"]
        login = api.call("POST", "/api/v1/auth/login", body={"username": name, "password": "Fuzz-pass-2026"})
        api.tokens[name] = login["token"]
        user_ids.append(login["user"]["id"].upper())
        s = new_id()
        api.call("POST", f"/api/v1/units/{unit_id}/sign-on", name, body={"id": s})
        return name, s
    county_units = [u for u in items(api.call("GET", "/api/v1/units?limit=200", "dispatcher"))
                    if u["id"] not in (unit, spare) and u.get("homeGridOrgUnitId")]
    dispatchable = county_units[0]["id"]
    officer_on(county_units[0])
    leaving, leaving_shift = officer_on(county_units[1])
    example("POST", "/api/v1/units/{id}/sign-off", leaving, {"id": county_units[1]["id"]}, body={"shiftId": leaving_shift})

    # Incidents: one to dispatch, one to acknowledge, a dispute handed over to mediation.
    def incident(kind="public_order", lat=36.3712, lon=114.3802):
        i = new_id()
        api.call("POST", "/api/v1/incidents", "dispatcher", body={
            "id": i, "type": kind, "priority": 2, "callerPhone": "13800000000", "description": "接口测试警情",
            "place": {"lat": lat, "lon": lon, "label": "城关镇"},
            "parties": [{"name": "赵六", "phone": "13700000000", "idNumber": id_number("13042719750505005")},
                        {"name": "钱七", "phone": "13600000000"}]})
        return i
    first, second_incident, dispute_call = incident(), incident(), incident("dispute")
    example("POST", "/api/v1/incidents/{id}/dispatch", "dispatcher", {"id": first},
            body={"assignments": [{"id": new_id(), "unitId": dispatchable}]})
    example("POST", "/api/v1/incidents/{id}/events", "dispatcher", {"id": second_incident},
            body={"id": new_id(), "type": "reclassified", "incidentType": "traffic"})
    example("POST", "/api/v1/incidents/{id}/mediation-handover", "dispatcher", {"id": dispute_call}, body={"note": "邻里纠纷，转调解"})
    routed = incident()
    api.call("POST", f"/api/v1/incidents/{routed}/dispatch", "dispatcher",
             body={"assignments": [{"id": new_id(), "unitId": unit}]})
    example("GET", "/api/v1/incidents/{id}/route", "dispatcher", {"id": routed})

    # A handed-over dispute call gives a police handover the justice side acknowledges.
    handed = incident("dispute")
    api.call("POST", f"/api/v1/incidents/{handed}/mediation-handover", "dispatcher", body={"note": "转调解"})
    police = items(api.call("GET", "/api/v1/police-handovers?pending=true&limit=50", "judicial", ok=(200,)))
    if police:
        example("POST", "/api/v1/police-handovers/{id}/acknowledge", "judicial", {"id": police[0]["id"]}, body={})

    # Video notices: one to read and acknowledge, one to turn into an incident.
    patrol_grid = me["patrol"].get("orgUnitId") or me["patrol"]["user"]["orgUnitId"]
    def notice():
        n = new_id()
        api.call("POST", "/api/v1/video-notices", "video", body={
            "id": n, "kind": "suspect", "description": "可疑人员（接口测试）", "seenAt": iso(now - timedelta(minutes=5)),
            "place": {"lat": 36.3712, "lon": 114.3802, "label": "城关"}, "gridIds": [patrol_grid]})
        return n
    seen, converted = notice(), notice()
    example("POST", "/api/v1/video-notices", "video", body={
        "id": new_id(), "kind": "vehicle", "description": "可疑车辆", "seenAt": iso(now - timedelta(minutes=2)),
        "place": {"lat": 36.3712, "lon": 114.3802}, "gridIds": [patrol_grid]})
    example("GET", "/api/v1/video-notices/{id}", "video", {"id": seen})
    example("POST", "/api/v1/video-notices/{id}/acknowledge", "patrol", {"id": seen}, body={"id": new_id(), "unitId": unit})
    example("POST", "/api/v1/video-notices/{id}/incident", "video", {"id": converted}, body={"id": new_id(), "type": "public_order", "priority": 2})

    # Community: a notice to a real group.
    groups = items(api.call("GET", "/api/v1/community-groups?limit=50", "commander"))
    notice_id = new_id()
    api.call("POST", "/api/v1/community-notices", "commander", body={"id": notice_id, "groupIds": [groups[0]["id"]], "text": "近期注意防范电信诈骗。"})
    example("POST", "/api/v1/community-notices", "commander", body={"id": new_id(), "groupIds": [groups[0]["id"]], "text": "夜间注意关好门窗。"})
    example("GET", "/api/v1/community-notices/{id}", "commander", {"id": notice_id})

    # Plans: a plan and its update, an activation to end.
    plan = new_id()
    post = {"name": "县政府广场岗", "lat": 36.3648, "lon": 114.3733, "targetMinutes": 5, "unitKind": "patrol_car"}
    window = {"windowStart": iso(now), "windowEnd": iso(now + timedelta(days=1))}
    api.call("POST", "/api/v1/plans", "commander", body={"id": plan, "name": "接口测试预案", "kind": "major_event", "posts": [post], **window})
    stored = api.call("GET", f"/api/v1/plans/{plan}", "commander")
    example("POST", "/api/v1/plans", "commander", body={"id": new_id(), "name": "节日安保预案", "kind": "major_event", "posts": [post], **window})
    example("PATCH", "/api/v1/plans/{id}", "commander", {"id": plan}, body={
        "baseVersion": stored["version"], "name": "接口测试预案（修订）", "kind": "major_event", "posts": [post], **window})
    activated = api.call("POST", f"/api/v1/plans/{plan}/activate", "commander", body={"id": new_id()})
    example("POST", "/api/v1/plan-activations/{id}/deactivate", "commander", {"id": activated["id"]}, body={})

    # Follow-up tasks: a third police call within 30 days about a party of the dispute raises one each
    # for the second and third calls (X1).
    def call_about_party():
        api.call("POST", "/api/v1/incidents", "dispatcher", body={
            "id": new_id(), "type": "dispute", "priority": 2, "description": "张三与邻居再次争吵（接口测试）",
            "place": {"lat": 36.3712, "lon": 114.3802},
            "parties": [{"name": "张三", "phone": "13812345678", "idNumber": id_number("13042719800101001")}]})
    for _ in range(3):
        call_about_party()
    tasks = items(api.call("GET", "/api/v1/follow-up-tasks?open=true&limit=50", "admin"))
    if len(tasks) >= 2:
        example("GET", "/api/v1/follow-up-tasks/{id}", "admin", {"id": tasks[0]["id"]})
        example("POST", "/api/v1/follow-up-tasks/{id}/acknowledge", "admin", {"id": tasks[0]["id"]}, body={})
        example("POST", "/api/v1/follow-up-tasks/{id}/close", "admin", {"id": tasks[1]["id"]}, body={"note": "回访：双方已和解。"})

    # A shift handover by the dispatcher, acknowledged by the administrator.
    handover = new_id()
    api.call("POST", "/api/v1/handovers", "dispatcher", body={"id": handover, "note": "夜班交接：两起警情在办。"})
    example("POST", "/api/v1/handovers/{id}/acknowledge", "admin", {"id": handover}, body={})

    # The watch runs 30 s after start, then every 5 minutes: if the setup's calls came after its
    # first run, the second one (at most 6 minutes after they were posted) raises the alerts.
    alerts = []
    while time.monotonic() < spike_posted + 360:
        alerts = items(api.call("GET", "/api/v1/reinforcement-alerts?open=true&limit=50", "dispatcher"))
        if len(alerts) >= 2:
            break
        time.sleep(1)
    if len(alerts) >= 2:
        example("GET", "/api/v1/reinforcement-alerts/{id}", "dispatcher", {"id": alerts[0]["id"]})
        example("POST", "/api/v1/reinforcement-alerts/{id}/accept", "dispatcher", {"id": alerts[0]["id"]}, body={"note": "同意增援"})
        example("POST", "/api/v1/reinforcement-alerts/{id}/reject", "dispatcher", {"id": alerts[1]["id"]}, body={"note": "警力已足"})
    else:
        print(f"fuzz setup: the spike watch raised {len(alerts)} alerts, not 2", file=sys.stderr)

    # --- Write the document with the examples, and the credentials -------------------------------
    for (method, path), ex in examples.items():
        op = doc["paths"][path][method.lower()]
        if ex["account"]:
            op["x-fuzz-account"] = ex["account"]
        for p in op.get("parameters", []):
            if p["in"] == "path" and p["name"] in ex["path"]:
                p["example"] = ex["path"][p["name"]]
            if p["in"] == "query" and p["name"] in ex["query"]:
                p["example"] = ex["query"][p["name"]]
        if ex["body"] is not None and "requestBody" in op:
            op["requestBody"]["content"]["application/json"]["example"] = ex["body"]
    with open(os.path.join(work, "openapi.json"), "w") as f:
        json.dump(doc, f, ensure_ascii=False)
    # The accounts the run signs in with are kept from edits (see the hook); a decoy takes them.
    decoy = api.call("POST", "/api/v1/users", "admin", body={"username": "fuzzdecoy", "password": "Fuzz-pass-2026",
                                                             "displayName": "测试账号", "role": "mediator", "orgUnitId": villages[0]["id"]})
    # Logout ends the token it is called with: each logout case gets a session of its own.
    spare = [api.call("POST", "/api/v1/auth/login", body={"username": "governance", "password": PASSWORD})["token"] for _ in range(120)]
    creds = {"base": base, "password": PASSWORD, "tokens": roles, "accounts": accounts, "logoutTokens": spare,
             "protectedUserIds": user_ids, "decoyUserId": decoy["id"],
             "accountTokens": api.tokens, "device": device["token"],
             "deviceId": device.get("id") or device.get("device", {}).get("id"),
             "tipSecret": os.environ["PINGAN_TIP_SECRET"]}
    with open(os.path.join(work, "credentials.json"), "w") as f:
        json.dump(creds, f)
    print(f"fuzz setup: {len(roles)} roles signed in; examples for {len(examples)} operations")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
