#!/usr/bin/env bash
# Create (or reuse) tests/interop/.venv with the real MLflow used as Runboard's test peer.
#
# Idempotent: the venv is rebuilt only when requirements.txt or the Python version changed
# (a stamp file inside the venv records both), or when the venv is broken.
# Works as root on a clean Debian 12 with python3: installs python3-venv if venv/ensurepip is
# missing (Debian splits it out of the python3 package).
#
# Env: PYTHON=python3.11 to choose the interpreter (default: python3).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
REQS="$HERE/requirements.txt"
STAMP="$VENV/.runboard-requirements.sha256"
PYTHON="${PYTHON:-python3}"

log() { echo "[interop/setup] $*" >&2; }

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  log "error: $PYTHON not found (need Python 3.11)"; exit 1
fi

# Debian's python3 lacks ensurepip until python3-venv is installed; `python3 -m venv` then
# leaves a venv without pip. Detect that up front instead of failing half-way.
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "python venv/ensurepip missing: installing python3-venv"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  else
    log "error: '$PYTHON -m venv' is unavailable; install python3-venv"; exit 1
  fi
fi

# The stamp covers the lock file and the interpreter: a new Python needs new wheels.
want="$( { sha256sum "$REQS" | cut -d' ' -f1; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"

if [ "$want" = "$have" ] && "$VENV/bin/python" -c 'import mlflow, sklearn' >/dev/null 2>&1; then
  log "venv up to date ($VENV)"
else
  log "building venv at $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  # --no-deps: requirements.txt is a complete lock; see its header for why mlflow's own
  # dependency pins (mlflow-skinny==3.18.0) cannot be resolved from the index.
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$REQS"
  # pip check would also list the intentionally absent mlflow-skinny / mlflow-tracing; anything
  # else means the lock is incomplete.
  problems="$("$VENV/bin/pip" check 2>&1 | grep -v -E '^mlflow [0-9.]+ requires mlflow-(skinny|tracing), which is not installed' | grep -v '^No broken requirements' || true)"
  if [ -n "$problems" ]; then
    log "error: dependency problems in the lock:"; echo "$problems" >&2; exit 1
  fi
  # Importing the server too catches missing server-only deps (flask, graphene, uvicorn...).
  "$VENV/bin/python" -c 'import mlflow, mlflow.sklearn, mlflow.server, sklearn' >/dev/null
  echo "$want" > "$STAMP"
fi

"$VENV/bin/python" -c 'import mlflow, sklearn; print(f"mlflow {mlflow.__version__} (scikit-learn {sklearn.__version__})")'
