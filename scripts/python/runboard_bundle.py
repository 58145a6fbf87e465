"""Read and write Runboard run bundles (docs/bundle-format.md) with Python's standard library only.

Copy this one file into any tool. A bundle is a zip: manifest.json (counts, every part's size and SHA-256),
experiments.json, runs/<n>/run.json, runs/<n>/metrics.bin (byte-shuffled little-endian columns),
runs/<n>/artifacts/<path>, models/<m>/model.json and models/<m>/artifacts/<path>.

    bundle = read_bundle("runs.runboard.zip")
    for run in bundle["runs"]:
        run["metrics"]    # [(key, step, timestamp, value), ...]; NaN, ±inf and -0.0 exact
        run["artifacts"]  # {path: bytes}
    write_bundle("out.runboard.zip", bundle["experiments"], bundle["runs"], bundle["models"])

read_bundle verifies the bundle whole, as Runboard does (docs/bundle-format.md §5), and raises BundleError
naming what is wrong; the manifest must be at the zip's root, where Runboard writes it. write_bundle writes
what Runboard imports: runs keep their run ids, experiments merge by name. Runs, params and tags take the record
fields of the format; params and tags may also be plain dicts.
"""

import hashlib
import json
import math
import os
import re
import struct
import sys
import uuid
import zipfile
from array import array

FORMAT = "runboard-bundle"
VERSION = 1
MAGIC = b"RBM1"
STATUSES = ("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED")
LIFECYCLES = ("active", "deleted")
# A fixed entry time: the same records always give the same bytes.
ENTRY_TIME = (2000, 1, 1, 0, 0, 0)


class BundleError(ValueError):
    """The file is not a sound Runboard bundle; the message names the part and what is wrong with it."""


# --- metric columns (§4) -------------------------------------------------------------------------------------


def _little_endian(column):
    if sys.byteorder == "big":
        column.byteswap()
    return column.tobytes()


def _shuffle(raw, width):
    # Byte b of every value, then byte b + 1 of every value, ...: an extended slice per byte plane.
    return b"".join(raw[b::width] for b in range(width))


def _unshuffle(planes, width):
    n = len(planes) // width
    out = bytearray(len(planes))
    for b in range(width):
        out[b::width] = planes[b * n : (b + 1) * n]
    return bytes(out)


def encode_metrics(points):
    """metrics.bin for points (key, step, timestamp, value); grouped by key, then step, timestamp, given order."""
    keys = sorted({p[0] for p in points})
    index = {k: i for i, k in enumerate(keys)}
    ordered = sorted(points, key=lambda p: (p[0], p[1], p[2]))
    for key, step, timestamp, _ in ordered:
        if not isinstance(key, str):
            raise TypeError(f"a metric key must be a string, not {key!r}")
        if float(step) != int(step) or float(timestamp) != int(timestamp):
            raise ValueError(f"metric {key!r}: step and timestamp must be whole numbers")
    keys_json = json.dumps(keys, ensure_ascii=False).encode("utf-8")
    columns = [
        (array("I", [index[p[0]] for p in ordered]), 4),
        (array("d", [float(p[1]) for p in ordered]), 8),
        (array("d", [float(p[2]) for p in ordered]), 8),
        (array("d", [float(p[3]) for p in ordered]), 8),
    ]
    header = MAGIC + struct.pack("<III", len(ordered), len(keys), len(keys_json))
    return header + keys_json + b"".join(_shuffle(_little_endian(c), w) for c, w in columns)


