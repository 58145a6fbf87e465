"""Writes a TensorBoard.dev export with the real exporter (tensorboard 2.14's uploader/exporter.py, the last
release that had it; the service closed on 2023-12-31) against a stand-in for the service: the exporter's own code
formats every file, only the gRPC answers are made here. Two experiments; runs with NaN and infinities, a run
name with a comma, a series of 2,000 points.

Usage (tensorboard==2.14.0 venv: requirements-tbdev.txt): python write_tbdev_export.py OUT_DIR
"""
import math
import shutil
import sys

from google.protobuf import timestamp_pb2
from tensorboard.compat.proto import summary_pb2
from tensorboard.uploader import exporter as exporter_lib
from tensorboard.uploader.proto import experiment_pb2, export_service_pb2

T0 = 1_563_406_522.669238


def timestamp(seconds):
    ts = timestamp_pb2.Timestamp()
    ts.FromNanoseconds(int(round(seconds * 1e9)))
    return ts


def scalar_metadata(tag):
    m = summary_pb2.SummaryMetadata(display_name=tag)
    m.plugin_data.plugin_name = "scalars"
    return m


EXPERIMENTS = {
    "AdbfrmHBRbC7Dfz3vTUDwQ": ("MNIST sweep", "Learning rates, <b>conv</b> and fc layers", {
        "lr_1E-04,conv=1,fc=2": {
            "xent/xent_1": [(0, 4.8935227394104), (5, 2.5438034534454346), (10, math.nan), (15, math.inf)],
            "accuracy/accuracy_1": [(0, 0.1), (5, 0.5), (10, 0.75), (15, -math.inf)],
        },
        "lr_1E-03,conv=2,fc=2": {"xent/xent_1": [(s, 1.0 / (s + 1)) for s in range(0, 2000)]},
    }),
    "xYz012-_abc": ("", "", {".": {"loss": [(0, 1.5), (1, 1.25)]}}),
}


class FakeService:
    """Answers the two calls the exporter makes, as TensorBoard.dev's export service did."""

    def StreamExperiments(self, request, metadata=None):
        experiments = []
        for i, (eid, (name, description, _runs)) in enumerate(EXPERIMENTS.items()):
            e = experiment_pb2.Experiment(experiment_id=eid, name=name, description=description)
            e.create_time.CopyFrom(timestamp(T0 + i))
            e.update_time.CopyFrom(timestamp(T0 + 3600 + i))
            experiments.append(e)
        yield export_service_pb2.StreamExperimentsResponse(experiments=experiments)

    def StreamExperimentData(self, request, metadata=None):
        _name, _description, runs = EXPERIMENTS[request.experiment_id]
        for run, tags in runs.items():
            for tag, points in tags.items():
                response = export_service_pb2.StreamExperimentDataResponse(run_name=run, tag_name=tag)
                response.tag_metadata.CopyFrom(scalar_metadata(tag))
                for step, value in points:
                    response.points.steps.append(step)
                    response.points.values.append(value)
                    response.points.wall_times.add().CopyFrom(timestamp(T0 + step * 0.25))
                yield response


def main():
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)
    exporter = exporter_lib.TensorBoardExporter(FakeService(), out)
    for eid in exporter.export(read_time=T0 + 7200):
        print("exported", eid, file=sys.stderr)


if __name__ == "__main__":
    main()
