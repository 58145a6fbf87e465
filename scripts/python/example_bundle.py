import math
import sys

from runboard_bundle import read_bundle, write_bundle

path = sys.argv[1] if len(sys.argv) > 1 else "example.runboard.zip"
t0 = 1_700_000_000_000  # milliseconds since 1970
experiments = [{"experimentId": "1", "name": "python-example"}]
parent = {
    "runId": "0123456789abcdef0123456789abcdef",
    "experimentId": "1",
    "runName": "train",
    "startTime": t0,
    "endTime": t0 + 5_000,
    "params": {"lr": "0.01", "optimizer": "adam"},
    "tags": {"mlflow.note.content": "Trained from **Python**"},
    "metrics": [("loss", step, t0 + step, 1 / (step + 1)) for step in range(5)]
    + [("loss", 5, t0 + 5, math.nan)],
    "artifacts": {"notes/readme.txt": "hello ✓\n".encode()},
}
child = {
    "experimentId": "1",
    "runName": "eval",
    "status": "FAILED",
    "tags": {"mlflow.parentRunId": parent["runId"]},
    "metrics": [("acc", 0, t0, 0.75), ("acc", 1, t0 + 1, -math.inf)],
}
write_bundle(path, experiments, [parent, child])

bundle = read_bundle(path)  # checks every part's SHA-256 and the counts
for run in bundle["runs"]:
    print(run["runName"], run["status"], len(run["metrics"]), sorted(run["artifacts"]))
assert bundle["runs"][0]["metrics"][-1][3] != bundle["runs"][0]["metrics"][-1][3]  # NaN
