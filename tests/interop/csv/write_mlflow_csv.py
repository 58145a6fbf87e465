"""Writes what MLflow users save as CSV: `mlflow.search_runs(...).to_csv()` (a row per run: run_id, attributes,
params.*, metrics.*, tags.*) and a metric history as a long table (`MlflowClient().get_metric_history` into a
DataFrame: key, value, timestamp, step), read from the interop fixtures' mlflow.db by the real MLflow 3.18.

Usage (the interop venv): python write_mlflow_csv.py MLFLOW_DB OUT_DIR
"""
import os
import sys

import mlflow
import pandas as pd
from mlflow.tracking import MlflowClient


def main():
    db, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    mlflow.set_tracking_uri(f"sqlite:///{db}")
    experiment = mlflow.get_experiment_by_name("diabetes-quickstart")
    runs = mlflow.search_runs(experiment_ids=[experiment.experiment_id], order_by=["attributes.start_time ASC"], max_results=20)
    runs.to_csv(os.path.join(out, "quickstart-runs.csv"), index=False)
    client = MlflowClient()
    rows = []
    with_history = runs[runs["metrics.train/rmse"].notna()]["run_id"][:2]
    for run_id in with_history:
        for key in ("train/rmse", "val/rmse"):
            for m in client.get_metric_history(run_id, key):
                rows.append({"run_id": run_id, "key": m.key, "value": m.value, "timestamp": m.timestamp, "step": m.step})
    pd.DataFrame(rows).to_csv(os.path.join(out, "metric-history.csv"), index=False)


if __name__ == "__main__":
    main()
