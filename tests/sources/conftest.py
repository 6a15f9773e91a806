"""A small real DuckDB warehouse and sources on it, for the source tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cdisql.sources import store
from cdisql.sources.connection_test import run_connection_test
from cdisql.sources.model import Source


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


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return make_warehouse(tmp_path / "warehouse.duckdb")


@pytest.fixture
def draft(warehouse: Path) -> Source:
    return store.add_source(Source("local", "duckdb", "main", database=str(warehouse)))


@pytest.fixture
def active(draft: Source) -> Source:
    result = run_connection_test(draft)
    assert result.ok, result.checks
    return store.get_source(draft.name)


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
