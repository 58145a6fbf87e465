#!/usr/bin/env python3
"""Start a real MLflow tracking server on 127.0.0.1 with some data in it, for live REST tests.

    tests/interop/.venv/bin/python tests/interop/live_server.py [--port N] [--cors-allowed-origins ORIGIN]
                                                                [--proxied-artifacts]

1. starts `mlflow server --backend-store-uri sqlite:///<tmp>/live.db --default-artifact-root
   <tmp>/artifacts --host 127.0.0.1 --port <port> [--cors-allowed-origins <origin>]`; with
   --proxied-artifacts, `--artifacts-destination <tmp>/artifacts` instead of --default-artifact-root, so runs
   store their files through the server (artifact_uri mlflow-artifacts:/…) and a browser can upload them
2. waits until GET /health answers "OK"
3. logs 3 runs with metric histories through the real MlflowClient (REST)
4. prints ONE JSON line on stdout:
   {"url", "experiment_id", "experiment_name", "run_ids", "workdir", "pid", "mlflow_version"}
5. keeps serving until SIGTERM / SIGINT, then stops the server and deletes <tmp>.

Stdout carries only that JSON line (a test harness reads it); progress and errors go to stderr and
the server's own output to <tmp>/server.log. Only 127.0.0.1 is ever bound.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# Set before importing mlflow: no telemetry traffic (the network is not reachable anyway).
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["DO_NOT_TRACK"] = "true"
# The REST client must never go through a proxy to reach our loopback server.
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

import mlflow  # noqa: E402
from mlflow.entities import Metric, Param, RunTag  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

HOST = "127.0.0.1"
EXPERIMENT = "live-interop"
STEPS = 20


def log(msg: str) -> None:
    print(f"[live_server] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    # Small race (another process could take it before mlflow binds), acceptable for tests.
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, server_log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.stderr.write(server_log.read_text(errors="replace")[-4000:])
            raise SystemExit(f"mlflow server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"OK":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"mlflow server not healthy after {timeout:.0f}s (log: {server_log})")


def populate(url: str) -> tuple[str, list[str]]:
    """Three runs with histories; timestamps are explicit so points are strictly ordered."""
    client = MlflowClient(tracking_uri=url)
    exp_id = client.create_experiment(EXPERIMENT, tags={"mlflow.note.content": "Live interop server"})
    run_ids = []
    for i, lr in enumerate([0.1, 0.01, 0.001]):
        run = client.create_run(exp_id, run_name=f"live-run-{i}", tags={"runboard.test": "live"})
        rid = run.info.run_id
        t0 = run.info.start_time
        metrics = []
        for step in range(STEPS):
            loss = 1.0 / (1 + step * lr * 10) + 0.01 * i
            metrics.append(Metric("loss", loss, t0 + step * 10, step))
            metrics.append(Metric("val/acc", 1.0 - loss / 2, t0 + step * 10, step))
        if i == 2:  # non-finite values exercise the REST "NaN"/"Infinity" encoding
            metrics.append(Metric("nan_metric", math.nan, t0, 0))
            metrics.append(Metric("inf_metric", math.inf, t0, 0))
        client.log_batch(rid, metrics=metrics, params=[Param("lr", str(lr)), Param("optimizer", "sgd")],
                         tags=[RunTag("index", str(i))])
        if i == 0:
            client.log_text(rid, "hello from the live server\n", "notes/hello.txt")
        client.set_terminated(rid, "FINISHED", end_time=t0 + STEPS * 10 + 5)
        run_ids.append(rid)
    return exp_id, run_ids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    ap.add_argument("--cors-allowed-origins", default=None,
                    help="passed to `mlflow server --cors-allowed-origins` (comma-separated origins)")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="keep db/artifacts/log here (not deleted on exit); default: a temp dir")
    ap.add_argument("--startup-timeout", type=float, default=90.0)
    ap.add_argument("--proxied-artifacts", action="store_true",
                    help="store artifacts through the server's proxy (what a push from a browser needs)")
    args = ap.parse_args()

    own_tmp = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="runboard-mlflow-live-")) if own_tmp else args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    port = args.port or free_port()
    url = f"http://{HOST}:{port}"
    server_log = workdir / "server.log"

    mlflow_bin = Path(sys.executable).with_name("mlflow")  # the venv's CLI, same version as the client
    cmd = [
        str(mlflow_bin), "server",
        "--backend-store-uri", f"sqlite:///{workdir / 'live.db'}",
        *(["--artifacts-destination", str(workdir / "artifacts")] if args.proxied_artifacts
          else ["--default-artifact-root", str(workdir / "artifacts")]),
        "--host", HOST,
        "--port", str(port),
        "--workers", "1",  # 2-core machines; one worker is plenty for tests
    ]
    if args.cors_allowed_origins:
        cmd += ["--cors-allowed-origins", args.cors_allowed_origins]
    log("starting: " + " ".join(cmd))

    # Own session/process group so that stopping it also stops uvicorn's worker processes.
    with open(server_log, "wb") as log_fh:
        proc = subprocess.Popen(cmd, stdout=log_fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=workdir, start_new_session=True)

    def stop():
        # A second Ctrl-C / SIGTERM must not interrupt the cleanup itself.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            except ProcessLookupError:
                pass
        if own_tmp:
            shutil.rmtree(workdir, ignore_errors=True)

    # The handler only raises; all cleanup happens in the main flow. (Waiting for the child inside
    # the handler can deadlock: Popen.wait() in the interrupted frame holds Popen's wait lock.)
    def on_signal(signum, _frame):
        raise _Stop(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    rc = 1
    try:
        wait_healthy(url, proc, server_log, args.startup_timeout)
        # MLflow prints "View run ... at: <url>" lines on stdout; stdout is reserved for our JSON.
        with contextlib.redirect_stdout(sys.stderr):
            exp_id, run_ids = populate(url)
        print(json.dumps({
            "url": url,
            "experiment_id": exp_id,
            "experiment_name": EXPERIMENT,
            "run_ids": run_ids,
            "workdir": str(workdir),
            "pid": os.getpid(),
            "mlflow_version": mlflow.__version__,
            "cors_allowed_origins": args.cors_allowed_origins,
        }), flush=True)
        while proc.poll() is None:  # serve until a signal arrives or the server dies on its own
            time.sleep(0.5)
        log(f"mlflow server exited by itself with code {proc.returncode}; log: {server_log}")
    except _Stop as e:
        log(f"signal {e.args[0]}: stopping server")
        rc = 0
    finally:
        stop()
    return rc


class _Stop(Exception):
    pass


if __name__ == "__main__":
    sys.exit(main())
