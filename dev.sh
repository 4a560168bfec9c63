#!/usr/bin/env bash
# Runs a command with this project's toolchain on any machine of ours, installing what is missing:
# Node.js 22 (npm package node@22, cached outside the repo), the npm dependencies, and the Pulumi CLI at the
# version pinned in scripts/ensure-pulumi-cli.sh (built from Go modules once, cached outside the repo).
#
#   ./dev.sh npm run demo        # the quickstart on the real Pulumi CLI against the tenant emulator
#   ./dev.sh npm test            # every test tier
#   ./dev.sh npm run test:e2e    # one tier (test:unit, test:emulator, test:integration, test:engine, ...)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/use-node22.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi
pulumi_env="$(scripts/ensure-pulumi-cli.sh)"
eval "$pulumi_env"
if [ "$#" -eq 0 ]; then
    echo "usage: ./dev.sh <command>, e.g. ./dev.sh npm run demo or ./dev.sh npm test" >&2
    exit 2
fi
exec "$@"
