#!/usr/bin/env bash
# Regenerate tests/fixtures/sacred/runs: Sacred FileStorageObserver runs written by the real Sacred.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VENV="$HERE/.venv"
if ! "$VENV/bin/python" -c 'import sacred' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$HERE/requirements.txt"
fi
"$VENV/bin/python" "$HERE/write_sacred_runs.py" "$ROOT/tests/fixtures/sacred/runs"
