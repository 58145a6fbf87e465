#!/usr/bin/env python3
"""Print, as JSON, what the real MlflowClient reads back from a live server for the given runs:
{run_id: {params: [{key, value}] sorted by key, history: {key: [[step, timestamp, str(value)], ...]}}}.
Values are printed like JavaScript's String(number) for the few kinds the live runs hold (ints, floats, NaN,
Infinity), so the e2e test compares with what Runboard shows, exactly.

    tests/interop/.venv/bin/python tests/interop/dump_server.py URL RUN_ID...
"""

import json
import math
import os
import sys

os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

from mlflow.tracking import MlflowClient  # noqa: E402


def js_string(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    # SQL-backed servers store ±Infinity as ±max float; Runboard maps that back to ±Infinity (docs/formats.md §7.5).
    if math.isinf(value) or abs(value) == sys.float_info.max:
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def main() -> None:
    url, run_ids = sys.argv[1], sys.argv[2:]
    client = MlflowClient(tracking_uri=url)
    out = {}
    for run_id in run_ids:
        run = client.get_run(run_id)
        history = {}
        for key in sorted(run.data.metrics):
            points = sorted(client.get_metric_history(run_id, key), key=lambda m: (m.step, m.timestamp))
            history[key] = [[m.step, m.timestamp, js_string(m.value)] for m in points]
        params = [{"key": k, "value": v} for k, v in sorted(run.data.params.items())]
        out[run_id] = {"params": params, "history": history}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
