#!/usr/bin/env python3
"""Print, as JSON, what the real MlflowClient reads from an mlruns/ tree exported by Runboard:
{experiments: {id: {name, lifecycleStage, tags}}, runs: {experiment name: {tags, runs: {run id: run}}}}, each run
with its info, params, tags, every metric point (get_metric_history), every artifact file (base64), its dataset
inputs and the logged models it is the source of (tests/interop/lineage.py). Finite metric values are JSON numbers
(the same doubles), NaN and ±Infinity strings.

The zip is unzipped into a new folder with Python's zipfile, as a user would, and read from there (the export's
artifact URIs are relative to the folder that holds mlruns/):

    tests/interop/.venv/bin/python tests/interop/read_mlruns.py EXPORT.mlruns.zip
"""

import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

from mlflow.entities import ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from lineage import run_inputs, source_models  # noqa: E402
from mlflow_read import files, value  # noqa: E402


def main() -> None:
    folder = tempfile.mkdtemp(prefix="mlruns-export-")
    with zipfile.ZipFile(sys.argv[1]) as z:
        z.extractall(folder)
    os.chdir(folder)
    client = MlflowClient(tracking_uri="file:" + str(Path("mlruns").resolve()))
    experiments = client.search_experiments(view_type=ViewType.ALL, max_results=50000)
    out = {"experiments": {}, "runs": {}}
    for exp in experiments:
        out["experiments"][exp.experiment_id] = {
            "name": exp.name,
            "lifecycleStage": exp.lifecycle_stage,
            "tags": dict(sorted(exp.tags.items())),
        }
        runs = client.search_runs([exp.experiment_id], run_view_type=ViewType.ALL, max_results=50000)
        models = source_models(client, [exp.experiment_id])
        dumped = {}
        for r in runs:
            history = {}
            for key in sorted(r.data.metrics):
                points = client.get_metric_history(r.info.run_id, key)
                history[key] = [[m.step, m.timestamp, value(m.value)] for m in points]  # the test sorts
            dumped[r.info.run_id] = {
                "runName": r.info.run_name,
                "status": r.info.status,
                "startTime": r.info.start_time,
                "endTime": r.info.end_time,
                "lifecycleStage": r.info.lifecycle_stage,
                "userId": r.info.user_id,
                "experimentId": r.info.experiment_id,
                "params": dict(sorted(r.data.params.items())),
                "tags": dict(sorted(r.data.tags.items())),
                "history": history,
                "files": files(client, r.info.run_id),
                "inputs": run_inputs(r),
                "models": models.get(r.info.run_id, {}),
            }
        out["runs"][exp.name] = {"tags": dict(sorted(exp.tags.items())), "runs": dumped}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