def decode_metrics(data, where="metrics.bin"):
    """The points of a metrics.bin as (key, step, timestamp, value); steps and timestamps as ints."""
    if len(data) < 16:
        raise BundleError(f"{where} is shorter than its 16-byte header")
    if data[:4] != MAGIC:
        raise BundleError(f'{where} does not start with "RBM1"')
    n, k, j = struct.unpack_from("<III", data, 4)
    if len(data) != 16 + j + 28 * n:
        raise BundleError(f"{where} holds {len(data)} bytes, not the {16 + j + 28 * n} its header says")
    try:
        keys = json.loads(data[16 : 16 + j].decode("utf-8"))
    except ValueError as error:
        raise BundleError(f"{where}: its key list is not JSON ({error})") from None
    if not isinstance(keys, list) or len(keys) != k or not all(isinstance(x, str) for x in keys):
        raise BundleError(f"{where}: its key list is not {k} strings")
    at = 16 + j
    columns = []
    for typecode, width in (("I", 4), ("d", 8), ("d", 8), ("d", 8)):
        column = array(typecode)
        column.frombytes(_unshuffle(data[at : at + n * width], width))
        if sys.byteorder == "big":
            column.byteswap()
        columns.append(column)
        at += n * width
    key_index, steps, timestamps, values = columns
    if any(i >= k for i in key_index):
        raise BundleError(f"{where}: a point names a key past its {k} keys")
    whole = lambda x: int(x) if math.isfinite(x) and x == int(x) else x  # noqa: E731
    return [(keys[i], whole(s), whole(t), v) for i, s, t, v in zip(key_index, steps, timestamps, values)]


# --- numbers JSON cannot hold (logged models' metrics) ----------------------------------------------------------


def to_json_number(x):
    if x == 0 and math.copysign(1, x) < 0:
        return "-0"
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def from_json_number(x, where):
    special = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return x
    if x in special:
        return special[x]
    raise BundleError(f"{where}: value is not a number")


# --- records (§3), checked as Runboard checks them ---------------------------------------------------------------


def artifact_path_problem(path):
    """Why an artifact path is refused (Runboard's rules), or None."""
    if not isinstance(path, str) or path == "":
        return "an artifact path must be a non-empty string"
    if len(path) > 1000:
        return "an artifact path may be at most 1000 characters"
    if re.search(r"[\x00-\x1f\x7f]", path):
        return "an artifact path may not contain control characters"
    if "\\" in path:
        return "an artifact path uses '/' between folders, not '\\'"
    if path.startswith("/") or re.match(r"^[a-zA-Z]:", path):
        return "an artifact path must be relative, not absolute"
    for segment in path.split("/"):
        if segment.strip() in ("", ".", ".."):
            return "an artifact path may not have empty, '.' or '..' folder or file names"
    return None


def _safe_part(path):
    """A part's path as Runboard accepts it: relative, '/'-separated, no empty, '.' or '..' segment, no NUL."""
    if path.startswith("/") or "\\" in path or re.match(r"^[a-zA-Z]:", path) or "\0" in path:
        return False
    return all(segment not in ("", ".") and segment.strip() != ".." for segment in path.split("/"))


def _is_safe_int(x):
    # JSON numbers are doubles to most readers: whole numbers beyond 2^53 would not read back exact.
    return isinstance(x, int) and not isinstance(x, bool) and abs(x) <= 2**53 - 1


def _is_count(x):
    return _is_safe_int(x) and x >= 0


class _Fields:
    def __init__(self, where, value):
        if not isinstance(value, dict):
            raise BundleError(f"{where} is not an object")
        self.where, self.o = where, value

    def fail(self, key, what):
        raise BundleError(f"{self.where}: {key} is not {what}")

    def string(self, key):
        return self.o.get(key) if isinstance(self.o.get(key), str) else self.fail(key, "a string")

    def count(self, key):
        return self.o[key] if _is_count(self.o.get(key)) else self.fail(key, "a whole number >= 0")

    def time(self, key):
        v = self.o.get(key)
        return v if v is None or _is_safe_int(v) else self.fail(key, "a time (ms) or null")

    def one_of(self, key, options):
        return self.o.get(key) if self.o.get(key) in options else self.fail(key, "one of " + ", ".join(options))

    def list(self, key, fields):
        v = self.o.get(key)
        if not isinstance(v, list):
            self.fail(key, "a list")
        for i, x in enumerate(v):
            item = _Fields(f"{self.where}: {key}[{i}]", x)
            for name in fields:
                item.count(name) if name == "size" else item.string(name)
        return v


