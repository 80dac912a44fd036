#!/bin/sh
# Creates (or refreshes) the project-local virtualenv with the emulator from requirements.txt.
# Idempotent: does nothing when .venv already matches requirements.txt.
# PROBEFLEET_VENV and PROBEFLEET_REQUIREMENTS name another virtualenv and its requirements
# (infra/sam/venv.sh: the SAM CLI's).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
venv=${PROBEFLEET_VENV:-$root/.venv}
requirements=${PROBEFLEET_REQUIREMENTS:-$here/requirements.txt}
stamp=$venv/.requirements.sha256
python=${PYTHON:-python3}

want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
if ! command -v "$python" >/dev/null 2>&1; then
  echo "venv.sh: $python not found; install Python 3 (on Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "creating virtualenv $venv" >&2
  if ! "$python" -m venv "$venv"; then
    echo "venv.sh: '$python -m venv' failed; on Debian install the python3-venv package" >&2
    rm -rf "$venv"
    exit 1
  fi
fi
echo "installing $requirements into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
printf '%s\n' "$want" > "$stamp"
