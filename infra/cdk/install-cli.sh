#!/bin/sh
# Installs the pinned AWS CDK CLI (package.json / package-lock.json) into infra/cdk/node_modules
# with npm ci. Idempotent: returns at once when node_modules matches package-lock.json.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
stamp=$here/node_modules/.package-lock.sha256
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-cli.sh: $tool not found; install Node.js (on Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
done
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ -x "$here/node_modules/.bin/cdk" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "installing the CDK CLI from $here/package-lock.json" >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
printf '%s\n' "$want" > "$stamp"
