"""After the fuzzing run: `python3 .ci/fuzz_coverage.py OPENAPI.json CALLS.jsonl [EXCLUDED_PATH ...]`.

Every operation of the document must have answered at least one call with a 2xx (each was called
with the credential it needs: see schemathesis_hooks.before_call). Prints the calls and 2xx per
operation for those without one, the totals, and exits 1 if any operation has none.
"""
import collections
import json
import sys


def main(document, calls_file, excluded):
    doc = json.load(open(document))
    operations = [(m.upper(), p) for p, item in doc["paths"].items() for m in item
                  if m in ("get", "post", "put", "patch", "delete") and p not in excluded]
    calls, ok = collections.Counter(), collections.Counter()
    for line in open(calls_file):
        c = json.loads(line)
        key = (c["method"], c["path"])
        calls[key] += 1
        if 200 <= c["status"] < 300:
            ok[key] += 1
    missing = [op for op in operations if ok[op] == 0]
    print(f"=== {sum(calls.values())} calls over {len(operations)} operations; "
          f"{len(operations) - len(missing)} with a 2xx, {len(missing)} without")
    for method, path in missing:
        statuses = collections.Counter()
        for line in open(calls_file):
            c = json.loads(line)
            if (c["method"], c["path"]) == (method, path):
                statuses[c["status"]] += 1
        print(f"    no 2xx: {method} {path} ({calls[(method, path)]} calls: {dict(statuses.most_common(4))})")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], set(sys.argv[3:])))
