"""Red-team segments: texts that sqlglot and DuckDB's own lexer read differently, and a
snapshot of everything a DuckDB database holds, to prove that nothing changed.

Each mechanism hides a second program from sqlglot inside what it reads as a string or
a quoted name, while DuckDB reads it as code. Before the guard sent SQL generated from
the checked tree, every one of them changed the database through preview, build,
estimate and the language server's preview. The texts fit the SQL each command wraps
around a segment (``SELECT * FROM (…) AS cdisql_preview LIMIT n``, ``CREATE TABLE t AS
…``, ``EXPLAIN …``), so that DuckDB parses the whole string.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

INNER = "SELECT CAST(external_id AS VARCHAR) AS external_user_id FROM users"

# what each mechanism smuggles: every kind of change the snapshot must see
EVIL = {
    "isspace-dollar": "DROP TABLE orders",
    "nbsp-quote-in-comment": "UPDATE users SET external_id = NULL",
    "nbsp-escape-string": "CREATE MACRO smuggled() AS 1",
    "ascii-slash-star": "ALTER TABLE users RENAME TO gone",
}
MECHANISMS = tuple(EVIL)
COMMANDS = ("preview", "build", "estimate")

ISSPACE_IDENTIFIER_CHARS = "\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029"
"""Characters Python's ``str.isspace()`` calls whitespace and DuckDB lexes as part of a name."""
UNICODE_SPACES = "\u00a0\u2000\u2005\u200a\u202f\u205f\u3000"
"""Spaces DuckDB turns into ASCII spaces, except where its pre-pass thinks it is in quotes."""


def _hidden(mechanism: str, command: str) -> str:
    """The part DuckDB runs and sqlglot reads as the inside of a string or a name."""
    evil = EVIL[mechanism]
    if mechanism == "ascii-slash-star":
        if command == "preview":
            return f") AS s) AS p; {evil}; SELECT * FROM (SELECT 1 FROM (SELECT 1 --"
        return f") AS s; {evil}; SELECT 1 FROM (SELECT 1 --"
    if command == "preview":
        return f") AS p; {evil}; SELECT * FROM (SELECT 1 --"
    return f"; {evil}; SELECT 1 --"


def smuggling(mechanism: str, command: str, char: str | None = None) -> str:
    """The segment text for ``mechanism`` that fits ``command``'s wrapper."""
    hidden = _hidden(mechanism, command)
    if mechanism == "isspace-dollar":
        # AS<U+2028>$$: a dollar string to sqlglot, one name `AS\u2028$$` to DuckDB
        return f"SELECT external_user_id FROM ({INNER}) AS{char or chr(0x2028)}$${hidden}$$"
    if mechanism == "nbsp-quote-in-comment":
        # a ' inside /* */ puts DuckDB's space pre-pass out of step: the NBSP stays a name byte
        return f"SELECT external_user_id /* ' */ FROM ({INNER}) AS{char or chr(0xA0)}$${hidden}$$"
    if mechanism == "nbsp-escape-string":
        # the same with E'\'' instead of a comment
        return (
            f"SELECT external_user_id FROM ({INNER} WHERE external_id <> E'\\'') "
            f"AS{char or chr(0xA0)}$${hidden}$$"
        )
    if mechanism == "ascii-slash-star":
        # `4 //* …`: `//` then `*` to sqlglot, `/` then a comment to DuckDB
        return f'SELECT external_user_id FROM (SELECT 4 //* AS "*/ 2, {INNER[7:]}{hidden}"\n)'
    raise ValueError(mechanism)


def wrapped(command: str, text: str) -> str:
    """The string DuckDB received for ``text`` before the fix, per command."""
    return {
        "preview": f"SELECT * FROM (\n{text}\n) AS cdisql_preview LIMIT 101",
        "build": f"CREATE TABLE t AS {text}",
        "estimate": f"EXPLAIN {text}",
    }[command]


def database_state(path: Path) -> dict[str, object]:
    """Every catalog object of the DuckDB file and a checksum of every table's rows."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        state: dict[str, object] = {}
        for name, query in (
            ("schemas", "SELECT schema_name FROM duckdb_schemas() WHERE NOT internal"),
            ("tables", "SELECT schema_name, table_name, sql FROM duckdb_tables()"),
            ("views", "SELECT schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal"),
            (
                "functions",
                "SELECT schema_name, function_name, function_type, macro_definition "
                "FROM duckdb_functions() WHERE NOT internal",
            ),
            ("sequences", "SELECT schema_name, sequence_name, last_value FROM duckdb_sequences()"),
            ("indexes", "SELECT schema_name, index_name, sql FROM duckdb_indexes()"),
            ("types", "SELECT schema_name, type_name FROM duckdb_types() WHERE NOT internal"),
            ("constraints", "SELECT table_name, constraint_text FROM duckdb_constraints()"),
            ("comments", "SELECT table_name, comment FROM duckdb_tables()"),
        ):
            state[name] = sorted(map(str, conn.execute(query).fetchall()))
        for schema, table in conn.execute(
            "SELECT schema_name, table_name FROM duckdb_tables()"
        ).fetchall():
            rows = conn.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
            digest = hashlib.sha256("\n".join(sorted(map(repr, rows))).encode()).hexdigest()
            state[f"rows:{schema}.{table}"] = digest
        return state
    finally:
        conn.close()


def files_under(folder: Path) -> dict[str, int]:
    """Every file below ``folder`` with its size (a new or grown file is a file written)."""
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}
