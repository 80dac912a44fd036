#!/bin/sh
# Runs an AWS emulator in the foreground on 127.0.0.1:4566 (or the port given as $1) for people
# who want one running while they develop: LocalStack in Docker when a Docker engine answers,
# otherwise moto's server mode from the project's virtualenv. Stop it with Ctrl-C.
#
# Tests use it when AWS_ENDPOINT_URL points at it; each test class provisions its own tables and
# topics under a unique name prefix, so a long-running emulator is safe to share.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
port=${1:-${PROBEFLEET_EMULATOR_PORT:-4566}}

case "$port" in
  ''|*[!0-9]*) echo "start.sh: port must be a number, got '$port'" >&2; exit 2 ;;
esac

echo "emulator on http://127.0.0.1:$port — in another shell: export AWS_ENDPOINT_URL=http://127.0.0.1:$port" >&2
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "Docker engine found: LocalStack (${PROBEFLEET_LOCALSTACK_IMAGE:-localstack/localstack:4.14})" >&2
  PROBEFLEET_EMULATOR_PORT=$port exec docker compose -f "$here/docker-compose.yml" up
fi
echo "no Docker engine answered: moto server from $root/.venv" >&2
"$here/venv.sh"
exec "$root/.venv/bin/moto_server" -H 127.0.0.1 -p "$port"
