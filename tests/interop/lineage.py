#!/usr/bin/env python3
"""Dataset inputs and logged models in one JSON shape, from both sides of the interop specs:

- what the real MlflowClient reads (`run_inputs`, `source_models`: search_logged_models, then get_logged_model and
  the model's artifact files), used by read_mlruns.py and dump_pushed.py;
- what Runboard holds, read from its run bundle export by scripts/python/runboard_bundle.py:

    tests/interop/.venv/bin/python tests/interop/lineage.py BUNDLE [--latest]

  prints {run id: {"inputs": [...], "models": {model id: model}}}. MLflow's file store gives back only the
  latest point of each model metric (the greatest step, then time, then value): `--latest` keeps only that one.

An input is {name, digest, sourceType, source, schema, profile, context}; a model {name, status, sourceRunId,
params, tags, metrics: [[key, step, timestamp, value, run id]], files: {path: base64}}. Lists are sorted.
"""

import base64
import json
import os
import sys
import tempfile
from pathlib import Path

import mlflow
from mlflow_read import value

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "python"))

CONTEXT = "mlflow.data.context"


def _input(name, digest, source_type, source, schema, profile, context):
    # MLflow leaves schema and profile out (None) when a dataset has none; Runboard keeps them as "".
    return {
        "name": name,
        "digest": digest,
        "sourceType": source_type,
        "source": source,
        "schema": schema or "",
        "profile": profile or "",
        "context": context or "",
    }


def run_inputs(run) -> list:
    out = []
    for i in run.inputs.dataset_inputs:
        d = i.dataset
        context = next((t.value for t in i.tags if t.key == CONTEXT), "")
        out.append(_input(d.name, d.digest, d.source_type, d.source, d.schema, d.profile, context))
    return sorted(out, key=json.dumps)


def _files(artifact_uri: str) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            root = Path(mlflow.artifacts.download_artifacts(artifact_uri=artifact_uri, dst_path=tmp))
        except Exception as error:  # an empty artifact folder is not there at all
            if "No such file" in str(error) or "does not exist" in str(error):
                return out
            raise
        for f in sorted(root.rglob("*")):
            if f.is_file():
                out[f.relative_to(root).as_posix()] = base64.b64encode(f.read_bytes()).decode()
    return out


def source_models(client, experiment_ids, max_is_infinity=False) -> dict:
    """{source run id: {model id: model}} for every logged model of the experiments, read as MLflow gives it."""
    out = {}
    token = None
    while True:
        page = client.search_logged_models(experiment_ids, max_results=100, page_token=token)
        for found in page:
            m = client.get_logged_model(found.model_id)
            assert (m.name, m.source_run_id) == (found.name, found.source_run_id)
            metrics = [[x.key, x.step, x.timestamp, value(x.value, max_is_infinity), x.run_id] for x in m.metrics]
            out.setdefault(m.source_run_id, {})[m.model_id] = {
                "name": m.name,
                "status": str(m.status.value if hasattr(m.status, "value") else m.status),
                "sourceRunId": m.source_run_id,
                "params": dict(sorted(m.params.items())),
                "tags": dict(sorted(m.tags.items())),
                "metrics": sorted(metrics, key=json.dumps),
                "files": _files(m.artifact_location),
            }
        token = page.token
        if not token:
            return out


def _latest(metrics: list) -> list:
    best = {}
    for m in metrics:
        key = (m[1], m[2], float(m[3]) if not isinstance(m[3], str) else float(m[3].lower().replace("infinity", "inf")))
        if m[0] not in best or key > best[m[0]][0]:
            best[m[0]] = (key, m)
    return sorted((m for _, m in best.values()), key=json.dumps)


def bundle_lineage(path: str, latest: bool) -> dict:
    from runboard_bundle import read_bundle

    bundle = read_bundle(path)
    out = {}
    for run in bundle["runs"]:
        inputs = [
            _input(i["name"], i["digest"], i["sourceType"], i["source"], i["schema"], i["profile"], i["context"])
            for i in run["inputs"]
        ]
        out[run["runId"]] = {"inputs": sorted(inputs, key=json.dumps), "models": {}}
    for m in bundle["models"]:
        metrics = [[x["key"], x["step"], x["timestamp"], value(x["value"]), x["runId"]] for x in m["metrics"]]
        metrics = sorted(metrics, key=json.dumps)
        files = {p: base64.b64encode(b).decode() for p, b in sorted(m["artifacts"].items())}
        out.setdefault(m["sourceRunId"], {"inputs": [], "models": {}})["models"][m["modelId"]] = {
            "name": m["name"],
            "status": m["status"],
            "sourceRunId": m["sourceRunId"],
            "params": dict(sorted((p["key"], p["value"]) for p in m["params"])),
            "tags": dict(sorted((t["key"], t["value"]) for t in m["tags"])),
            "metrics": _latest(metrics) if latest else metrics,
            "files": files,
        }
    return out


if __name__ == "__main__":
    os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
    print(json.dumps(bundle_lineage(sys.argv[1], "--latest" in sys.argv[2:]), sort_keys=True))
