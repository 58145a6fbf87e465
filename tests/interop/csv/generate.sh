#!/usr/bin/env bash
# Regenerate tests/fixtures/csv/: Keras CSVLogger files written by the real callback (its own venv, lock
# requirements-keras.txt) and MLflow's CSV exports of the interop fixtures' mlflow.db by the real MLflow (the
# interop venv, tests/interop/setup.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$ROOT/tests/fixtures/csv"
VENV="$HERE/.venv-keras"
if ! "$VENV/bin/python" -c 'import keras' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$HERE/requirements-keras.txt"
fi
rm -rf "$OUT/keras" "$OUT/mlflow"
KERAS_BACKEND=numpy "$VENV/bin/python" "$HERE/write_keras_log.py" "$OUT/keras"
bash "$ROOT/tests/interop/setup.sh"
# A copy: MLflow may migrate or touch the database it opens.
tmp="$(mktemp -d)"
cp "$ROOT/tests/fixtures/mlflow/mlflow.db" "$tmp/mlflow.db"
"$ROOT/tests/interop/.venv/bin/python" "$HERE/write_mlflow_csv.py" "$tmp/mlflow.db" "$OUT/mlflow"
rm -rf "$tmp"
echo "[interop/csv] wrote $OUT" >&2
