#!/usr/bin/env bash
# Creates .venv-pyairbyte: PyAirbyte plus the published source connectors that the real-source tests run
# (integration_tests/real_sources/). Kept apart from .venv because PyAirbyte's pins may clash with the
# connector's. Idempotent: a re-run with nothing to do takes about 0.1 s.
#
#   .venv-pyairbyte/                          PyAirbyte (`airbyte`, `sqlalchemy<2.1`: see shared notes)
#   .venv-pyairbyte/connectors/source-faker/  airbyte-source-faker, run by PyAirbyte as a local executable
#   .venv-pyairbyte/connectors/source-file/   airbyte-source-file, likewise
#   .venv-pyairbyte/tools/                    uv, the installer (PyAirbyte's own choice; pip is the fallback)
#
# Each source has its own venv: their airbyte-cdk pins differ from PyAirbyte's and from each other's.
# PyAirbyte runs them through `local_executable`, so nothing is installed or looked up at test time.
# Only PyPI is used.
set -euo pipefail
cd "$(dirname "$0")/.."

AIRBYTE_VERSION=${AIRBYTE_VERSION:-0.71.3}
SOURCE_FAKER_VERSION=${SOURCE_FAKER_VERSION:-7.2.1}
SOURCE_FILE_VERSION=${SOURCE_FILE_VERSION:-0.6.0}
VENV=${PYAIRBYTE_VENV:-.venv-pyairbyte}
export DO_NOT_TRACK=1 AIRBYTE_OFFLINE_MODE=1  # no telemetry, no connector registry
export UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1

# One installer at a time (pytest-xdist workers may all ask for the environment at once).
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/pyairbyte_env.$(pwd | sha1sum | cut -c1-12).lock"
  flock 9
fi

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
PY=$(command -v "$PY")

# airbyte-source-file's wheels on PyPI (0.5.x, 0.6.0) require `smart-open[all]==<their own version>`, which does
# not exist (a release-tooling slip; the connector's pyproject pins smart-open[all]==6.0.0). That one pin is
# corrected: uv overrides it, pip installs the wheel without dependencies and then its dependencies.
SMART_OPEN='smart-open[all]==6.0.0'

quiet() {
  # Runs "$@" keeping installer noise out of test logs, but not errors, and keeping the exit status.
  local log status=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || status=$?
  grep -v -e '^WARNING: Location' -e '^\[notice\]' -e 'FutureWarning' -e 'CryptographyDeprecationWarning' \
    -e "^ERROR: pip's dependency resolver does not" -e '^This behaviour is the source of the following dependency' \
    -e 'requires smart-open\[all\]==.*which is incompatible' "$log" >&2 || true
  rm -f "$log"
  return "$status"
}

stamp_of() { echo "$1/.installed-$(echo "$2" | sha1sum | cut -c1-12)"; }

new_venv() {
  [ -x "$1/bin/python" ] || "$PY" -m venv "$1"
}

UV=""
install_into() {
  # $1: venv; rest: requirements. uv when it could be set up, else pip.
  local venv=$1; shift
  if [ -n "$UV" ]; then
    quiet "$UV" pip install -q --python "$venv/bin/python" "$@"
  else
    quiet "$venv/bin/python" -m pip install -q "$@"
  fi
}

install_source_file() {
  local venv=$1 package=$2
  if [ -n "$UV" ]; then
    local overrides
    overrides=$(mktemp)
    echo "$SMART_OPEN" >"$overrides"
    install_into "$venv" --override "$overrides" "$package" || { rm -f "$overrides"; return 1; }
    rm -f "$overrides"
    return 0
  fi
  install_into "$venv" --no-deps "$package"
  local deps
  mapfile -t deps < <("$venv/bin/python" - "$SMART_OPEN" <<'PYEOF'
import importlib.metadata as md
import re
import sys

for req in md.requires("airbyte-source-file") or []:
    if "extra ==" in req:
        continue
    req = req.split(";")[0].replace(" ", "").replace("(", "").replace(")", "")
    print(sys.argv[1] if re.match(r"smart[-_]open", req) else req)
PYEOF
)
  install_into "$venv" "${deps[@]}"
}

# 0. The installer: uv in its own small venv (falls back to pip when it cannot be had).
new_venv "$VENV"
if [ ! -x "$VENV/tools/bin/uv" ]; then
  new_venv "$VENV/tools"
  quiet "$VENV/tools/bin/python" -m pip install -q 'uv>=0.5,<1' || echo "uv could not be installed; using pip" >&2
fi
if [ -x "$VENV/tools/bin/uv" ]; then
  UV="$VENV/tools/bin/uv"
fi

# 1. PyAirbyte, and 2. the sources, each in its own venv: all three installed at once.
install_pyairbyte() {
  local want="airbyte==$AIRBYTE_VERSION sqlalchemy<2.1" stamp
  stamp=$(stamp_of "$VENV" "$want")
  [ -f "$stamp" ] && return 0
  install_into "$VENV" "airbyte==$AIRBYTE_VERSION" 'sqlalchemy<2.1'
  local out
  if ! out=$("$VENV/bin/python" -W ignore -c 'import airbyte' 2>&1); then
    echo "PyAirbyte does not import in $VENV:" >&2
    echo "$out" | tail -20 >&2
    return 1
  fi
  rm -f "$VENV"/.installed-* && touch "$stamp"
}

install_source() {
  local name=$1 package=$2 dir="$VENV/connectors/$1" stamp
  stamp=$(stamp_of "$dir" "$package $SMART_OPEN")
  [ -f "$stamp" ] && return 0
  new_venv "$dir"
  if [ "$name" = source-file ]; then
    install_source_file "$dir" "$package"
  else
    install_into "$dir" "$package"
  fi
  local out
  out=$("$dir/bin/$name" spec 2>&1) || true
  if ! grep -q '"type": *"SPEC"' <<<"$out"; then
    echo "$name does not run from $dir (no SPEC from \`$name spec\`):" >&2
    tail -20 <<<"$out" >&2
    return 1
  fi
  rm -f "$dir"/.installed-* && touch "$stamp"
}

mkdir -p "$VENV/connectors"
install_pyairbyte &
pyairbyte=$!
install_source source-faker "airbyte-source-faker==$SOURCE_FAKER_VERSION" &
faker=$!
install_source source-file "airbyte-source-file==$SOURCE_FILE_VERSION" &
file=$!
status=0
wait "$pyairbyte" || status=1
wait "$faker" || status=1
wait "$file" || status=1
exit "$status"
