"""``cdisql validate`` against the embedded DuckDB source (a real DuckDB file): lint,
then the warehouse's own EXPLAIN, never a run; diagnostics at the line the warehouse
points to, in every output format; budgets; one error for an unreachable source."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from validate_helpers import GOOD, database_state

from cdisql.cli import cli
from cdisql.report.model import FileReport
from cdisql.sources import store
from cdisql.sources.model import Source
from cdisql.sources.validate import validate_reports

MISSING_FUNCTION = (
    "-- who bought recently\n"
    "SELECT external_id AS external_user_id\n"
    "FROM users\n"
    "WHERE opted_in\n"
    "  AND   braze_score(email) = 'x'\n"
)
# would fail if it ran: EXPLAIN compiles it, nothing evaluates error()
WOULD_FAIL_IF_RUN = (
    "SELECT CASE WHEN user_id > 0 THEN error('this segment ran') END AS external_user_id\n"
    "FROM users\n"
)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, ["validate", *args], catch_exceptions=False)


def write(project: Path, name: str, text: str) -> Path:
    path = project / "segments" / name
    path.write_text(text)
    return path


def test_missing_function_is_reported_at_the_line_the_warehouse_points_to(
    project: Path, warehouse: Path
) -> None:
    write(project, "good.sql", GOOD)
    write(project, "missing_fn.sql", MISSING_FUNCTION)
    before = database_state(warehouse)
    result = invoke("segments", "--source", "wh")
    assert result.exit_code == 1, result.output
    assert (
        "segments/missing_fn.sql:5:9: CDI401 [error] duckdb refused to compile the segment: "
        "Catalog Error: Scalar Function with name braze_score does not exist!"
    ) in result.stdout
    assert "good.sql" not in result.stdout.split("estimates:")[0]
    assert database_state(warehouse) == before


def test_a_column_dropped_since_the_catalog_was_cached_fails_at_its_line(
    project: Path, warehouse: Path
) -> None:
    """The cached catalog still has users.email (lint passes); the warehouse does not."""
    write(
        project,
        "uses_email.sql",
        "SELECT external_id AS external_user_id\nFROM users\nWHERE email LIKE 'a%'\n",
    )
    assert CliRunner().invoke(cli, ["lint", "segments", "--source", "wh"]).exit_code == 0
    conn = duckdb.connect(str(warehouse))
    conn.execute("ALTER TABLE users DROP COLUMN email")
    conn.close()
    result = invoke("segments", "--source", "wh")
    assert result.exit_code == 1
    assert "segments/uses_email.sql:3:7: CDI401 [error]" in result.stdout
    assert 'Referenced column "email" not found' in result.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "junit"])
def test_every_output_format_carries_the_warehouse_diagnostic_with_file_and_line(
    project: Path, fmt: str
) -> None:
    write(project, "missing_fn.sql", MISSING_FUNCTION)
    result = invoke("segments", "--source", "wh", "--format", fmt)
    assert result.exit_code == 1, result.output
    out = result.stdout
    if fmt == "json":
        (item,) = json.loads(out)
        assert (item["code"], item["filename"], item["location"]) == (
            "CDI401",
            "segments/missing_fn.sql",
            {"row": 5, "column": 9},
        )
        assert item["url"].endswith("#cdi401-warehouse-rejected")
    elif fmt == "sarif":
        (res,) = json.loads(out)["runs"][0]["results"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert res["ruleId"] == "CDI401" and region["startLine"] == 5
    elif fmt == "github":
        assert out.startswith("::error file=segments/missing_fn.sql,line=5,col=9,")
    else:
        failure = ET.fromstring(out.split("\n", 1)[1]).find(".//failure")
        assert failure is not None and "missing_fn.sql:5:9: CDI401" in (failure.text or "")
    assert "estimates:" not in out  # the human table goes to stderr for machine formats


def test_nothing_is_run_and_no_table_is_created(project: Path, warehouse: Path) -> None:
    write(project, "would_fail.sql", WOULD_FAIL_IF_RUN)
    write(project, "good.sql", GOOD)
    before = database_state(warehouse)
    result = invoke("segments", "--source", "wh", "-j", "2")
    assert result.exit_code == 0, result.output
    assert "this segment ran" not in result.output
    assert database_state(warehouse) == before  # no table, no row, no column changed


def test_lint_errors_are_reported_and_the_segment_is_not_sent(project: Path) -> None:
    write(project, "two_columns.sql", "SELECT external_id AS external_user_id, email FROM users\n")
    result = invoke("segments", "--source", "wh")
    assert result.exit_code == 1
    assert "two_columns.sql:1:41: CDI103 [error]" in result.stdout
    assert "validated 0 of 1 segment(s)" in result.stderr


def test_budget_overrun_is_its_own_diagnostic_and_fails(project: Path) -> None:
    (project / "cdisql.toml").write_text('source = "wh"\n\n[validate]\nmax_rows = 1500\n')
    write(project, "small.sql", GOOD)
    write(
        project,
        "join.sql",
        (
            "SELECT u.external_id AS external_user_id\n"
            "FROM users AS u JOIN orders AS o ON o.user_id = u.user_id\n"
        ),
    )
    result = invoke("segments", "--source", "wh")
    assert result.exit_code == 1, result.output
    assert (
        "segments/join.sql:1:1: CDI402 [error] duckdb estimates 4,000 rows scanned, over the budget "
        "of max_rows = 1,500 ([validate] in"
    ) in result.stdout
    assert "small.sql:" not in result.stdout.split("estimates:")[0]
    table = result.stdout.split("estimates:\n", 1)[1].splitlines()
    assert table[1].startswith("segments/join.sql") and table[2].startswith("segments/small.sql")
    assert table[3].split() == ["total", "(2)", "-", "4,200"]
    # a file's own comment raises its budget: it passes
    write(
        project,
        "join.sql",
        "-- cdisql: max_rows=10000\n" + (project / "segments/join.sql").read_text(),
    )
    assert invoke("segments", "--source", "wh").exit_code == 0


def test_max_bytes_unchecked_where_the_plan_gives_no_bytes_is_said_once(project: Path) -> None:
    (project / "cdisql.toml").write_text('source = "wh"\n[validate]\nmax_bytes = "1KB"\n')
    write(project, "a.sql", GOOD)
    write(project, "b.sql", GOOD)
    result = invoke("segments", "--source", "wh")
    assert result.exit_code == 0
    assert result.stderr.count("max_bytes is not checked for 2 segment(s)") == 1


def test_an_unreachable_source_is_one_error_not_one_per_file(project: Path, tmp_path: Path) -> None:
    store.add_source(Source("gone", "duckdb", "main", database=str(tmp_path / "missing.duckdb")))
    for i in range(5):
        write(project, f"s{i}.sql", GOOD)
    result = invoke("segments", "--source", "gone")
    assert result.exit_code == 3
    assert result.stderr.count("cannot connect to source 'gone'") == 1
    assert "does not exist" in result.stderr
    assert result.stdout == ""


def test_a_read_only_database_fails_every_build_with_cdi403(
    project: Path, warehouse: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    store.add_source(
        Source("ro", "duckdb", "main", database=str(copy), settings={"read_only": True})
    )
    write(project, "good.sql", GOOD)
    result = invoke("segments", "--source", "ro")
    assert result.exit_code == 1, result.output
    assert (
        "good.sql:1:1: CDI403 [error] the build of this segment would fail: the database file"
        in (result.stdout)
    )


def test_connections_are_bounded_and_the_warm_up_is_said_once(
    source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAKE progress message on connect, around the real DuckDB adapter's connect."""
    from cdisql.sources.duckdb import DuckDBAdapter

    opened: list[Any] = []
    real_connect = DuckDBAdapter.connect

    def connect(self: DuckDBAdapter) -> None:
        self.progress("waiting for the warehouse to start")
        real_connect(self)
        opened.append(self)

    monkeypatch.setattr(DuckDBAdapter, "connect", connect)
    messages: list[str] = []
    reports = [FileReport(f"s{i}.sql", GOOD) for i in range(12)]
    done: list[int] = []
    run = validate_reports(
        reports,
        source,
        connections=3,
        on_message=messages.append,
        on_progress=lambda n, total, name: done.append(n),
    )
    # one warm-up: the database is opened once, the other connections share it
    assert run.fatal is None and run.connections == 3 and len(opened) == 1
    assert messages == ["waiting for the warehouse to start"]
    assert sorted(done) == list(range(1, 13))
    assert all(s.status == "ok" for s in run.segments)


