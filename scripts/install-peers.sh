#!/usr/bin/env bash
# Local stand-ins for the cloud warehouses, for tests/warehouses and tests/contract:
#   - PostgreSQL 15 + pgbouncer (Debian) for the Redshift driver, and an OpenSSH
#     server for its SSH tunnel
#   - fakesnow (server mode) in its own virtualenv for the Snowflake connector
#   - snowflake-connector-python 5.x in its own virtualenv, to check the 5.x API
#   - bqemulator in its own virtualenv, with DuckDB's spatial extension installed
#     offline from PyPI, for google-cloud-bigquery
#   - the official warehouse drivers in the project's .venv, at the test pins
# fakesnow and bqemulator pin sqlglot / duckdb versions that clash with cdisql's own,
# hence their own virtualenvs under $CDISQL_PEERS_DIR (default ~/.cache/cdisql-peers).
# Idempotent and quiet; a second run only checks and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

PEERS_DIR="${CDISQL_PEERS_DIR:-$HOME/.cache/cdisql-peers}"
PY="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
mkdir -p "$PEERS_DIR"

# pip, quiet: this machine's pip config names local indexes that may be absent
pipq() {
  "$@" -q 2> >(grep -v -e "is ignored: it is neither" -e "^$" >&2)
}

# -- PostgreSQL + pgbouncer (Redshift peer), OpenSSH server (the Redshift tunnel) --------
if ! command -v pgbouncer >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
  || ! [ -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql pgbouncer openssh-server openssh-client >/dev/null 2>&1
    # the packages start their own services; tests run their own servers instead
    for service in pgbouncer postgresql ssh; do
      (service "$service" stop || true) >/dev/null 2>&1
    done
  else
    echo "install-peers: PostgreSQL, pgbouncer or OpenSSH missing and not root:" \
      "apt-get install postgresql pgbouncer openssh-server openssh-client" >&2
  fi
fi

# -- drivers into the project's venv (test pins: fakesnow needs the 4.x connector) ---------
if [ -x .venv/bin/python ]; then
  if ! .venv/bin/python - <<'PY' 2>/dev/null
import importlib.metadata as m
import snowflake.connector, redshift_connector, google.cloud.bigquery, databricks.sql  # noqa
import google.cloud.bigquery_storage, pyarrow  # noqa
assert int(m.version("snowflake-connector-python").split(".")[0]) < 5
PY
  then
    pipq .venv/bin/pip install "snowflake-connector-python<5" redshift-connector \
      google-cloud-bigquery google-cloud-bigquery-storage databricks-sql-connector pyarrow
  fi
fi

# a peer's own virtualenv DIR holding PIN (rebuilt when the pin changes), checked by BIN
peer_venv() {
  local dir="$1" pin="$2" bin="$3"
  if ! [ -x "$dir/bin/$bin" ] || [ "$(cat "$dir/.cdisql-pin" 2>/dev/null)" != "$pin" ]; then
    rm -rf "$dir"
    "$PY" -m venv "$dir"
    # shellcheck disable=SC2086
    pipq "$dir/bin/pip" install $pin
    echo "$pin" > "$dir/.cdisql-pin"
  fi
}

# -- fakesnow (pinned: what the peer can and cannot do is version-specific) --------------
peer_venv "$PEERS_DIR/fakesnow" 'fakesnow[server]==0.12.1 snowflake-connector-python<5' fakesnow

# -- snowflake-connector-python 5.x in its own virtualenv -------------------------------
# What `pip install 'cdisql[snowflake]'` may give users; it cannot log in to fakesnow, so
# the tests read its real API here (signatures, connect arguments) and check that the
# FAKE 5.x connector they drive the adapter with matches it.
peer_venv "$PEERS_DIR/snowflake5" 'snowflake-connector-python==5.2.0' python

# -- bqemulator (+ spatial extension, offline) -------------------------------------------
BQ="$PEERS_DIR/bqemulator"
DUCKDB_VERSION=1.5.5
BQ_PIN="bqemulator==1.4.0 duckdb==$DUCKDB_VERSION duckdb-extension-spatial==$DUCKDB_VERSION numpy"
EXT_DIR="$HOME/.duckdb/extensions/v$DUCKDB_VERSION/linux_amd64"
peer_venv "$BQ" "$BQ_PIN" bqemulator
if ! [ -f "$EXT_DIR/spatial.duckdb_extension" ]; then
  mkdir -p "$EXT_DIR"
  ext="$(find "$BQ/lib" -name 'spatial*.duckdb_extension' | head -n1)"
  if [ -z "$ext" ]; then
    echo "install-peers: spatial extension file not found in duckdb-extension-spatial" >&2
    exit 1
  fi
  cp "$ext" "$EXT_DIR/spatial.duckdb_extension"
fi
