"""Old build tables on the real DuckDB source: `cdisql builds sweep` drops exactly the
tables a build would have named, older than asked, in the source's schema, and nothing
else; `sources test` and builds report them without dropping anything."""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.sources.base import adapter_for, build_table
from cdisql.sources.build import run_build
from cdisql.sources.connection_test import run_connection_test
from cdisql.sources.model import Source
from cdisql.sources.sweep import sweep_build_tables

OLD = "cdisql_segment_20200101000000_deadbeef"
NEAR_MISSES = [
    "cdisql_segment_users",  # a user's own table with the prefix
    "cdisql_segment_20200101000000_deadbeef_copy",
    "xcdisql_segment_20200101000000_deadbeef",
    "cdisql_segment_2020010100000_deadbeef",  # 13 digits
    "cdisql_segment_20200101000000_deadbeeg",  # not hex
    "cdisql_segment_20200101000000_deadbee",  # 7 hex digits
]


def _young() -> str:
    return f"cdisql_segment_{time.strftime('%Y%m%d%H%M%S', time.gmtime())}_0123abcd"


def _seed(warehouse: Path, names: list[str], *, schema: str = "main") -> None:
    conn = duckdb.connect(str(warehouse))
    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for name in names:
        conn.execute(f'CREATE TABLE {schema}."{name}" AS SELECT 1 AS external_user_id')
    conn.close()


def _tables(warehouse: Path) -> set[str]:
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = conn.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()")
        return {r[0] for r in rows.fetchall()}
    finally:
        conn.close()


def test_the_name_pattern_is_exactly_what_builds_generate(active: Source) -> None:
    generated = adapter_for(active).temp_table_name()
    assert build_table(generated) is not None
    assert build_table(generated.upper()) is not None  # Snowflake folds it upper
    for name in NEAR_MISSES:
        assert build_table(name) is None, name
    found = build_table(OLD)
    assert found is not None and found.created.isoformat() == "2020-01-01T00:00:00+00:00"


def test_sweep_drops_only_old_build_tables_of_the_sources_schema(
    active: Source, warehouse: Path
) -> None:
    young = _young()
    _seed(warehouse, [OLD, young, *NEAR_MISSES])
    _seed(warehouse, [OLD], schema="other")
    before = _tables(warehouse)

    dry = sweep_build_tables(active, older_than_s=7200, dry_run=True)
    assert [t.name for t in dry.old] == [OLD] and dry.dropped == ()
    assert [t.name for t in dry.young] == [young]
    assert _tables(warehouse) == before

    report = sweep_build_tables(active, older_than_s=7200)
    assert report.dropped == (OLD,) and report.ok
    assert _tables(warehouse) == before - {f"main.{OLD}"}
    assert f"other.{OLD}" in _tables(warehouse)  # another schema is never touched
    assert {f"main.{n}" for n in [young, *NEAR_MISSES]} <= _tables(warehouse)


def test_sweep_command_lists_drops_and_refuses_an_age_under_the_max_runtime(
    active: Source, warehouse: Path
) -> None:
    _seed(warehouse, [OLD, "cdisql_segment_users"])
    runner = CliRunner()
    dry = runner.invoke(cli, ["builds", "sweep", "--source", "local", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"would drop {OLD} (created 2020-01-01T00:00:00Z)" in dry.output
    assert "cdisql_segment_users" not in dry.output
    assert f"main.{OLD}" in _tables(warehouse)

    short = runner.invoke(cli, ["builds", "sweep", "--source", "local", "--older-than", "5m"])
    assert short.exit_code == 2 and "shorter than the max runtime" in short.output
    assert f"main.{OLD}" in _tables(warehouse)

    done = runner.invoke(cli, ["builds", "sweep", "--source", "local", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["dropped"] == [OLD]
    assert f"main.{OLD}" not in _tables(warehouse)
    assert "main.cdisql_segment_users" in _tables(warehouse)


def test_sources_test_and_builds_warn_about_old_tables_and_keep_them(
    active: Source, warehouse: Path
) -> None:
    _seed(warehouse, [OLD])
    result = run_connection_test(active, save=False)
    assert result.ok
    check = next(c for c in result.checks if c.name == "old build tables")
    assert check.detail.startswith("warning: 1 old build table(s) left in schema main")
    assert "cdisql builds sweep --source local" in check.detail

    said: list[str] = []
    built = run_build(
        active, "SELECT external_id AS external_user_id FROM users", on_message=said.append
    )
    assert built.status == "ok"
    assert any(line.startswith("warning: 1 old build table(s)") for line in said)
    assert f"main.{OLD}" in _tables(warehouse)  # reported, not dropped


def test_no_warning_without_old_tables(active: Source) -> None:
    result = run_connection_test(active, save=False)
    check = next(c for c in result.checks if c.name == "old build tables")
    assert check.ok and not check.detail.startswith("warning")