INPUT_FIELDS = ("name", "digest", "sourceType", "source", "schema", "profile", "context")


def _check_experiment(f):
    for key in ("experimentId", "name", "artifactLocation"):
        f.string(key)
    f.one_of("lifecycleStage", LIFECYCLES)
    f.time("creationTime"), f.time("lastUpdateTime")
    f.list("tags", ("key", "value"))


def _check_run(f):
    for key in ("runId", "experimentId", "runName", "userId", "artifactUri"):
        f.string(key)
    f.one_of("status", STATUSES), f.one_of("lifecycleStage", LIFECYCLES)
    f.time("startTime"), f.time("endTime")
    f.list("params", ("key", "value")), f.list("tags", ("key", "value"))
    f.list("inputs", INPUT_FIELDS)
    f.count("metricPoints")
    f.list("artifacts", ("path", "size"))


def _check_model(f):
    for key in ("modelId", "name", "experimentId", "status"):
        f.string(key)
    if f.o.get("sourceRunId") is not None:
        f.string("sourceRunId")
    f.time("creationTime")
    f.list("params", ("key", "value")), f.list("tags", ("key", "value"))
    f.list("metrics", ("key",))
    f.list("artifacts", ("path", "size"))


# --- reading (§5): the whole bundle is verified before anything is returned ------------------------------------


def _json(where, data):
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError as error:
        raise BundleError(f"{where} is not valid JSON ({error})") from None


