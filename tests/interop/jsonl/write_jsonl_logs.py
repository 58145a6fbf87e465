"""Writes JSONL metric logs the way training scripts do: one json.dumps(record) per line (Python's json module,
whose defaults write bare NaN and Infinity). Deterministic: fixed times, no randomness.

Usage: python write_jsonl_logs.py <out dir>
"""

import json
import math
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z

# Wide: one record per logging step, every metric a field; epoch and time as most loops log them.
with open(os.path.join(out, "train.jsonl"), "w") as f:
    for step in range(0, 50, 5):
        loss = 1.0 / (1 + step)
        record = {"step": step, "epoch": step // 10, "loss": loss, "acc": 1 - loss, "time": T0 + step}
        if step == 15:
            record["loss"] = math.nan
        if step == 20:
            record["grad_norm"] = math.inf
        f.write(json.dumps(record) + "\n")

# Long: one record per point, the metric named by "key", ISO timestamps.
with open(os.path.join(out, "points.jsonl"), "w") as f:
    for step in range(4):
        for key, value in (("val/loss", 0.5 / (step + 1)), ("val/acc", 0.6 + step / 10)):
            stamp = f"2026-01-01T00:0{step}:00Z"
            f.write(json.dumps({"key": key, "value": value, "step": step, "timestamp": stamp}) + "\n")

# Several runs in one file (a sweep logger): each record names its run; a blank line between them, and the
# last line cut short as when a job is killed mid-write.
with open(os.path.join(out, "sweep.jsonl"), "w") as f:
    for step in range(3):
        for run, lr in (("lr-0.1", 0.1), ("lr-0.01", 0.01)):
            f.write(json.dumps({"run": run, "step": step, "lr": lr, "loss": 2.0 - lr * step * 10}) + "\n")
    f.write("\n")
    f.write(json.dumps({"run": "lr-0.1", "step": 3, "loss": 1.5})[:18])
