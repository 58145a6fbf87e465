#!/usr/bin/env bash
# Regenerate tests/fixtures/jsonl/logs: JSONL metric logs written with Python's json module (standard library only).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
python3 "$HERE/write_jsonl_logs.py" "$ROOT/tests/fixtures/jsonl/logs"
