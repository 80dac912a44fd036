#!/bin/sh
# Creates (or refreshes) infra/sam/.venv with the AWS SAM CLI of infra/sam/requirements.txt, for
# SamCliIT. A virtualenv of its own: the SAM CLI pins boto3, click, pydantic and PyYAML at versions
# other than the emulator's (.venv, localstack/requirements.txt). Idempotent, like localstack/venv.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PROBEFLEET_VENV=${PROBEFLEET_SAM_VENV:-$here/.venv} \
PROBEFLEET_REQUIREMENTS=$here/requirements.txt \
  exec "$root/localstack/venv.sh"
