#!/usr/bin/env python3
"""Print, as JSON, what the real MlflowClient reads back from a live server for runs pushed by Runboard:
{experiment name: {tags, runs: {Runboard run id: run}}}, each run with its info, params, tags, every metric point
and every artifact file (base64). Runs are keyed by their `runboard.source_run_id` tag (dropped from the tags);
a `mlflow.parentRunId` naming a pushed run is mapped back to that run's Runboard id. Finite metric values are
JSON numbers (the same doubles), NaN and ±Infinity strings; SQL stores keep ±Infinity as ±max float, printed
as ±Infinity too.

    tests/interop/.venv/bin/python tests/interop/dump_pushed.py URL EXPERIMENT_NAME...
"""

import json
import os
import sys

os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

from mlflow.entities import ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from mlflow_read import files, value  # noqa: E402

SOURCE = "runboard.source_run_id"


def main() -> None:
    url, names = sys.argv[1], sys.argv[2:]
    client = MlflowClient(tracking_uri=url)
    out = {}
    for name in names:
        exp = client.get_experiment_by_name(name)
        runs = client.search_runs([exp.experiment_id], run_view_type=ViewType.ALL, max_results=50000)
        source_of = {r.info.run_id: r.data.tags.get(SOURCE) for r in runs}
        dumped = {}
        for r in runs:
            tags = {k: v for k, v in r.data.tags.items() if k != SOURCE}
            if tags.get("mlflow.parentRunId") in source_of:
                tags["mlflow.parentRunId"] = source_of[tags["mlflow.parentRunId"]]
            history = {}
            for key in sorted(r.data.metrics):
                points = client.get_metric_history(r.info.run_id, key)
                history[key] = [[m.step, m.timestamp, value(m.value, max_is_infinity=True)] for m in points]  # the test sorts
            dumped[source_of[r.info.run_id]] = {
                "runName": r.info.run_name,
                "status": r.info.status,
                "startTime": r.info.start_time,
                "endTime": r.info.end_time,
                "lifecycleStage": r.info.lifecycle_stage,
                "params": dict(sorted(r.data.params.items())),
                "tags": dict(sorted(tags.items())),
                "history": history,
                "files": files(client, r.info.run_id),
            }
        out[name] = {"tags": dict(sorted(exp.tags.items())), "runs": dumped}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
