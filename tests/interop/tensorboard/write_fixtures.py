"""Writes TensorBoard event files with the real writers, for Runboard's importer tests.

- tensorboardX's SummaryWriter (the writer PyTorch's torch.utils.tensorboard copies): scalars with NaN and
  infinities, add_scalars sub-runs, an image, a histogram and text (not imported: counted), add_hparams.
- tensorboard's own EventFileWriter / RecordWriter with hand-made protos: TF2-style tensor scalars (float,
  double, int64, half in tensor_content; float_val), plugin metadata on a tag's first value only, TF2 images,
  a restart (SessionLog START) and an old-version file whose steps go back.

File names are fixed afterwards (the writers put the machine's host name and pid in them).
Usage: python write_fixtures.py OUT_DIR
"""
import io
import math
import os
import shutil
import struct
import sys

import numpy as np
from PIL import Image
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.summary.writer.record_writer import RecordWriter
from tensorboardX import SummaryWriter

T0 = 1_700_000_000.0


def fix_names(folder, stamp):
    """Event files renamed in creation order to neutral names: no host name, no pid."""
    for root, _dirs, files in os.walk(folder):
        events = sorted(f for f in files if "tfevents" in f)
        for i, name in enumerate(events):
            os.rename(os.path.join(root, name), os.path.join(root, f"events.out.tfevents.{stamp}.host.1.{i}"))


def tbx(out):
    folder = os.path.join(out, "tbx")
    w = SummaryWriter(folder)
    for step in range(50):
        loss = 1.0 / (step + 1)
        if step == 7:
            loss = math.nan
        elif step == 8:
            loss = math.inf
        elif step == 9:
            loss = -math.inf
        w.add_scalar("train/loss", loss, step, walltime=T0 + step)
        if step % 10 == 0:
            w.add_scalar("val/accuracy", 0.5 + step / 100, step, walltime=T0 + step + 0.5)
    w.add_scalars("lr", {"encoder": 0.1, "decoder": 0.01}, 0, walltime=T0)
    image = np.zeros((3, 4, 4), dtype=np.uint8)
    image[0] = 255
    w.add_image("samples/red", image, 0, walltime=T0)
    w.add_image("samples/red", image // 2, 10, walltime=T0 + 10)
    w.add_histogram("weights", np.arange(100.0), 0, walltime=T0)
    w.add_text("notes", "<b>not imported</b>", 0, walltime=T0)
    w.add_hparams({"lr": 0.1, "optimizer": "adam", "use_bn": True, "layers": 3}, {"hparam/accuracy": 0.9},
                  name="1700000100.5", global_step=49)
    w.close()
    fix_names(folder, 1700000000)


def scalar_tensor(dtype, content=None, float_val=None):
    t = tensor_pb2.TensorProto(dtype=dtype, tensor_shape=tensor_shape_pb2.TensorShapeProto())
    if content is not None:
        t.tensor_content = content
    if float_val is not None:
        t.float_val.append(float_val)
    return t


def value(tag, tensor, plugin=None):
    v = summary_pb2.Summary.Value(tag=tag, tensor=tensor)
    if plugin:
        v.metadata.plugin_data.plugin_name = plugin
        v.metadata.data_class = summary_pb2.DATA_CLASS_SCALAR if plugin == "scalars" else 0
    return v


def tf2(out):
    folder = os.path.join(out, "tf2")
    w = EventFileWriter(folder)
    for step in range(20):
        values = [
            # Metadata on each tag's first value only, as TensorFlow's writer leaves it.
            value("f32", scalar_tensor(types_pb2.DT_FLOAT, struct.pack("<f", 0.1 * step)), "scalars" if step == 0 else None),
            value("f64", scalar_tensor(types_pb2.DT_DOUBLE, struct.pack("<d", 1 / 3 + step)), "scalars" if step == 0 else None),
            value("i64", scalar_tensor(types_pb2.DT_INT64, struct.pack("<q", -5 * step)), "scalars" if step == 0 else None),
            value("half", scalar_tensor(types_pb2.DT_HALF, np.float16(step / 4).tobytes()), "scalars" if step == 0 else None),
            value("floatval", scalar_tensor(types_pb2.DT_FLOAT, float_val=2.5 * step), "scalars" if step == 0 else None),
        ]
        w.add_event(event_pb2.Event(wall_time=T0 + step, step=step, summary=summary_pb2.Summary(value=values)))
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 128, 255)).save(buffer, format="PNG")
    png = buffer.getvalue()
    images = tensor_pb2.TensorProto(dtype=types_pb2.DT_STRING, string_val=[b"16", b"16", png])
    images.tensor_shape.dim.add(size=3)
    w.add_event(event_pb2.Event(wall_time=T0 + 30, step=3, summary=summary_pb2.Summary(value=[value("pictures", images, "images")])))
    w.close()
    fix_names(folder, 1700000001)


def restart(out):
    folder = os.path.join(out, "restart")
    first = EventFileWriter(folder, filename_suffix=".a")
    # A session's START opens each run (TF1's supervisor writes one); a second START is a restart.
    first.add_event(event_pb2.Event(wall_time=T0, step=0, session_log=event_pb2.SessionLog(status=event_pb2.SessionLog.START)))
    for step in range(10):
        v = summary_pb2.Summary.Value(tag="loss", simple_value=float(step))
        first.add_event(event_pb2.Event(wall_time=T0 + step, step=step, summary=summary_pb2.Summary(value=[v])))
    first.close()
    second = EventFileWriter(folder, filename_suffix=".b")
    start = event_pb2.SessionLog(status=event_pb2.SessionLog.START)
    second.add_event(event_pb2.Event(wall_time=T0 + 100, step=5, session_log=start))
    for step in range(5, 8):
        v = summary_pb2.Summary.Value(tag="loss", simple_value=100.0 + step)
        second.add_event(event_pb2.Event(wall_time=T0 + 100 + step, step=step, summary=summary_pb2.Summary(value=[v])))
    second.close()
    fix_names(folder, 1700000002)


def old_version(out):
    folder = os.path.join(out, "old_version")
    os.makedirs(folder)
    with open(os.path.join(folder, "events.out.tfevents.1700000003.host.1.0"), "wb") as f:
        writer = RecordWriter(f)
        writer.write(event_pb2.Event(wall_time=T0, file_version="brain.Event:1").SerializeToString())
        # Steps go back to 2 after 4 (a second writer, no restart marker): the old rule drops a's steps >= 2.
        for i, step in enumerate([0, 1, 2, 3, 4, 2, 3]):
            values = [summary_pb2.Summary.Value(tag="a", simple_value=float(i * 10))]
            if step < 3:
                values.append(summary_pb2.Summary.Value(tag="b", simple_value=float(step)))
            writer.write(event_pb2.Event(wall_time=T0 + step, step=step, summary=summary_pb2.Summary(value=values)).SerializeToString())
        writer.close()


def main():
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    tbx(out)
    tf2(out)
    restart(out)
    old_version(out)


if __name__ == "__main__":
    main()
