#!/usr/bin/env python3
"""Print, as JSON, what the real MlflowClient reads back from a live server for runs pushed by Runboard:
{experiment name: {tags, runs: {Runboard run id: run}}}, each run with its info, params, tags, every metric point
and every artifact file (base64). Runs are keyed by their `runboard.source_run_id` tag (dropped from the tags);
a `mlflow.parentRunId` naming a pushed run is mapped back to that run's Runboard id. Each run also has its dataset
inputs and the logged models it is the source of (tests/interop/lineage.py), keyed by their
`runboard.source_model_id` tag (dropped), with run ids mapped back the same way. Finite metric values are
JSON numbers (the same doubles), NaN and ±Infinity strings; SQL stores keep ±Infinity as ±max float, printed
as ±Infinity too.

    tests/interop/.venv/bin/python tests/interop/dump_pushed.py URL EXPERIMENT_NAME...
"""

import json
import os
import sys

os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

import mlflow  # noqa: E402

from mlflow.entities import ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from lineage import run_inputs, source_models  # noqa: E402
from mlflow_read import files, value  # noqa: E402

SOURCE = "runboard.source_run_id"
SOURCE_MODEL = "runboard.source_model_id"


def pushed_models(models: dict, source_of: dict) -> dict:
    """The server's models by the Runboard model id in their source tag (dropped), with run ids as Runboard's."""
    out = {}
    for m in models.values():
        tags = dict(m["tags"])
        model_id = tags.pop(SOURCE_MODEL)
        metrics = [[k, step, ts, v, source_of.get(run, run)] for k, step, ts, v, run in m["metrics"]]
        out[model_id] = dict(m, tags=tags, sourceRunId=source_of.get(m["sourceRunId"]), metrics=sorted(metrics, key=json.dumps))
    return out


def main() -> None:
    url, names = sys.argv[1], sys.argv[2:]
    client = MlflowClient(tracking_uri=url)
    mlflow.set_tracking_uri(url)  # model files are read through the server's mlflow-artifacts: URIs
    out = {}
    for name in names:
        exp = client.get_experiment_by_name(name)
        runs = client.search_runs([exp.experiment_id], run_view_type=ViewType.ALL, max_results=50000)
        source_of = {r.info.run_id: r.data.tags.get(SOURCE) for r in runs}
        models = source_models(client, [exp.experiment_id], max_is_infinity=True)
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
                "inputs": run_inputs(r),
                "models": pushed_models(models.get(r.info.run_id, {}), source_of),
            }
        out[name] = {"tags": dict(sorted(exp.tags.items())), "runs": dumped}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
