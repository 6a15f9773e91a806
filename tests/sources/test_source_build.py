"""Builds and previews on a real DuckDB source: counts, ids, runtime cap, cancel, cleanup."""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path

import pytest
from source_helpers import segment_tables

from cdisql.cli.source_common import exit_code_of
from cdisql.sources.base import WarehouseError
from cdisql.sources.build import run_build
from cdisql.sources.history import list_builds, membership_diff
from cdisql.sources.model import Source, SourceState
from cdisql.sources.preview import run_preview

SEGMENT = "SELECT external_id AS external_user_id FROM users WHERE opted_in"
SLOW = (
    "SELECT CAST(a.range + b.range AS VARCHAR) AS external_user_id "
    "FROM range(100000000) AS a, range(100000000) AS b"
)


def test_build_counts_distinct_ids_writes_csv_and_drops_table(
    active: Source, warehouse: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out" / "ids.csv"
    result = run_build(active, SEGMENT, segment="opted.sql", output=output)
    assert result.status == "ok" and exit_code_of(result) == 0
    assert result.members == 333
    assert result.dropped is True and result.temp_table
    assert result.temp_table.startswith("cdisql_segment_")
    with output.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["external_user_id"] and len(rows) == 334
    assert len({r[0] for r in rows[1:]}) == 333
    assert segment_tables(warehouse) == []
    assert set(result.to_json()) >= {
        "source",
        "segment",
        "status",
        "members",
        "duration_s",
        "temp_table",
        "dropped",
    }


def test_build_counts_distinct_non_null_ids_only(active: Source) -> None:
    sql = (
        "SELECT CASE WHEN user_id % 2 = 0 THEN NULL ELSE 'same' END AS external_user_id FROM users"
    )
    assert run_build(active, sql).members == 1


def test_build_refuses_a_draft_source_with_a_config_error(draft: Source) -> None:
    result = run_build(draft, SEGMENT)
    assert result.status == "error" and exit_code_of(result) == 2
    assert "sources test local" in result.message
    assert result.temp_table is None


def test_build_stops_at_max_runtime_within_two_seconds_and_drops_table(
    active: Source, warehouse: Path
) -> None:
    started = time.monotonic()
    result = run_build(active, SLOW, max_runtime="1s")
    assert time.monotonic() - started < 1 + 2
    assert result.status == "timeout" and exit_code_of(result) == 4
    assert "maximum runtime (1s)" in result.message
    assert result.dropped is True
    assert segment_tables(warehouse) == []


def test_shorter_max_runtime_wins_but_longer_does_not(active: Source) -> None:
    short = active.with_changes(max_runtime=active.max_runtime.parse("2s"))
    assert run_build(short, SEGMENT, max_runtime="30m").max_runtime_s == 2
    assert run_build(active, SEGMENT, max_runtime="90s").max_runtime_s == 90


def test_build_cancelled_from_another_thread_drops_table(active: Source, warehouse: Path) -> None:
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    result = run_build(active, SLOW, cancel=cancel)
    assert time.monotonic() - started < 0.5 + 2
    assert result.status == "cancelled" and exit_code_of(result) == 130
    assert segment_tables(warehouse) == []


def test_build_error_mid_way_leaves_no_table(active: Source, warehouse: Path) -> None:
    sql = (
        "SELECT CASE WHEN user_id = 900 THEN error('bad row') ELSE external_id END "
        "AS external_user_id FROM users"
    )
    result = run_build(active, sql)
    assert result.status == "error" and exit_code_of(result) == 3
    assert "bad row" in result.message
    assert segment_tables(warehouse) == []


def test_build_drops_table_when_streaming_ids_fails(
    active: Source, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cdisql.sources.duckdb as duckdb_adapter
    from cdisql.fileio import atomic_output

    def half_then_fail(produced: Path, path: Path) -> None:
        with atomic_output(path) as tmp:
            tmp.write_bytes(produced.read_bytes()[:100])
            raise WarehouseError("connection reset while streaming")

    monkeypatch.setattr(duckdb_adapter, "place_file", half_then_fail)
    output = tmp_path / "out" / "ids.csv"
    result = run_build(active, SEGMENT, output=output)
    assert result.status == "error" and result.dropped is True
    assert "connection reset" in result.message
    # no output, no half-written temp file (the folder is made only for a finished file)
    assert not output.parent.exists() or list(output.parent.iterdir()) == []
    assert segment_tables(warehouse) == []


def test_unwritable_output_is_an_error_and_the_table_is_dropped(
    active: Source, warehouse: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_build(active, SEGMENT, output=blocker / "ids.csv")
    assert result.status == "error" and "cannot write" in result.message
    assert segment_tables(warehouse) == []


def test_history_records_builds_and_diffs_membership(active: Source, warehouse: Path) -> None:
    first = run_build(active, SEGMENT, segment="s.sql")
    import duckdb

    conn = duckdb.connect(str(warehouse))
    conn.execute("UPDATE users SET opted_in = NOT opted_in WHERE user_id IN (3, 4)")
    conn.close()
    second = run_build(active, SEGMENT, segment="s.sql")
    records = list_builds(source="local", segment_hash=second.segment_hash)
    assert [r.build_id for r in records] == [first.build_id, second.build_id]
    diff = membership_diff(records[-1])
    assert diff.previous is not None and diff.previous.build_id == first.build_id
    assert diff.entered == ("user_4",) and diff.left == ("user_3",)


def test_preview_caps_rows_at_100_and_skips_the_output_rules(active: Source) -> None:
    result = run_preview(active, "SELECT user_id, external_id FROM users")
    assert result.status == "ok"
    assert len(result.rows) == 100 and result.truncated
    assert result.columns == ("user_id", "external_id")
    smaller = run_preview(active, "SELECT * FROM users WHERE user_id <= 5")
    assert len(smaller.rows) == 5 and not smaller.truncated
    assert run_preview(active, SEGMENT, max_rows=1000).rows.__len__() == 100


def test_preview_is_stopped_at_its_time_cap(active: Source) -> None:
    started = time.monotonic()
    slow_even_with_limit = "SELECT count(*) AS n FROM range(100000000) AS a, range(100000000) AS b"
    result = run_preview(active, slow_even_with_limit, timeout_s=1)
    assert time.monotonic() - started < 1 + 2
    assert result.status == "timeout"


def test_duckdb_source_emulating_snowflake_builds_snowflake_sql(
    warehouse: Path,
) -> None:
    source = Source(
        "emu",
        "duckdb",
        "main",
        database=str(warehouse),
        dialect="snowflake",
        state=SourceState.ACTIVE,
    )
    sql = (
        "SELECT external_id::VARCHAR AS external_user_id FROM users "
        "WHERE IFF(opted_in, 1, 0) = 1 "
        "QUALIFY ROW_NUMBER() OVER (PARTITION BY external_id ORDER BY user_id) = 1"
    )
    result = run_build(source, sql)
    assert result.status == "ok", result.message
    assert result.members == 333


def test_contract_rule_errors_refuse_a_build_but_not_a_preview(active: Source) -> None:
    sql = "SELECT user_id, external_id FROM users"
    built = run_build(active, sql, adapter_factory=_no_connection)
    assert built.status == "refused" and exit_code_of(built) == 1
    assert {d.code for d in built.diagnostics} & {"CDI103", "CDI104"}
    assert run_preview(active, sql).status == "ok"


def _no_connection(source: Source):  # type: ignore[no-untyped-def]
    raise AssertionError("refused segments never connect")


def test_a_segment_reading_another_schema_is_refused(active: Source, warehouse: Path) -> None:
    import duckdb

    conn = duckdb.connect(str(warehouse))
    conn.execute("CREATE SCHEMA marketing")
    conn.execute("CREATE TABLE marketing.leads AS SELECT 'x' AS external_id")
    conn.close()
    sql = "SELECT external_id AS external_user_id FROM marketing.leads"
    result = run_build(active, sql, adapter_factory=_no_connection)
    assert result.status == "refused"
    assert "CDI105" in {d.code for d in result.diagnostics}
    ok = run_build(active, "SELECT external_id AS external_user_id FROM main.users")
    assert ok.status == "ok", ok.message
