#!/usr/bin/env python3
"""Serve a COPY of an existing mlruns file store with a real MLflow tracking server, and zip the same copy.

    tests/interop/.venv/bin/python tests/interop/serve_store.py --store tests/fixtures/mlflow/mlruns \
        [--port N] [--cors-allowed-origins ORIGIN]

1. copies the store to <tmp>/mlruns and points its artifact locations there (the fixture's meta.yaml files hold
   the absolute file: URIs of the machine that generated them)
2. writes <tmp>/mlruns.zip of that copy (what a user would drop instead of connecting)
3. recreates the empty run folders MLflow's FileStore needs (tests/fixtures/mlflow/README.md), then starts
   `MLFLOW_ALLOW_FILE_STORE=true mlflow server --backend-store-uri file:<tmp>/mlruns --host 127.0.0.1 --port <port>`
4. prints ONE JSON line on stdout: {"url", "zip", "workdir", "mlflow_version"}
5. keeps serving until SIGTERM / SIGINT, then stops the server and deletes <tmp>.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from live_server import HOST, _Stop, free_port, log, wait_healthy  # also sets the no-telemetry environment

import mlflow  # noqa: E402

# file:///any/where/mlruns (followed by /, a quote or the line's end): the copied store's root instead.
STORE_URI = re.compile(r"file://[^\s'\"]*?/mlruns(?=[/'\"\s]|$)", re.MULTILINE)


def copy_store(store: Path, workdir: Path) -> Path:
    root = workdir / "mlruns"
    shutil.copytree(store, root)
    for meta in root.rglob("meta.yaml"):
        text = meta.read_text()
        meta.write_text(STORE_URI.sub(f"file://{root}", text))
    return root


def zip_store(root: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                z.write(path, Path("mlruns") / path.relative_to(root))


def recreate_run_folders(root: Path) -> None:
    for meta in root.rglob("meta.yaml"):
        if "models" in meta.parts or not re.search(r"^run_id:", meta.read_text(), re.MULTILINE):
            continue
        for name in ("metrics", "params", "artifacts"):
            (meta.parent / name).mkdir(exist_ok=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    ap.add_argument("--cors-allowed-origins", default=None)
    ap.add_argument("--startup-timeout", type=float, default=90.0)
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="runboard-mlflow-store-"))
    root = copy_store(args.store.resolve(), workdir)
    zip_path = workdir / "mlruns.zip"
    zip_store(root, zip_path)
    recreate_run_folders(root)
    port = args.port or free_port()
    url = f"http://{HOST}:{port}"
    server_log = workdir / "server.log"
    cmd = [
        str(Path(sys.executable).with_name("mlflow")), "server",
        "--backend-store-uri", f"file://{root}",
        "--default-artifact-root", f"file://{root}",
        "--host", HOST, "--port", str(port), "--workers", "1",
    ]
    if args.cors_allowed_origins:
        cmd += ["--cors-allowed-origins", args.cors_allowed_origins]
    log("starting: " + " ".join(cmd))
    env = {**os.environ, "MLFLOW_ALLOW_FILE_STORE": "true"}
    with open(server_log, "wb") as log_fh:
        proc = subprocess.Popen(cmd, stdout=log_fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=workdir, env=env, start_new_session=True)

    def stop():
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
        shutil.rmtree(workdir, ignore_errors=True)

    def on_signal(signum, _frame):
        raise _Stop(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    rc = 1
    try:
        wait_healthy(url, proc, server_log, args.startup_timeout)
        print(json.dumps({"url": url, "zip": str(zip_path), "workdir": str(workdir),
                          "mlflow_version": mlflow.__version__}), flush=True)
        while proc.poll() is None:
            time.sleep(0.5)
        log(f"mlflow server exited by itself with code {proc.returncode}; log: {server_log}")
    except _Stop as e:
        log(f"signal {e.args[0]}: stopping server")
        rc = 0
    finally:
        stop()
    return rc


if __name__ == "__main__":
    sys.exit(main())
