#!/usr/bin/env bash
# Regenerate tests/fixtures/wandb/runs: W&B offline run folders written by the real wandb SDK (offline mode: no
# account, no network). Only what a user would drop is kept: each run's `run-<id>.wandb` log and `files/`; the
# debug logs (machine paths) and W&B's scratch folders are removed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VENV="${WANDB_VENV:-$HERE/.venv}"
if ! "$VENV/bin/python" -c 'import wandb' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$HERE/requirements.txt"
fi
OUT="$ROOT/tests/fixtures/wandb/runs"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && WANDB_MODE=offline "$VENV/bin/python" "$HERE/write_runs.py" "$WORK/out" >/dev/null)
rm -rf "$OUT"
mkdir -p "$OUT"
for run in "$WORK"/out/wandb/offline-run-*; do
  name="$(basename "$run")"
  mkdir -p "$OUT/$name"
  cp "$run"/run-*.wandb "$OUT/$name/"
  cp -r "$run/files" "$OUT/$name/files"
done
