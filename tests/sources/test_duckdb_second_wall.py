"""DuckDB's own wall, tested apart from the guard: the adapter itself refuses a string
its parser reads as more than one statement (or a query that is not one SELECT), and a
preview or estimate session cannot write. Each red-team string goes straight to the
adapter, with no guard in front, and the real database is proven unchanged."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from redteam_segments import MECHANISMS, database_state, files_under, smuggling, wrapped

from cdisql.sources.base import WarehouseError
from cdisql.sources.duckdb import DuckDBAdapter
from cdisql.sources.model import Source


def _adapter(warehouse: Path, *, reads_only: bool) -> DuckDBAdapter:
    adapter = DuckDBAdapter(Source("local", "duckdb", "main", database=str(warehouse)))
    adapter.reads_only = reads_only
    adapter.connect()
    return adapter


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_the_adapter_refuses_every_smuggled_string_on_its_own(
    mechanism: str, warehouse: Path, tmp_path: Path
) -> None:
    before, files = database_state(warehouse), files_under(tmp_path)
    previewing = _adapter(warehouse, reads_only=True)
    try:
        with pytest.raises(WarehouseError, match="not exactly one SELECT"):
            list(previewing.fetch(wrapped("preview", smuggling(mechanism, "preview"))))
        with pytest.raises(WarehouseError, match="not exactly one SELECT"):
            previewing.explain(smuggling(mechanism, "estimate"))
    finally:
        previewing.close()
    building = _adapter(warehouse, reads_only=False)
    try:
        with pytest.raises(WarehouseError, match="nothing was run"):
            building.create_temp_table("t", smuggling(mechanism, "build"), timeout_s=10)
        with pytest.raises(WarehouseError, match="nothing was run"):
            building.execute(wrapped("build", smuggling(mechanism, "build")))
    finally:
        building.close()
    assert database_state(warehouse) == before
    assert files_under(tmp_path) == files


def test_a_query_must_be_a_select_to_duckdbs_parser(warehouse: Path) -> None:
    before = database_state(warehouse)
    adapter = _adapter(warehouse, reads_only=False)
    try:
        for sql in ("DROP TABLE orders", "CREATE MACRO m() AS 1", "CHECKPOINT"):
            with pytest.raises(WarehouseError, match="not exactly one SELECT"):
                list(adapter.fetch(sql))
        with pytest.raises(WarehouseError, match="not exactly one SELECT"):
            adapter.create_temp_table("t", "DELETE FROM users RETURNING *", timeout_s=10)
    finally:
        adapter.close()
    assert database_state(warehouse) == before


def test_a_preview_session_cannot_write_even_with_one_select(warehouse: Path) -> None:
    conn = duckdb.connect(str(warehouse))
    conn.execute("CREATE SEQUENCE seq")
    conn.close()
    before = database_state(warehouse)
    adapter = _adapter(warehouse, reads_only=True)
    try:
        assert adapter.read_only is False  # asked by the preview, not by the file or setting
        with pytest.raises(WarehouseError, match=r"read-only|read only"):
            list(adapter.fetch("SELECT nextval('seq') AS n"))
        rows = [r for b in adapter.fetch("SELECT count(*) FROM users") for r in b.rows]
        assert rows == [(1000,)]
    finally:
        adapter.close()
    assert database_state(warehouse) == before


def test_while_this_process_builds_a_preview_reads_in_a_read_only_transaction(
    warehouse: Path,
) -> None:
    conn = duckdb.connect(str(warehouse))
    conn.execute("CREATE SEQUENCE seq")
    conn.close()
    before = database_state(warehouse)
    building = _adapter(warehouse, reads_only=False)  # holds the file open for writing
    try:
        previewing = _adapter(warehouse, reads_only=True)
        try:
            with pytest.raises(WarehouseError, match="read-only mode"):
                list(previewing.fetch("SELECT nextval('seq') AS n"))
            rows = [r for b in previewing.fetch("SELECT count(*) FROM orders") for r in b.rows]
            assert rows == [(3000,)]
        finally:
            previewing.close()
    finally:
        building.close()
    assert database_state(warehouse) == before
