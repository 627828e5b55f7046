#!/usr/bin/env bash
# Creates .venv (Python 3.11) with exactly the versions in poetry.lock: the connector (editable) and its dev
# group (tests, lint, types, the official SDK the simulator is checked against). Idempotent: a stamp on the
# lock, pyproject.toml and this script makes a second run a no-op.
#
# Poetry itself lives in its own venv (never in .venv, whose contents `poetry sync` owns), pinned, and shared
# by every clone on the machine: ${DESTINATION_UNIFIED_ATS_TOOLS:-~/.cache/destination-unified-ats}.
set -euo pipefail
cd "$(dirname "$0")/.."
POETRY_VERSION=2.5.1

PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
      PY=$candidate; break
    fi
  done
fi
if [ -z "$PY" ]; then
  echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

stamp=.venv/.installed-$(cat poetry.lock pyproject.toml scripts/bootstrap.sh | sha1sum | cut -c1-12)
if [ -x .venv/bin/python ] && [ -f "$stamp" ]; then
  exit 0
fi

quiet_pip() { grep -v -E '^WARNING: (Location|The directory)' || true; }

tools=${DESTINATION_UNIFIED_ATS_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/destination-unified-ats}
poetry_venv=$tools/poetry-$POETRY_VERSION
POETRY=$poetry_venv/bin/poetry
install_poetry() {
  # Under a lock, and marked complete only at the end: concurrent or interrupted runs never share a half-made venv.
  [ -f "$poetry_venv/.complete" ] && return 0
  echo "bootstrap: installing Poetry $POETRY_VERSION into $poetry_venv" >&2
  rm -rf "$poetry_venv"
  "$PY" -m venv "$poetry_venv"
  "$poetry_venv/bin/python" -m pip install -q "poetry==$POETRY_VERSION" 2>&1 | quiet_pip
  "$POETRY" --version | grep -q "$POETRY_VERSION"
  touch "$poetry_venv/.complete"
}
if [ ! -f "$poetry_venv/.complete" ]; then
  mkdir -p "$tools"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$tools/.poetry.lock"
    flock 9
    install_poetry
    flock -u 9
  else
    install_poetry
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
export POETRY_VIRTUALENVS_IN_PROJECT=true POETRY_NO_INTERACTION=1
unset VIRTUAL_ENV
# Refuses (rather than re-resolving) a pyproject.toml changed without `poetry lock`.
"$POETRY" sync --with dev
.venv/bin/python -c 'import destination_unified_ats, unified_ats_simulator, unified_python_sdk'
rm -f .venv/.installed-* && touch "$stamp"
