#!/usr/bin/env bash
# Best-effort download of the Electron binary (part of scripts/setup.sh).
# electron/install.js does nothing when ELECTRON_SKIP_BINARY_DOWNLOAD is set
# (setup sets it for `npm ci`), so it is unset for this step; and success is
# only reported when the binary really is there. The log goes to a private
# temp file (mktemp, 0600), kept only when something went wrong.
set -uo pipefail
cd "$(dirname "$0")/.."

echo "setup: fetching the Electron binary (best effort)…"
log=$(mktemp "${TMPDIR:-/tmp}/data-wallet-electron-install.XXXXXXXX")
binary=""
if env -u ELECTRON_SKIP_BINARY_DOWNLOAD timeout 120 node node_modules/electron/install.js >"$log" 2>&1; then
  # index.js of the electron package resolves the binary's path (and throws when it was never installed).
  binary=$(node -e "process.stdout.write(require('./node_modules/electron'))" 2>>"$log") || binary=""
fi
if [ -n "$binary" ] && [ -f "$binary" ] && [ -x "$binary" ]; then
  rm -f "$log"
  echo "setup: Electron binary installed ($binary); 'npm start' opens the desktop app."
else
  echo "setup: the Electron binary could not be installed here (details: $log)."
  echo "       Everything else works: the 'data-wallet' CLI now, and browser mode once it lands."
fi
exit 0
