"""Writes Sacred FileStorageObserver runs with the real Sacred: an experiment whose config is a small grid of
learning rates, each run logging a loss and an accuracy per step with _run.log_scalar (metrics.json), one run
that fails (status FAILED), and a run with NaN and infinity in its metrics.

Usage (venv with requirements.txt): python write_sacred_runs.py OUT_DIR
"""
import math
import shutil
import sys

from sacred import Experiment
from sacred.observers import FileStorageObserver

out = sys.argv[1]
shutil.rmtree(out, ignore_errors=True)
ex = Experiment("sgd-demo", save_git_info=False)
ex.observers.append(FileStorageObserver(out))


@ex.config
def config():
    lr = 0.1
    layers = [16, 8]
    optimizer = {"name": "sgd", "momentum": 0.9}
    fail = False
    odd = False


@ex.main
def main(_run, lr, fail, odd):
    for step in range(20):
        loss = 1.0 / (1 + lr * step)
        if odd and step == 3:
            loss = math.nan
        if odd and step == 4:
            loss = math.inf
        _run.log_scalar("training.loss", loss, step)
        if step % 5 == 0:
            _run.log_scalar("validation.accuracy", 0.5 + lr * step / 10, step)
    if fail:
        raise RuntimeError("diverged")
    return 1.0 / (1 + lr * 19)


for lr in (0.01, 0.1):
    ex.run(config_updates={"lr": lr})
ex.run(config_updates={"odd": True})
try:
    ex.run(config_updates={"fail": True, "lr": 1.0})
except RuntimeError:
    pass
