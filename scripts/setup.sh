#!/usr/bin/env bash
# Installs everything Data Wallet needs from the npm registry alone, then builds.
# Works offline apart from the npm registry: the Electron binary is fetched as a
# separate best-effort step, and the wallet runs without it (CLI, browser mode).
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node $(node -v) is too old; install Node 20.19+ or 22+ and run again." >&2
  exit 1
fi

echo "setup: installing npm packages (Electron binary download skipped)…"
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

bash scripts/setup-electron.sh

echo "setup: building…"
npm run -s build
echo "setup: done. Try: npx data-wallet --help"
