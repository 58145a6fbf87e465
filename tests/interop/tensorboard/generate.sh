#!/usr/bin/env bash
# Regenerate tests/fixtures/tensorboard/: event files written by the real writers (write_fixtures.py) and, for
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
echo "[interop/tensorboard] wrote $OUT" >&2
