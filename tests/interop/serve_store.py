#!/usr/bin/env python3
"""Serve a COPY of an existing MLflow store with a real MLflow tracking server, and zip the same copy.

    tests/interop/.venv/bin/python tests/interop/serve_store.py --store tests/fixtures/mlflow/mlruns \
        [--port N] [--cors-allowed-origins ORIGIN]
    tests/interop/.venv/bin/python tests/interop/serve_store.py --store tests/fixtures/mlflow/mlflow.db \
        --artifacts tests/fixtures/mlflow/mlartifacts [--port N] [--cors-allowed-origins ORIGIN]

1. copies the store to <tmp>/mlruns (a file store) or <tmp>/mlflow.db + <tmp>/mlartifacts (a SQLite store) and
   points its artifact locations there (the fixture holds the absolute file: URIs of the machine that made it)
2. writes <tmp>/store.zip of that copy (what a user would drop instead of connecting)
3. for a file store, recreates the empty run folders MLflow's FileStore needs (tests/fixtures/mlflow/README.md);
   then starts `mlflow server --backend-store-uri <the copy> --host 127.0.0.1 --port <port>`
   (MLFLOW_ALLOW_FILE_STORE=true)
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
import sqlite3
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


# file:///any/where/mlartifacts or a bare /any/where/mlruns (the Default experiment of a SQLite store).
DB_URI = re.compile(r"^(file://)?/.*?/(mlartifacts|mlruns)(?=/|$)")


def copy_db(db: Path, artifacts: Path, workdir: Path) -> Path:
    target = workdir / "mlflow.db"
    shutil.copy(db, target)
    shutil.copytree(artifacts, workdir / "mlartifacts")
    con = sqlite3.connect(target)
    for table, column in (("experiments", "artifact_location"), ("runs", "artifact_uri"),
                          ("logged_models", "artifact_location")):
        for (value,) in con.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall():
            moved = DB_URI.sub(lambda m: f"file://{workdir}/{m.group(2)}", value or "")
            con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (moved, value))
    con.commit()
    con.close()
    return target


def zip_tree(entries: list[Path], base: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for entry in entries:
            for path in sorted([entry, *entry.rglob("*")]):
                if path.is_file():
                    z.write(path, path.relative_to(base))


def recreate_run_folders(root: Path) -> None:
    for meta in root.rglob("meta.yaml"):
        if "models" in meta.parts or not re.search(r"^run_id:", meta.read_text(), re.MULTILINE):
            continue
        for name in ("metrics", "params", "artifacts"):
            (meta.parent / name).mkdir(exist_ok=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="an mlruns folder or an mlflow.db")
    ap.add_argument("--artifacts", type=Path, default=None, help="the mlartifacts folder of an mlflow.db")
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    ap.add_argument("--cors-allowed-origins", default=None)
    ap.add_argument("--startup-timeout", type=float, default=90.0)
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="runboard-mlflow-store-"))
    zip_path = workdir / "store.zip"
    if args.store.suffix == ".db":
        db = copy_db(args.store.resolve(), args.artifacts.resolve(), workdir)
        zip_tree([db, workdir / "mlartifacts"], workdir, zip_path)
        backend = f"sqlite:///{db}"
    else:
        root = copy_store(args.store.resolve(), workdir)
        zip_tree([root], workdir, zip_path)
        recreate_run_folders(root)
        backend = f"file://{root}"
    port = args.port or free_port()
    url = f"http://{HOST}:{port}"
    server_log = workdir / "server.log"
    cmd = [
        str(Path(sys.executable).with_name("mlflow")), "server",
        "--backend-store-uri", backend,
        "--default-artifact-root", f"file://{workdir / 'artifacts'}",
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
