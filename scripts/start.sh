#!/usr/bin/env bash
# One command from a fresh machine to a running Pactline: installs pnpm and the dependencies,
# builds every package, then hands over to scripts/start.mjs which runs the services.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pnpm >/dev/null 2>&1 || npm install -g pnpm@10
pnpm install --frozen-lockfile
pnpm build
exec node --import tsx scripts/start.ts "$@"
