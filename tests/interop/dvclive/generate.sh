#!/usr/bin/env bash
# Regenerate tests/fixtures/dvclive/runs: DVCLive folders written by the real dvclive (requirements.txt).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VENV="$HERE/.venv"
if ! "$VENV/bin/python" -c 'import dvclive' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
fi
rm -rf "$ROOT/tests/fixtures/dvclive/runs"
cd "$(mktemp -d)"
"$VENV/bin/python" "$HERE/write_dvclive_runs.py" "$ROOT/tests/fixtures/dvclive/runs"
