#!/usr/bin/env bash
# Create (or reuse) tests/interop/tensorboard/.venv with the TensorBoard writers and reader of requirements.txt.
# Kept apart from the MLflow venv (tests/interop/.venv) so either lock can change without rebuilding the other.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
STAMP="$VENV/.runboard-requirements.sha256"
PYTHON="${PYTHON:-python3}"
want="$( { sha256sum "$HERE/requirements.txt" | cut -d' ' -f1; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
if [ "$want" = "$(cat "$STAMP" 2>/dev/null || true)" ] && "$VENV/bin/python" -c 'import tensorboard, tensorboardX' 2>/dev/null; then
  exit 0
fi
echo "[interop/tensorboard] creating $VENV" >&2
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$HERE/requirements.txt"
"$VENV/bin/python" -c 'import tensorboard, tensorboardX'
echo "$want" > "$STAMP"
