"""The Python side of tests/interop/bundle-python.spec.ts, through scripts/python/runboard_bundle.py.

  write <bundle>   writes runs with NaN, ±inf, -0.0, unicode keys, artifacts and a nested run; prints its dump
  read <bundle>    reads a bundle (Runboard's export) and prints its dump
  refuse <bundle>  alters copies of a bundle in several ways; prints the error read_bundle gives for each

A dump is what tests/interop/bundle-compare.ts makes of Runboard's runs: values as the hex of their bits.
"""

import base64
import json
import math
import os
import struct
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "python"))
from runboard_bundle import BundleError, read_bundle, write_bundle  # noqa: E402

T0 = 1_700_000_000_000


def dump(bundle):
    names = {e["experimentId"]: e["name"] for e in bundle["experiments"]}
    out = {e["name"]: {"tags": {t["key"]: t["value"] for t in e["tags"]}, "runs": {}} for e in bundle["experiments"]}
    for run in bundle["runs"]:
        history = {}
        for key, step, timestamp, value in run["metrics"]:
            history.setdefault(key, []).append([step, timestamp, struct.pack(">d", value).hex()])
        out[names[run["experimentId"]]]["runs"][run["runId"]] = {
            "runName": run["runName"],
            "status": run["status"],
            "startTime": run["startTime"],
            "endTime": run["endTime"],
            "lifecycleStage": run["lifecycleStage"],
            "userId": run["userId"],
            "params": {p["key"]: p["value"] for p in run["params"]},
            "tags": {t["key"]: t["value"] for t in run["tags"]},
            "history": history,
            "files": {p: base64.b64encode(b).decode() for p, b in run["artifacts"].items()},
        }
    return out


def write(path):
    parent = "a" * 32
    odd = [math.nan, math.inf, -math.inf, -0.0, 0.0, 5e-324, 1.7976931348623157e308, 0.1]
    experiments = [
        {"experimentId": "7", "name": "from-python ✓", "tags": {"mlflow.note.content": "# Written in Python"}},
        {"experimentId": "8", "name": "second <b>bold</b>"},
    ]
    runs = [
        {
            "runId": parent,
            "experimentId": "7",
            "runName": "parent ü",
            "startTime": T0,
            "endTime": T0 + 9_000,
            "userId": "ada",
            "params": {"lr": "0.001", "ünïcode key": "välue", "script": "<script>alert(1)</script>"},
            "tags": {"team": "vision", "mlflow.note.content": "A *run* note"},
            "metrics": [("loss", i, T0 + i, 1 / (i + 1)) for i in range(2000)]
            + [("odd", i, T0 + 500, v) for i, v in enumerate(odd)]
            + [("μ/accuracy ✓", 1, T0 + 1, 0.5), ("μ/accuracy ✓", 1, T0 + 2, 0.25)],
            "artifacts": {"notes/hello ✓.txt": "hello from Python\n".encode(), "data/bytes.bin": bytes(range(256))},
        },
        {
            "runId": "b" * 32,
            "experimentId": "7",
            "runName": "child",
            "status": "FAILED",
            "startTime": T0 + 1,
            "endTime": T0 + 2,
            "tags": {"mlflow.parentRunId": parent},
            "metrics": [("acc", -3, T0, -0.0)],
        },
        {"runId": "c" * 32, "experimentId": "8", "runName": "empty", "status": "RUNNING", "startTime": None},
        {"runId": "d" * 32, "experimentId": "8", "runName": "gone", "lifecycleStage": "deleted", "startTime": T0},
    ]
    write_bundle(path, experiments, runs)
    return dump(read_bundle(path))


def refuse(path):
    """Copies of the bundle with one thing wrong each; every one must be refused with its reason."""
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    metrics = next(n for n in entries if n.endswith("metrics.bin") and len(entries[n]) > 16)
    manifest = json.loads(entries["manifest.json"])
    changes = {
        "altered": {metrics: entries[metrics][:-1] + bytes([entries[metrics][-1] ^ 1])},
        "truncated": {metrics: entries[metrics][:-8]},
        "unlisted": {"extra.txt": b"x"},
        "version": {"manifest.json": json.dumps(dict(manifest, version=2)).encode()},
        "counts": {"manifest.json": json.dumps(dict(manifest, counts=dict(manifest["counts"], runs=99))).encode()},
    }
    out = {}
    for name, change in changes.items():
        copy = os.path.join(tempfile.mkdtemp(), "bundle.zip")
        with zipfile.ZipFile(copy, "w") as z:
            for entry, data in dict(entries, **change).items():
                z.writestr(entry, data)
        try:
            read_bundle(copy)
            out[name] = None
        except BundleError as error:
            out[name] = str(error)
    # Writing refuses an artifact path that would leave the run's folder, and leaves no file behind.
    bad = os.path.join(tempfile.mkdtemp(), "bad.zip")
    try:
        write_bundle(bad, [{"experimentId": "1", "name": "e"}], [{"experimentId": "1", "artifacts": {"../x": b""}}])
    except ValueError as error:
        out["write"] = f"{error}; file left: {os.path.exists(bad)}"
    return out


if __name__ == "__main__":
    command, target = sys.argv[1], sys.argv[2]
    result = {"write": write, "read": lambda p: dump(read_bundle(p)), "refuse": refuse}[command](target)
    print(json.dumps(result, ensure_ascii=False))