def test_warehouse_codes_follow_the_lint_settings(project: Path) -> None:
    (project / "cdisql.toml").write_text(
        'source = "wh"\n[lint.severity]\nCDI402 = "warning"\n[validate]\nmax_rows = 10\n'
    )
    write(project, "good.sql", GOOD)
    result = invoke("segments", "--source", "wh", "--fail-on", "error")
    assert result.exit_code == 0, result.output
    assert "good.sql:1:1: CDI402 [warning]" in result.stdout
    (project / "cdisql.toml").write_text(
        'source = "wh"\n[lint]\nignore = ["CDI4"]\n[validate]\nmax_rows = 10\n'
    )
    result = invoke("segments", "--source", "wh")
    assert result.exit_code == 0 and "CDI402" not in result.stdout


def test_a_connection_lost_mid_way_is_said_once_and_the_run_is_incomplete(
    source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAKE: the real DuckDB adapter's explain loses its connection after three EXPLAINs."""
    from cdisql.sources.base import ConnectError
    from cdisql.sources.duckdb import DuckDBAdapter

    real_explain = DuckDBAdapter.explain
    calls: list[str] = []

    def explain(self: DuckDBAdapter, sql: str, **kwargs: Any) -> Any:
        calls.append(sql)
        if len(calls) > 3:
            raise ConnectError("the connection was reset by the warehouse")
        return real_explain(self, sql, **kwargs)

    monkeypatch.setattr(DuckDBAdapter, "explain", explain)
    run = validate_reports([FileReport(f"s{i}.sql", GOOD) for i in range(6)], source, connections=1)
    assert run.fatal is None and run.incomplete == 3
    assert run.notices == [
        "3 segment(s) were not validated, the connection was lost: "
        "the connection was reset by the warehouse"
    ]
    assert not any(d for s in run.segments for d in s.report.diagnostics)


def test_a_position_in_sql_generated_from_the_tree_is_mapped_back_to_the_file() -> None:
    """The SQL sent is generated from the checked tree (one line, other spacing, no
    comments): a real DuckDB error on it still lands on the file's line and column."""
    import sqlglot

    from cdisql.sources.estimate import DUCKDB_EXPLAIN
    from cdisql.sources.validate import _Sent, map_error

    text = (
        "-- recent buyers\n"
        "SELECT external_id AS external_user_id   -- the id\n"
        "FROM users\n"
        "WHERE opted_in\n"
        "  AND   braze_score(email) > 1\n"
    )
    start = text.index("SELECT")
    query = sqlglot.transpile(text[start:], read="duckdb", write="duckdb")[0]
    assert "\n" not in query and "--" not in query
    conn = duckdb.connect()
    conn.execute("CREATE TABLE users (external_id VARCHAR, opted_in BOOLEAN, email VARCHAR)")
    with pytest.raises(duckdb.Error) as raised:
        conn.execute(f"{DUCKDB_EXPLAIN} {query}")
    source = Source("wh", "duckdb", "main", database="x.duckdb")
    sent = _Sent(text, start, len(text), source, query, f"{DUCKDB_EXPLAIN} ")
    begin, end = map_error(
        sent, "Scalar Function with name braze_score does not exist!", str(raised.value)
    )
    assert text[begin:end] == "braze_score"
    report = FileReport("f.sql", text)
    assert (report.position(begin).row, report.position(begin).column) == (5, 9)
    # no position at all: the name the message quotes; else the statement's first line
    assert text[slice(*map_error(sent, "column 'email' is not visible", None))] == "email"
    assert map_error(sent, "permission denied", None) == (start, text.index("\n", start))


def test_the_settings_files_source_is_used_when_none_is_given(project: Path) -> None:
    write(project, "good.sql", GOOD)
    result = invoke("segments")
    assert result.exit_code == 0, result.output
    assert "validated 1 of 1 segment(s) on wh" in result.stderr


def test_a_missing_path_is_an_error_and_nothing_says_passed(project: Path) -> None:
    result = invoke("nosuch.sql", "--source", "wh")
    assert result.exit_code == 2
    assert "nosuch.sql: no such file or folder" in result.stderr
    assert "passed" not in result.output and "validated" not in result.stderr


def test_a_folder_without_sql_files_is_said_and_can_fail(project: Path) -> None:
    result = invoke("segments", "--source", "wh")
    assert result.exit_code == 0 and "All checks passed" not in result.output
    assert "nothing validated: no .sql file found in segments" in result.stderr
    failing = invoke("segments", "--source", "wh", "--fail-on-empty")
    assert failing.exit_code == 2
    assert "error: nothing validated" in failing.stderr
