#!/usr/bin/env bash
# Regenerate tests/fixtures/tensorboard/ and tests/fixtures/tensorboard-dev/: event files written by the real writers (write_fixtures.py) and, for
# them and for the public event files of tests/fixtures/public/tensorboard/, what TensorBoard's EventAccumulator
# reads (read_expected.py). The importer's unit tests compare against these JSON files value for value;
# tests/interop/tensorboard.spec.ts checks that the reader still reads exactly them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$ROOT/tests/fixtures/tensorboard"
bash "$HERE/setup.sh"
PY="$HERE/.venv/bin/python"
"$PY" "$HERE/write_fixtures.py" "$OUT/logs"
"$PY" "$HERE/read_expected.py" "$OUT/logs" > "$OUT/expected-logs.json"
for source in "$ROOT"/tests/fixtures/public/tensorboard/*/; do
  name="$(basename "$source")"
  "$PY" "$HERE/read_expected.py" "$source" > "$OUT/expected-public-$name.json"
done
# A TensorBoard.dev export by the real exporter of tensorboard 2.14 (its own venv: the exporter left with 2.15).
DEV_VENV="$HERE/.venv-tbdev"
if ! "$DEV_VENV/bin/python" -c 'import tensorboard.uploader.exporter' 2>/dev/null; then
  rm -rf "$DEV_VENV"
  python3 -m venv "$DEV_VENV"
  "$DEV_VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$HERE/requirements-tbdev.txt"
fi
"$DEV_VENV/bin/python" "$HERE/write_tbdev_export.py" "$ROOT/tests/fixtures/tensorboard-dev/export"
echo "[interop/tensorboard] wrote $OUT and tests/fixtures/tensorboard-dev" >&2