def read_bundle(path):
    """{"manifest", "experiments", "runs", "models"}; runs and models carry "metrics" and "artifacts" {path: bytes}."""
    with zipfile.ZipFile(path) as z:
        files = {i.filename: i for i in z.infolist() if not i.filename.endswith("/")}
        if "manifest.json" not in files:
            raise BundleError("manifest.json is missing")
        manifest = _Fields("manifest.json", _json("manifest.json", z.read("manifest.json")))
        if manifest.o.get("format") != FORMAT:
            raise BundleError(f'its format is not "{FORMAT}"')
        if manifest.o.get("version") != VERSION or isinstance(manifest.o.get("version"), bool):
            raise BundleError(f"it is format version {manifest.o.get('version')!r}; this reader reads {VERSION}")
        counts = _Fields("manifest.json: counts", manifest.o.get("counts"))
        parts = {}
        for p in manifest.list("parts", ("path", "size", "sha256")):
            name = p["path"]
            if not _safe_part(name):
                raise BundleError(f'the part "{name}" leaves the bundle')
            if name in parts or name == "manifest.json":
                raise BundleError(f"the manifest lists {name} twice")
            if name not in files:
                raise BundleError(f"{name} is missing")
            if not re.fullmatch(r"[0-9a-f]{64}", p["sha256"]):
                raise BundleError(f"manifest.json: the sha256 of {name} is not 64 lowercase hex digits")
            data = z.read(name)
            if len(data) != p["size"]:
                raise BundleError(f"{name} holds {len(data)} bytes, the manifest says {p['size']} (truncated?)")
            if hashlib.sha256(data).hexdigest() != p["sha256"]:
                raise BundleError(f"{name} does not match its SHA-256 in the manifest (altered or damaged)")
            parts[name] = data
        for name in files:
            if name != "manifest.json" and name not in parts:
                raise BundleError(f"{name} is not listed in the manifest")

    found = dict(experiments=0, runs=0, metricPoints=0, loggedModels=0, artifacts=0, artifactBytes=0)

    def part(name):
        if name not in parts:
            raise BundleError(f"{name} is missing")
        return parts[name]

    def files_of(folder, record):
        out = {}
        for a in record["artifacts"]:
            problem = artifact_path_problem(a["path"])
            if problem:
                raise BundleError(f'{folder}: artifact "{a["path"]}": {problem}')
            data = part(f"{folder}/artifacts/{a['path']}")
            if len(data) != a["size"]:
                raise BundleError(f"{folder}/artifacts/{a['path']} is not {a['size']} bytes")
            out[a["path"]] = data
            found["artifacts"] += 1
            found["artifactBytes"] += a["size"]
        return out

    experiments = _json("experiments.json", part("experiments.json"))
    if not isinstance(experiments, list):
        raise BundleError("experiments.json is not a list")
    for i, e in enumerate(experiments):
        _check_experiment(_Fields(f"experiments.json[{i}]", e))
    experiment_ids = {e["experimentId"] for e in experiments}
    found["experiments"] = len(experiments)

    runs, models = [], []
    while f"runs/{len(runs)}/run.json" in parts:
        folder = f"runs/{len(runs)}"
        run = _json(f"{folder}/run.json", part(f"{folder}/run.json"))
        _check_run(_Fields(f"{folder}/run.json", run))
        if run["experimentId"] not in experiment_ids:
            raise BundleError(f"{folder}/run.json names experiment {run['experimentId']}, which the bundle lacks")
        metrics = decode_metrics(part(f"{folder}/metrics.bin"), f"{folder}/metrics.bin")
        if len(metrics) != run["metricPoints"]:
            raise BundleError(f"{folder}/metrics.bin holds {len(metrics)} points, run.json says {run['metricPoints']}")
        found["metricPoints"] += len(metrics)
        runs.append(dict(run, metrics=metrics, artifacts=files_of(folder, run)))
    while f"models/{len(models)}/model.json" in parts:
        folder = f"models/{len(models)}"
        model = _json(f"{folder}/model.json", part(f"{folder}/model.json"))
        _check_model(_Fields(f"{folder}/model.json", model))
        if model["experimentId"] not in experiment_ids:
            raise BundleError(f"{folder}/model.json names experiment {model['experimentId']}, which the bundle lacks")
        metrics = []
        for i, m in enumerate(model["metrics"]):
            where = f"{folder}/model.json: metrics[{i}]"
            if not all(_is_safe_int(m.get(k)) for k in ("step", "timestamp")):
                raise BundleError(f"{where}: step and timestamp must be whole numbers")
            run_id = m.get("runId") if isinstance(m.get("runId"), str) else None
            metrics.append(dict(m, value=from_json_number(m.get("value"), where), runId=run_id))
        models.append(dict(model, metrics=metrics, artifacts=files_of(folder, model)))
    found["runs"], found["loggedModels"] = len(runs), len(models)
    # Every listed part must belong to a record: runs/7 when there are 5 runs is refused, as Runboard does.
    explained = 1 + 2 * len(runs) + len(models) + found["artifacts"]
    if explained != len(parts):
        raise BundleError(f"{len(parts) - explained} of its files belong to no run or logged model")
    for key, value in found.items():
        if counts.count(key) != value:
            raise BundleError(f"the manifest counts {counts.o[key]} {key}, the bundle holds {value}")
    return {"manifest": manifest.o, "experiments": experiments, "runs": runs, "models": models}


# --- writing --------------------------------------------------------------------------------------------------


def _pairs(x):
    """Params and tags as the format's [{key, value}]: from a dict or a list of pairs or records."""
    items = x.items() if isinstance(x, dict) else ((p["key"], p["value"]) if isinstance(p, dict) else p for p in x)
    return [{"key": str(k), "value": str(v)} for k, v in items]


def _run_tags(run):
    # MLflow and Runboard keep a run's name in the tag mlflow.runName too; a bundle without it would gain it on import.
    tags = _pairs(run.get("tags", {}))
    if run.get("runName") and not any(t["key"] == "mlflow.runName" for t in tags):
        tags.append({"key": "mlflow.runName", "value": run["runName"]})
    return tags


