"""What the interop scripts read back through the real MlflowClient, in the JSON the specs compare: metric values
(NaN and ±Infinity as strings) and a run's artifact files (base64). Imported by the scripts beside it."""

import base64
import math
import sys
import tempfile
from pathlib import Path

from mlflow.tracking import MlflowClient


def value(v: float, max_is_infinity: bool = False):
    """A metric value as JSON. SQL stores keep ±Infinity as ±max float: `max_is_infinity` reads it back as such."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v) or (max_is_infinity and abs(v) == sys.float_info.max):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def files(client: MlflowClient, run_id: str) -> dict:
    """Every artifact file of a run, by its path, as base64."""
    out = {}
    if not client.list_artifacts(run_id):
        return out
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(client.download_artifacts(run_id, "", tmp))
        for f in sorted(root.rglob("*")):
            if f.is_file():
                out[f.relative_to(root).as_posix()] = base64.b64encode(f.read_bytes()).decode()
    return out
