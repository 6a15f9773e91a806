#!/usr/bin/env bash
# Editor clients for tests/lsp: Neovim (Debian's 0.7.x) for the headless Neovim test,
# and the VS Code extension's npm dependencies, compiled once with tsc as a check.
# Idempotent and quiet: a second run only checks and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvim >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends neovim >/dev/null 2>&1
  elif command -v sudo >/dev/null 2>&1; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends neovim >/dev/null 2>&1
  else
    echo "install-editors: cannot install neovim (not root, no sudo): the Neovim test will be skipped" >&2
  fi
fi

# the VS Code extension: install its dev dependencies and type-check it
if command -v npm >/dev/null 2>&1 && [ -f editors/vscode/package.json ]; then
  if [ ! -x editors/vscode/node_modules/.bin/tsc ]; then
    (cd editors/vscode && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  (cd editors/vscode && npx --no-install tsc -p . --noEmit)
fi
