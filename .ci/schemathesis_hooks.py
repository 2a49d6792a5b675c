"""Schemathesis hooks for the Pingan API document (loaded by .ci/schemathesis.sh).

`format: gb11643` is an 18-character resident ID number whose check digit is valid (GB 11643-1999);
JSON Schema cannot state the check digit, so valid values are generated here. Unknown formats are
not checked for rejection, so negative cases for this field come from its `maxLength` and type.
"""
from hypothesis import strategies as st

import schemathesis

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def _with_check_digit(body: str) -> str:
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


_id_numbers = st.builds(
    lambda area, year, month, day, seq: _with_check_digit(f"{area}{year:04d}{month:02d}{day:02d}{seq:03d}"),
    st.sampled_from(["130427", "130400", "110101", "440305"]),
    st.integers(1930, 2020),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 999),
)

schemathesis.openapi.format("gb11643", _id_numbers)


# --- Credentials: each operation is called with the credential it needs --------------------------
#
# `.ci/schemathesis.sh` writes a JSON file (PINGAN_FUZZ_CREDENTIALS) with a token per role, a device
# token and the tip webhook's secret. An operation whose document says `x-roles` is called as the
# administrator when it admits one, otherwise as a demo account of its first role; `deviceToken`
# operations get the device token; the signed tip webhook gets a fresh HMAC signature of the body
# it actually sends; logout gets a token of its own, so it never ends the one the run uses.
import hashlib
import hmac
import json
import os
import time

_CREDENTIALS = None
_CALLS = None


def _credentials():
    global _CREDENTIALS
    if _CREDENTIALS is None:
        path = os.environ.get("PINGAN_FUZZ_CREDENTIALS")
        _CREDENTIALS = json.load(open(path)) if path else {}
    return _CREDENTIALS


def _logout_token(creds):
    """A session of its own for each logout case (fuzz_setup.py signed in spares), so logout never
    ends a token the run goes on using; once they are used up, the last (already ended) one."""
    spare = creds["logoutTokens"]
    return spare.pop() if len(spare) > 1 else spare[0]


def _serialized_body(case):
    """The exact bytes `requests` will send for this body (its `json=` uses json.dumps' defaults)."""
    if case.body is None or type(case.body).__name__ == "NotSet":
        return b""
    if isinstance(case.body, (bytes, str)):
        return case.body if isinstance(case.body, bytes) else case.body.encode()
    return json.dumps(case.body, allow_nan=False).encode()


@schemathesis.hook
def before_call(context, case, kwargs):
    creds = _credentials()
    if not creds:
        return
    raw = case.operation.definition.raw or {}
    security = raw.get("security")
    headers = dict(case.headers or {})
    if case.operation.path == "/api/v1/auth/logout":
        headers["Authorization"] = "Bearer " + _logout_token(creds)
    elif security == [{"deviceToken": []}]:
        headers["Authorization"] = "Bearer " + creds["device"]
    elif case.operation.path == "/api/v1/community-tips":
        body = _serialized_body(case)
        stamp = str(int(time.time()))
        headers["X-Pingan-Timestamp"] = stamp
        headers["X-Pingan-Signature"] = "sha256=" + hmac.new(creds["tipSecret"].encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    elif security == []:
        pass  # open: login, health, the document
    elif raw.get("x-fuzz-account"):
        # fuzz_setup.py prepared this operation's example for one account (a recipient, an officer
        # on the unit's shift): every case of the operation is sent as that account.
        headers["Authorization"] = "Bearer " + creds["accountTokens"][raw["x-fuzz-account"]]
    else:
        roles = raw.get("x-roles") or ["admin"]
        role = "admin" if "admin" in roles else roles[0]
        headers["Authorization"] = "Bearer " + creds["tokens"][role]
    # The run's own accounts are never edited (deactivated, their role or password changed): a case
    # aimed at one is aimed at a decoy account fuzz_setup.py made for the purpose.
    if case.operation.path == "/api/v1/users/{id}" and case.operation.method.upper() != "GET":
        target = str((case.path_parameters or {}).get("id", "")).upper()
        if target in creds.get("protectedUserIds", []):
            case.path_parameters = {**case.path_parameters, "id": creds["decoyUserId"]}
    if case.operation.path == "/api/v1/devices/{id}/revoke" and str((case.path_parameters or {}).get("id", "")).upper() == str(creds.get("deviceId", "")).upper():
        case.path_parameters = {**case.path_parameters, "id": "00000000-0000-4000-8000-000000000000"}  # keep the run's own device
    case.headers = headers


# --- Failures that are not failures -----------------------------------------------------------
#
# `positive_data_acceptance` expects a 2xx (or 401/403/404/409) for every body the document allows.
# A few rules cannot be written in JSON Schema: one field against another, the calendar, the
# caller's jurisdiction, a referenced record's state. The server answers those 422 with a code of
# their own. Only these (operation, code) pairs are let through; any other 422 on valid data, and
# every other check, still fails the run.
RULES_BEYOND_THE_SCHEMA = {
    ("POST", "/api/v1/analysis-reports"): {"validation_failed"},         # only the county and townships have reports
    ("POST", "/api/v1/screening-reports"): {"validation_failed"},        # a month that has not begun
    ("POST", "/api/v1/community-groups"): {"area_not_found"},            # an area of the caller's jurisdiction
    ("PUT", "/api/v1/community-groups/{id}"): {"phone_required", "area_not_found"},  # a new member needs a phone
    ("POST", "/api/v1/community-notices"): {"group_not_found"},          # a live group of the jurisdiction
    ("POST", "/api/v1/plans"): {"invalid_window", "unknown_unit"},       # a post's unit of the caller's jurisdiction
    ("PATCH", "/api/v1/plans/{id}"): {"invalid_window", "unknown_unit"},
    ("POST", "/api/v1/positions"): {"invalid_fix"},                      # a fix from the future or over 7 days old
    ("POST", "/api/v1/enterprises/{id}/visits"): {"validation_failed"},  # a visit dated in the future
    ("POST", "/api/v1/units/{id}/field-records"): {"unknown_incident"},  # an incident the unit works on
}
# Anywhere: an ID number's check digit and birth date (GB 11643) are beyond a pattern.
RULES_EVERYWHERE = {"invalid_id_number"}


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if response is None or response.status_code != 422:
        return True
    if getattr(failure, "code", None) != "ST202":   # RejectedPositiveData: schema-valid request rejected
        return True
    allowed = RULES_BEYOND_THE_SCHEMA.get((case.operation.method.upper(), case.operation.path), set()) | RULES_EVERYWHERE
    try:
        code = json.loads(response.content)["error"]["code"]
    except Exception:
        return True
    return code not in allowed


@schemathesis.hook
def after_call(context, case, response):
    """Records each call's operation and status, so the run can show a 2xx for every operation."""
    global _CALLS
    path = os.environ.get("PINGAN_FUZZ_CALLS")
    if not path:
        return
    if _CALLS is None:
        _CALLS = open(path, "a", buffering=1)
    _CALLS.write(json.dumps({"method": case.operation.method.upper(), "path": case.operation.path, "status": response.status_code}) + "\n")
