"""Helpers of the validate tests (a module name no other test folder uses)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

GOOD = "SELECT external_id AS external_user_id\nFROM users\nWHERE opted_in\n"


def make_warehouse(path: Path) -> Path:
    conn = duckdb.connect(str(path))
    try:
        conn.execute(
            "CREATE TABLE users AS SELECT i AS user_id, 'user_' || i AS external_id, "
            "i % 3 = 0 AS opted_in, 'u' || i || '@example.com' AS email "
            "FROM range(1, 1001) AS t(i)"
        )
        conn.execute(
            "CREATE TABLE orders AS SELECT i AS order_id, 1 + i % 1000 AS user_id, "
            "CAST(i % 97 AS DOUBLE) AS amount FROM range(1, 3001) AS t(i)"
        )
    finally:
        conn.close()
    return path


def database_state(path: Path) -> str:
    """A digest of every table, column and row: equal before and after = nothing changed."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        digest = hashlib.sha256()
        tables = conn.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY 1, 2"
        ).fetchall()
        for schema, table in tables:
            digest.update(f"{schema}.{table}".encode())
            columns = conn.execute(
                "SELECT column_name, data_type FROM duckdb_columns() "
                "WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
                [schema, table],
            ).fetchall()
            digest.update(repr(columns).encode())
            rows = conn.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY ALL').fetchall()
            digest.update(repr(rows).encode())
        return digest.hexdigest()
    finally:
        conn.close()
