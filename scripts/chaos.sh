#!/usr/bin/env bash
# Chaos suite at scale (default 2,000 records): faults, search lag, duplicates, repeated kill -9 and replay.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python scripts/chaos.py "$@"
