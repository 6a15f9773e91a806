#!/usr/bin/env bash
# sqlglot's own SQL fixtures, for the formatter's corpus test (tests/core/test_format_corpus.py):
# the sdist of the installed sqlglot version from the package index, its tests/fixtures kept
# under $CDISQL_CORPUS_DIR (default ~/.cache/cdisql-corpus)/sqlglot-<version>/. Nothing
# downloads at test time. Idempotent: a second run only checks and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
[ -x "$PY" ] || PY="${PYTHON:-python3}"
CORPUS_DIR="${CDISQL_CORPUS_DIR:-$HOME/.cache/cdisql-corpus}"
VERSION="$("$PY" -c 'import importlib.metadata as m; print(m.version("sqlglot"))')"
TARGET="$CORPUS_DIR/sqlglot-$VERSION"
[ -f "$TARGET/.complete" ] && exit 0

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$PY" -m pip download -q --no-deps --no-binary :all: "sqlglot==$VERSION" -d "$WORK" \
  2> >(grep -v -e "is ignored: it is neither" -e "^$" >&2)
tar -xzf "$WORK/sqlglot-$VERSION.tar.gz" -C "$WORK" \
  "sqlglot-$VERSION/tests/fixtures" "sqlglot-$VERSION/LICENSE"
rm -rf "$TARGET"
mkdir -p "$TARGET/tests"
mv "$WORK/sqlglot-$VERSION/tests/fixtures" "$TARGET/tests/fixtures"
mv "$WORK/sqlglot-$VERSION/LICENSE" "$TARGET/LICENSE"
touch "$TARGET/.complete"
