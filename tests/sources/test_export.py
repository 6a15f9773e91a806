"""The id export interface on the real DuckDB source: bulk COPY, the default DB-API
path, partial-file cleanup on error/cancel, history copies that read back exactly."""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path

import duckdb
import pytest

from cdisql.sources.base import Adapter, QueryCancelled, WarehouseError, adapter_for
from cdisql.sources.build import run_build
from cdisql.sources.export import ExportStopped
from cdisql.sources.history import list_builds, read_ids
from cdisql.sources.model import Source

AWKWARD = ["plain", "with,comma", 'with "quotes"', "new\nline", "ünï", " padded "]


def _ids_table(warehouse: Path, name: str, ids: list[str]) -> None:
    conn = duckdb.connect(str(warehouse))
    conn.execute(f"CREATE TABLE {name} (external_user_id VARCHAR)")
    conn.executemany(f"INSERT INTO {name} VALUES (?)", [[i] for i in ids])
    conn.execute(f"INSERT INTO {name} VALUES (NULL), ('plain')")
    conn.close()


def _read_csv(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["external_user_id"]
    return [r[0] for r in rows[1:]]


@pytest.mark.parametrize("path", ["copy", "default"])
def test_export_writes_distinct_non_null_ids_as_valid_csv(
    active: Source, warehouse: Path, tmp_path: Path, path: str
) -> None:
    _ids_table(warehouse, "cdisql_segment_awkward", AWKWARD)
    seen: list[int] = []
    out = tmp_path / "ids.csv"
    with adapter_for(active) as adapter:
        export = adapter.export_ids if path == "copy" else Adapter.export_ids.__get__(adapter)
        count = export("cdisql_segment_awkward", out, timeout_s=30, progress=seen.append)
    assert count == len(AWKWARD) and seen[-1] == len(AWKWARD)
    assert sorted(_read_csv(out)) == sorted(AWKWARD)


def test_default_export_stops_between_batches_and_leaves_no_file(
    active: Source, warehouse: Path, tmp_path: Path
) -> None:
    _ids_table(warehouse, "cdisql_segment_many", [f"u{i}" for i in range(5000)])
    out = tmp_path / "out" / "ids.csv"
    calls = iter([False, False, True])
    with adapter_for(active) as adapter, pytest.raises(ExportStopped):
        Adapter.export_ids(
            adapter,
            "cdisql_segment_many",
            out,
            timeout_s=30,
            batch_rows=1000,
            should_stop=lambda: next(calls),
        )
    assert list(out.parent.iterdir()) == []


def test_duckdb_copy_export_cancelled_midway_leaves_no_file(active: Source, tmp_path: Path) -> None:
    out = tmp_path / "out" / "ids.csv"
    adapter = adapter_for(active)
    adapter.connect()
    try:
        # a "table" that takes far longer to export than the test waits
        adapter.execute(
            "CREATE VIEW cdisql_segment_slow AS SELECT CAST(a.range * b.range AS VARCHAR) "
            "AS external_user_id FROM range(100000) a, range(100000) b"
        )
        threading.Timer(0.5, adapter.cancel).start()
        started = time.monotonic()
        with pytest.raises(QueryCancelled):
            adapter.export_ids("cdisql_segment_slow", out, timeout_s=60)
        assert time.monotonic() - started < 10
        assert not out.exists()
        spool = adapter._spool  # type: ignore[attr-defined]
        assert spool is not None and list(spool.iterdir()) == []
    finally:
        adapter.close()
    assert not spool.exists()  # the spool folder goes with the connection


def test_duckdb_spool_is_the_only_place_sql_can_write(active: Source, tmp_path: Path) -> None:
    with adapter_for(active) as adapter, pytest.raises(WarehouseError, match="disabled"):
        adapter.execute(f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'")
    assert not (tmp_path / "x.csv").exists()


def test_build_history_keeps_awkward_ids_exactly(
    active: Source, warehouse: Path, tmp_path: Path
) -> None:
    _ids_table(warehouse, "awkward", AWKWARD)
    sql = "SELECT external_user_id FROM awkward"
    result = run_build(active, sql, segment="awkward.sql")
    assert result.status == "ok" and result.members == len(AWKWARD)
    (record,) = list_builds(source=active.name)
    assert record.has_ids and sorted(read_ids(record)) == sorted(AWKWARD)
    # nothing left behind in the history folder but the compressed copy
    assert [p.name for p in record.ids_path.parent.iterdir()] == [record.ids_path.name]
