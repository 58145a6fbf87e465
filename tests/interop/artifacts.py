#!/usr/bin/env python3
"""Generate Runboard's artifact-preview fixtures with the REAL MLflow (pinned in requirements.txt).

One experiment `artifact-previews` in a file store (<out>/mlruns/) with three runs that log every kind of
artifact a tracking UI previews, through MLflow's own logging functions:
  * log_image per step (`images/` + the `mlflow.loggedImages` tag) in all three runs, for the image grid
  * log_figure as PNG, SVG and PDF (matplotlib), log_table (JSON), log_dict (JSON and YAML),
    log_text (txt, md, csv, tsv, html), a WAV made with the `wave` module, a binary .npy, and
    a WEBM/MP4 when ffmpeg is installed
  * hostile files a user could drop: an "image" that is really HTML, an SVG with a script, a truncated PNG,
    JSON with `__proto__` keys, YAML with a custom tag
Every run logs `summary.txt` and `curve.png` so same-named artifacts can be compared across runs.

Usage: tests/interop/.venv/bin/python tests/interop/artifacts.py [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["DO_NOT_TRACK"] = "true"
os.environ["MLFLOW_ENABLE_ASYNC_LOGGING"] = "false"

import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from PIL import Image  # noqa: E402

import mlflow  # noqa: E402

STEPS = 4
SIZE = 32


def step_image(run_index: int, step: int) -> Image.Image:
    """A small deterministic picture that visibly changes with the step and differs per run."""
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    r = ((x * (step + 1) * 8) % 256).astype(np.uint8)
    g = ((y * (run_index + 1) * 8) % 256).astype(np.uint8)
    b = np.full((SIZE, SIZE), 60 * run_index, dtype=np.uint8)
    return Image.fromarray(np.stack([r, g, b], axis=-1), mode="RGB")


def curve_figure(run_index: int):
    fig, ax = plt.subplots(figsize=(3, 2), dpi=60)
    xs = np.linspace(0, 1, 30)
    ax.plot(xs, np.exp(-xs * (run_index + 1)), label=f"run {run_index}")
    ax.set_title("loss")
    ax.legend()
    return fig


def wav_bytes(seconds: float = 0.25, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(int(seconds * rate))
        )
        w.writeframes(frames)
    return out.getvalue()


def video_files(tmp: Path) -> list[Path]:
    """A one-second test pattern as WEBM and MP4, if ffmpeg is installed (it is not a Python dependency)."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        print("[artifacts] ffmpeg not found: no video artifacts", file=sys.stderr)
        return []
    made = []
    for name, codec in (("clip.webm", ["-c:v", "libvpx-vp9", "-b:v", "50k"]), ("clip.mp4", ["-c:v", "libx264", "-pix_fmt", "yuv420p"])):
        target = tmp / name
        cmd = [ffmpeg, "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1", *codec, str(target)]
        if subprocess.run(cmd, check=False).returncode == 0:
            made.append(target)
    return made


def populate(out: Path) -> None:
    mlflow.set_tracking_uri((out / "mlruns").resolve().as_uri())
    mlflow.set_experiment("artifact-previews")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for run_index in range(3):
            with mlflow.start_run(run_name=f"previews-{run_index}"):
                mlflow.log_param("run_index", run_index)
                for step in range(STEPS):
                    mlflow.log_metric("loss", 1.0 / (step + 1 + run_index), step=step)
                    mlflow.log_image(step_image(run_index, step), key="sample", step=step)
                fig = curve_figure(run_index)
                mlflow.log_figure(fig, "curve.png")
                mlflow.log_text(f"run {run_index}\nloss went down\nseed {run_index * 7}\n", "summary.txt")
                if run_index == 0:
                    log_everything(tmp, fig)
                plt.close(fig)


def log_everything(tmp: Path, fig) -> None:
    mlflow.log_figure(fig, "figures/curve.svg")
    mlflow.log_figure(fig, "figures/curve.pdf")
    mlflow.log_image(Image.new("RGB", (20, 10), (200, 30, 30)), "images/red.jpg")
    Image.new("RGB", (8, 8), (0, 128, 255)).save(tmp / "blue.gif")
    Image.new("RGB", (8, 8), (0, 200, 0)).save(tmp / "green.webp")
    Image.new("RGB", (8, 8), (255, 255, 0)).save(tmp / "yellow.bmp")
    for name in ("blue.gif", "green.webp", "yellow.bmp"):
        mlflow.log_artifact(str(tmp / name), "images")

    frame = pd.DataFrame(
        {"epoch": range(1, 701), "loss": [round(1 / (i + 1), 6) for i in range(700)], "split": ["train", "val"] * 350}
    )
    mlflow.log_table(frame.head(20), "tables/predictions.json")
    mlflow.log_text(frame.to_csv(index=False), "tables/history.csv")
    mlflow.log_text(frame.head(50).to_csv(index=False, sep="\t"), "tables/history.tsv")
    mlflow.log_text(frame.head(30).to_html(index=False), "reports/table.html")
    mlflow.log_dict({"model": {"layers": [64, 32], "dropout": 0.1}, "__proto__": {"polluted": True}}, "config/config.json")
    mlflow.log_dict({"optimizer": "adam", "lr": 0.001, "schedule": {"warmup": 100}}, "config/config.yaml")
    mlflow.log_text("optimizer: !!python/object/apply:os.system ['echo hi']\nlr: 0.1\n", "config/unsafe.yaml")
    mlflow.log_text("# Notes\n\nThe **loss** went down.\n\n- seed 0\n- 3 runs\n", "notes.md")
    mlflow.log_text("\n".join(f"line {i}: " + "x" * (i % 60) for i in range(1, 3001)), "logs/train.log")
    (tmp / "tone.wav").write_bytes(wav_bytes())
    mlflow.log_artifact(str(tmp / "tone.wav"), "media")
    for video in video_files(tmp):
        mlflow.log_artifact(str(video), "media")
    np.save(tmp / "weights.npy", np.arange(64, dtype=np.float32).reshape(8, 8))
    mlflow.log_artifact(str(tmp / "weights.npy"), "data")

    # Hostile files: each must be contained by the browser, never run in the app's origin.
    hostile = {
        "fake.png": b"<html><body><script>parent.__pwned = 1; top.document.title = 'pwned';</script>not a png</body></html>",
        "script.svg": (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="parent.__pwned=1">'
            b'<script>parent.__pwned = 1; top.document.title = "pwned";</script>'
            b'<rect width="40" height="40" fill="purple"/></svg>'
        ),
        "truncated.png": png_bytes()[:60],
    }
    for name, data in hostile.items():
        (tmp / name).write_bytes(data)
        mlflow.log_artifact(str(tmp / name), "hostile")


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="tests/fixtures/mlflow-artifacts")
    out = Path(parser.parse_args().out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    populate(out)
    # Empty params/ and artifacts/ folders cannot be committed; Runboard does not need them.
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    print(f"[artifacts] wrote {out}")


if __name__ == "__main__":
    main()
