#!/usr/bin/env bash
# The whole test suite: lint, types, unit and integration tests (the integration tests run the real
# connector process against the local Unified ATS simulator, in a container built with podman, and behind
# real Airbyte sources through PyAirbyte). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

# The slow environments (podman with a local Debian base image; PyAirbyte with source-faker and source-file)
# are prepared in the background while lint and the fast tests run. The tests that need them take the same
# locks, wait for them, and skip loudly if they could not be prepared.
logs=${TMPDIR:-/tmp}/destination-unified-ats-test-setup
mkdir -p "$logs"
if [ "${PREPARE_SLOW_ENVS:-1}" = 1 ] && command -v flock >/dev/null 2>&1; then
  (flock "${TMPDIR:-/tmp}/destination-unified-ats-container.lock" bash scripts/container_setup.sh >"$logs/container.log" 2>&1 || true) &
  (bash scripts/pyairbyte_env.sh >"$logs/pyairbyte.log" 2>&1 || true) &
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile -q -p no:cacheprovider --durations=12 "$@"
