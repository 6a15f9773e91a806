"""Helpers shared by the source tests (a module name no other test folder uses)."""

from __future__ import annotations

from pathlib import Path

import duckdb


def make_warehouse(path: Path) -> Path:
    conn = duckdb.connect(str(path))
    try:
        conn.execute(
            "CREATE TABLE users AS SELECT i AS user_id, 'user_' || i AS external_id, "
            "i % 3 = 0 AS opted_in FROM range(1, 1001) AS t(i)"
        )
        conn.execute(
            "CREATE TABLE orders AS SELECT i AS order_id, 1 + i % 1000 AS user_id, "
            "CAST(i % 97 AS DOUBLE) AS amount FROM range(1, 3001) AS t(i)"
        )
        conn.execute("COMMENT ON TABLE users IS 'one row per user'")
        conn.execute("COMMENT ON COLUMN users.external_id IS 'Braze external id'")
    finally:
        conn.close()
    return path


def segment_tables(path: Path) -> list[str]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'cdisql_segment_%'"
            ).fetchall()
        ]
    finally:
        conn.close()
