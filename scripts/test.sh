#!/usr/bin/env bash
# The whole test suite: lint, types, unit and integration tests (the integration tests run the real
# connector process against the local Unified ATS simulator). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" -q -p no:cacheprovider "$@"
