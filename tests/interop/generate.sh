#!/usr/bin/env bash
# Regenerate tests/fixtures/mlflow/ from scratch with the real MLflow.
#
# The folder is wiped first: MLflow appends to an existing store, so a second run on top of an
# old one would double every experiment instead of replacing it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/tests/fixtures/mlflow"

bash "$HERE/setup.sh"

rm -rf "$OUT"
mkdir -p "$OUT"
# Run from the repo root: MLflow's SQLite store derives the Default experiment's artifact
# location from the working directory, so a fixed cwd keeps that value predictable.
cd "$ROOT"
"$HERE/.venv/bin/python" "$HERE/quickstart.py" --out "$OUT"
# Artifact previews (images per step, figures, tables, media, hostile files) in their own small store.
"$HERE/.venv/bin/python" "$HERE/artifacts.py" --out "$ROOT/tests/fixtures/mlflow-artifacts"
# The Train page's data (static/train/) and scikit-learn's ElasticNet fits its unit test compares with.
"$HERE/.venv/bin/python" "$HERE/export_diabetes.py" export

echo "[interop/generate] wrote $OUT:"
du -sh "$OUT"
du -sh --apparent-size "$OUT"

# The app's built-in demo: the quickstart experiment, logged again in a neutral folder (demo.sh).
bash "$HERE/demo.sh"
