#!/usr/bin/env bash
# Regenerate the app's built-in demo, static/demo/diabetes-quickstart.zip, with the real MLflow
# (npm run demo:generate; generate.sh runs it too). The interop fixtures are not touched.
#
# quickstart.py --demo runs from a fresh folder named like a user's project (<tmp>/diabetes-quickstart/),
# as `python quickstart.py` by user "demo", outside any git checkout: no tag then names this machine,
# its user, the repository or its commit. scripts/build-demo.mjs zips the experiment and rewrites the
# absolute folder MLflow writes into meta.yaml / MLmodel to /diabetes-quickstart.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

bash "$HERE/setup.sh"

# pwd -P: MLflow writes the real path (macOS: /private/var/...), so rewrite that one.
WORK="$(cd "$(mktemp -d)" && pwd -P)"
trap 'rm -rf "$WORK"' EXIT
PROJECT="$WORK/diabetes-quickstart"
mkdir "$PROJECT"
cp "$HERE/quickstart.py" "$PROJECT/"
(cd "$PROJECT" && env USER=demo LOGNAME=demo PYTHONDONTWRITEBYTECODE=1 "$HERE/.venv/bin/python" quickstart.py --demo)
node "$ROOT/scripts/build-demo.mjs" --from "$PROJECT/mlruns" --neutral "$PROJECT"
