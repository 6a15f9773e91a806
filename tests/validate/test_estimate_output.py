"""``cdisql estimate``: the figures that matter, aligned, and the plan only on request
(against a real DuckDB source)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.sources.estimate import Estimate, Scan

JOIN = (
    "SELECT u.external_id AS external_user_id\n"
    "FROM users AS u JOIN orders AS o ON o.user_id = u.user_id\n"
    "WHERE o.amount > 90\n"
)


def test_estimate_prints_figures_and_largest_scans_not_the_raw_tree(project: Path) -> None:
    segment = project / "segments" / "buyers.sql"
    segment.write_text(JOIN)
    result = CliRunner().invoke(cli, ["estimate", str(segment), "--source", "wh"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "largest scans  warehouse.main.users: ≈ 1,000 rows" in out  # largest first
    assert "               warehouse.main.orders: ≈ " in out
    assert "bytes to scan  not given by the duckdb plan" in out
    assert "╭" not in out and "SEQ_SCAN" not in out  # no plan unless asked for
    assert "--plan" in out


def test_estimate_plan_on_request_is_an_indented_tree(project: Path) -> None:
    segment = project / "segments" / "buyers.sql"
    segment.write_text(JOIN)
    result = CliRunner().invoke(cli, ["estimate", str(segment), "--source", "wh", "--plan"])
    assert result.exit_code == 0, result.output
    plan = result.stdout.split("plan:\n", 1)[1].splitlines()
    assert plan[0].startswith("  PROJECTION")
    scans = [line for line in plan if "SEQ_SCAN" in line]
    assert len(scans) == 2 and all(line.startswith("      ") for line in scans)
    assert "╭" not in result.stdout


def test_figures_say_partitions_pruned_and_price_where_the_warehouse_gives_them() -> None:
    snowflake = Estimate(
        "prod",
        "snowflake",
        "ok",
        method="EXPLAIN",
        bytes_processed=5 << 20,
        partitions_scanned=7,
        partitions_total=120,
        scans=(Scan("DB.CDI.EVENTS", bytes=5 << 20, partitions_scanned=7, partitions_total=120),),
    )
    figures = dict(snowflake.figures())
    assert figures["bytes to scan"] == "5.0 MiB"
    assert figures["partitions"] == "7 of 120 partitions scanned (113 pruned)"
    assert figures["largest scans"].startswith("DB.CDI.EVENTS: 5.0 MiB")
    unpruned = Estimate("p", "snowflake", "ok", partitions_scanned=9, partitions_total=9)
    assert dict(unpruned.figures())["partitions"] == "9 of 9 partitions scanned (none pruned)"
    bigquery = Estimate(
        "bq", "bigquery", "ok", method="dry run", bytes_processed=1 << 40, price_usd=6.25
    )
    assert dict(bigquery.figures())["bytes to scan"] == (
        "1.0 TiB (≈ $6.2500 at the on-demand list price)"
    )


class _ExplainOnly:
    """FAKE adapter: answers ``explain`` with the rows a warehouse's EXPLAIN returns."""

    def __init__(self, kind: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]):
        self.kind, self._answer = kind, (columns, rows)

    def explain(self, sql: str, *, timeout_s: float = 60) -> object:
        return self._answer


def test_snowflake_explain_using_json_gives_partitions_and_scans() -> None:
    from cdisql.sources.estimate import estimate_with

    plan = (
        '{"GlobalStats":{"partitionsTotal":120,"partitionsAssigned":7,"bytesAssigned":5242880},'
        '"Operations":[[{"id":0,"operation":"Result","expressions":["EVENTS.USER_ID"]},'
        '{"id":1,"parentOperators":[0],"operation":"TableScan","objects":["DB.CDI.EVENTS"],'
        '"expressions":["USER_ID"],"partitionsAssigned":7,"partitionsTotal":120,'
        '"bytesAssigned":5242880}]]}'
    )
    figures = estimate_with(_ExplainOnly("snowflake", ("content",), [(plan,)]), "SELECT 1")  # type: ignore[arg-type]
    assert figures["partitions_scanned"] == 7 and figures["partitions_total"] == 120
    assert figures["scans"] == (Scan("DB.CDI.EVENTS", 5242880, None, 7, 120),)


def test_redshift_explain_scans_are_rows_times_width() -> None:
    from cdisql.sources.estimate import estimate_with

    rows = [
        ("XN Hash Join DS_DIST_NONE  (cost=0.00..9.00 rows=40 width=32)",),
        ("  ->  XN Seq Scan on events e  (cost=0.00..4.00 rows=400 width=12)",),
        ("  ->  XN Seq Scan on users  (cost=0.00..2.00 rows=100 width=40)",),
    ]
    figures = estimate_with(_ExplainOnly("redshift", ("QUERY PLAN",), rows), "SELECT 1")  # type: ignore[arg-type]
    assert figures["rows"] == 40
    assert figures["scans"] == (Scan("events", 4800, 400), Scan("users", 4000, 100))
    assert figures["bytes_processed"] == 8800


def test_databricks_explain_that_cannot_plan_is_an_error_with_its_position() -> None:
    """FAKE EXPLAIN COST rows: Databricks answers a query it cannot compile with a plan
    that says so, instead of raising."""
    import pytest

    from cdisql.sources.base import WarehouseError
    from cdisql.sources.errors import error_offset
    from cdisql.sources.estimate import estimate_with

    text = (
        "Error occurred during query planning: \n[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column "
        "with name `nosuch` cannot be resolved. SQLSTATE: 42703; line 2 pos 4"
    )
    with pytest.raises(WarehouseError, match="UNRESOLVED_COLUMN") as raised:
        estimate_with(_ExplainOnly("databricks", ("plan",), [(text,)]), "SELECT 1")  # type: ignore[arg-type]
    sent = "EXPLAIN COST SELECT a,\n    nosuch FROM t"
    offset = error_offset("databricks", raised.value.detail, sent)
    assert offset is not None and sent[offset:].startswith("nosuch")
