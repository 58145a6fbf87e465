"""What TensorBoard's own reader (plugin_event_accumulator.EventAccumulator, purge_orphaned_data on, nothing
sampled away) reads from a log directory: per run folder, each scalar tag's (step, wall time, value) in order,
image counts per tag, and the hparams session start info. Runboard's importer must read the same, value for value.

Usage: python read_expected.py LOG_DIR > expected.json
"""
import json
import math
import os
import sys

from tensorboard.backend.event_processing import plugin_event_accumulator as pea
from tensorboard.plugins.hparams import metadata as hparams_metadata
from tensorboard.util import tensor_util


def number(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def read_run(path):
    acc = pea.EventAccumulator(path, size_guidance={pea.TENSORS: 0})
    acc.Reload()
    scalars = {}
    for tag in sorted(acc.PluginTagToContent("scalars").keys()):
        scalars[tag] = [
            [e.step, round(e.wall_time * 1000), number(tensor_util.make_ndarray(e.tensor_proto).item())]
            for e in acc.Tensors(tag)
        ]
    images = {}
    try:
        for tag in acc.PluginTagToContent("images").keys():
            images[tag] = sum(max(len(e.tensor_proto.string_val) - 2, 0) for e in acc.Tensors(tag))
    except KeyError:
        pass
    params = {}
    try:
        for tag, content in acc.PluginTagToContent("hparams").items():
            if tag == hparams_metadata.SESSION_START_INFO_TAG:
                info = hparams_metadata.parse_session_start_info_plugin_data(content)
                for key, v in info.hparams.items():
                    kind = v.WhichOneof("kind")
                    params[key] = getattr(v, kind)
    except KeyError:
        pass
    return {"scalars": scalars, "images": images, "params": params}


def main():
    root = sys.argv[1]
    runs = {}
    for folder, _dirs, files in sorted(os.walk(root)):
        if any("tfevents" in f for f in files):
            rel = os.path.relpath(folder, root).replace(os.sep, "/")
            runs["" if rel == "." else rel] = read_run(folder)
    json.dump(runs, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
