"""Writes W&B offline run folders with the real wandb SDK (WANDB_MODE=offline, nothing leaves the machine):
a small grid of learning rates, each run with a nested config, tags, notes, a per-step history of several
metrics and a summary value of its own; a run whose history holds NaN, +/-infinity, a nested metric and a
string; and a run that fails (exit code 1).

Usage (venv with requirements.txt): python write_runs.py OUT_DIR
"""
import math
import os
import shutil
import sys

os.environ["WANDB_MODE"] = "offline"
os.environ["WANDB_SILENT"] = "true"
os.environ["WANDB_DISABLE_GIT"] = "true"
os.environ["WANDB_DISABLE_CODE"] = "true"

import wandb  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
settings = wandb.Settings(x_disable_stats=True, console="wrap", program="write_runs.py")


def train(name, lr, tags, notes, odd=False, fail=False):
    run = wandb.init(
        project="runboard-demo",
        name=name,
        dir=out,
        config={"lr": lr, "layers": [16, 8], "optimizer": {"name": "sgd", "momentum": 0.9}},
        tags=tags,
        notes=notes,
        settings=settings,
    )
    for step in range(20):
        loss = 1.0 / (1 + lr * step)
        row = {"train/loss": loss, "train/accuracy": 1 - loss / 2}
        if step % 5 == 0:
            row["val/accuracy"] = 0.5 + lr * step / 10
        if odd and step == 3:
            row["train/loss"] = math.nan
        if odd and step == 4:
            row["train/loss"] = math.inf
        if odd and step == 5:
            row["train/loss"] = -math.inf
        if odd and step == 6:
            row["grad"] = {"norm": 2.5, "max": 7.0}
            row["phase"] = "warmup"
        print(f"step {step} loss {loss:.4f}")
        run.log(row, step=step)
    run.summary["best_accuracy"] = 1 - 1.0 / (1 + lr * 19) / 2
    if fail:
        print("diverged", file=sys.stderr)
        run.finish(exit_code=1)
    else:
        run.finish()


train("sgd-lr-0.01", 0.01, ["grid", "sgd"], "A grid point with a small learning rate.")
train("sgd-lr-0.1", 0.1, ["grid", "sgd"], "A grid point with a larger learning rate.")
train("odd-values", 0.1, ["odd"], "NaN and infinities in the loss.", odd=True)
train("diverged", 1.0, ["failed"], "This run fails.", fail=True)