def _files(folder, artifacts):
    listed = []
    for name, data in sorted((artifacts or {}).items()):
        problem = artifact_path_problem(name)
        if problem:
            raise ValueError(f"{folder}: artifact {name!r}: {problem}")
        listed.append({"path": name, "size": len(data)})
    return listed


def write_bundle(path, experiments, runs, models=()):
    """Writes a bundle Runboard imports. Each experiment needs experimentId and name, each run experimentId;
    everything else has a default (a new runId, status FINISHED, no times; the tag mlflow.runName from runName,
    as MLflow sets it). A run's "metrics" are (key, step, timestamp, value) and its "artifacts" {path: bytes},
    as read_bundle returns them. Bad input raises ValueError and leaves no file at path."""
    # Written beside the target and moved into place at the end: bad input leaves no half-written bundle.
    partial = f"{path}.partial"
    try:
        _write(partial, experiments, runs, models)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _write(path, experiments, runs, models):
    counts = dict(experiments=len(experiments), runs=len(runs), metricPoints=0, loggedModels=len(models))
    counts.update(artifacts=0, artifactBytes=0)
    parts = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:

        def add(name, data):
            info = zipfile.ZipInfo(name, ENTRY_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
            parts.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})

        def add_json(name, value):
            add(name, json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8"))

        def add_files(folder, artifacts):
            for name, data in sorted((artifacts or {}).items()):
                add(f"{folder}/artifacts/{name}", bytes(data))
                counts["artifacts"] += 1
                counts["artifactBytes"] += len(data)

        add_json("experiments.json", [
            {
                "experimentId": str(e["experimentId"]),
                "name": e["name"],
                "artifactLocation": e.get("artifactLocation", ""),
                "lifecycleStage": e.get("lifecycleStage", "active"),
                "creationTime": e.get("creationTime"),
                "lastUpdateTime": e.get("lastUpdateTime"),
                "tags": _pairs(e.get("tags", {})),
            }
            for e in experiments
        ])
        for n, run in enumerate(runs):
            folder = f"runs/{n}"
            metrics = list(run.get("metrics", ()))
            counts["metricPoints"] += len(metrics)
            add_json(f"{folder}/run.json", {
                "runId": run.get("runId") or uuid.uuid4().hex,
                "experimentId": str(run["experimentId"]),
                "runName": run.get("runName", ""),
                "status": run.get("status", "FINISHED"),
                "startTime": run.get("startTime"),
                "endTime": run.get("endTime"),
                "lifecycleStage": run.get("lifecycleStage", "active"),
                "userId": run.get("userId", ""),
                "artifactUri": run.get("artifactUri", ""),
                "params": _pairs(run.get("params", {})),
                "tags": _run_tags(run),
                "inputs": [{k: str(i.get(k, "")) for k in INPUT_FIELDS} for i in run.get("inputs", ())],
                "metricPoints": len(metrics),
                "artifacts": _files(folder, run.get("artifacts")),
            })
            add(f"{folder}/metrics.bin", encode_metrics(metrics))
            add_files(folder, run.get("artifacts"))
        for n, model in enumerate(models):
            folder = f"models/{n}"
            fields = ("modelId", "name", "experimentId", "sourceRunId", "status", "creationTime")
            add_json(f"{folder}/model.json", dict(
                {k: model.get(k) for k in fields},
                params=_pairs(model.get("params", {})),
                tags=_pairs(model.get("tags", {})),
                metrics=[dict(m, value=to_json_number(m["value"])) for m in model.get("metrics", ())],
                artifacts=_files(folder, model.get("artifacts")),
            ))
            add_files(folder, model.get("artifacts"))
        # Last, as Runboard writes it: the manifest holds every other part's checksum.
        add_json("manifest.json", {"format": FORMAT, "version": VERSION, "writer": "runboard_bundle.py",
                                   "counts": counts, "parts": list(parts)})
