"""Writes DVCLive logs with the real dvclive (requirements.txt): two runs of a small training loop, each a
`dvclive/` folder with metrics.json, params.yaml, plots/metrics/**/*.tsv and report.md / report.html.
Deterministic values; DVCLive's own timestamps are real (the fixtures README says so).

Usage: python write_dvclive_runs.py <out dir>
"""

import math
import os
import sys

from dvclive import Live

out = sys.argv[1]


def train(folder, lr, report):
    # save_dvc_exp=False: no DVC repository is needed, the folder is all DVCLive writes.
    with Live(dir=folder, report=report, save_dvc_exp=False) as live:
        live.log_params({"lr": lr, "optimizer": {"name": "sgd", "momentum": 0.9}, "layers": [16, 8]})
        live.log_param("seed", 7)
        for epoch in range(5):
            loss = 1.0 / (1 + epoch * lr * 10)
            live.log_metric("train/loss", loss)
            live.log_metric("train/acc", 1 - loss / 2)
            live.log_metric("val/loss", loss * 1.1 if epoch != 3 else math.nan)
            live.log_metric("lr", lr, plot=True)
            live.next_step()
        live.summary["best"] = 0.5


os.makedirs(out, exist_ok=True)
train(os.path.join(out, "run-a", "dvclive"), 0.1, None)
train(os.path.join(out, "run-b", "dvclive"), 0.01, "html")
