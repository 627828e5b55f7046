#!/usr/bin/env bash
# The main job on the embedded default: sets up .venv, starts the local Unified ATS simulator, pipes the
# sample sourced candidates through `destination-unified-ats write` and prints what landed in the ATS.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python scripts/demo.py "$@"
