"""``cdisql catalog diff`` and a stable ``catalog export``, against a real DuckDB source
whose tables change after the snapshot was committed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
from click.testing import CliRunner

from cdisql.catalog import Catalog, Column, Table, load_catalog
from cdisql.catalog.diff import diff_catalogs
from cdisql.cli import cli
from cdisql.dialects import get_warehouse

USES_EMAIL = "SELECT external_id AS external_user_id\nFROM users\nWHERE email LIKE '%@braze.com'\n"
USES_OPT_IN = "SELECT external_id AS external_user_id\nFROM users\nWHERE opted_in\n"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def change(warehouse: Path, *statements: str) -> None:
    conn = duckdb.connect(str(warehouse))
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def test_a_dropped_column_is_reported_with_the_segments_it_breaks(
    project: Path, warehouse: Path
) -> None:
    (project / "segments" / "email.sql").write_text(USES_EMAIL)
    (project / "segments" / "opt_in.sql").write_text(USES_OPT_IN)
    assert run("catalog", "export", "wh", "-o", "catalog.json").exit_code == 0
    change(
        warehouse,
        "ALTER TABLE users DROP COLUMN email",
        "ALTER TABLE orders ALTER COLUMN amount TYPE VARCHAR",
        "CREATE TABLE events (user_id INTEGER)",
    )
    result = run("catalog", "diff", "--source", "wh", "catalog.json", "segments")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "  - column dropped: warehouse.main.users.email (VARCHAR)" in out
    assert "  ~ column retyped: warehouse.main.orders.amount: DOUBLE -> VARCHAR" in out
    assert "  + table added: warehouse.main.events" in out
    broken = out.split("segments broken by these changes (1 of 2):\n", 1)[1]
    assert broken.startswith("segments/email.sql:3:7: CDI202 [error]")
    assert "opt_in.sql" not in broken


def test_no_change_or_no_broken_segment_exits_zero(project: Path, warehouse: Path) -> None:
    (project / "segments" / "opt_in.sql").write_text(USES_OPT_IN)
    (project / "cdisql.toml").write_text('source = "wh"\ncatalog = "catalog.json"\n')
    assert run("catalog", "export", "wh", "-o", "catalog.json").exit_code == 0
    same = run("catalog", "diff", "--source", "wh")  # the snapshot named by cdisql.toml
    assert same.exit_code == 0 and "no change" in same.stdout
    change(warehouse, "ALTER TABLE users DROP COLUMN email")
    result = run("catalog", "diff", "--source", "wh", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["changes"] == [
        {
            "change": "column dropped",
            "table": "warehouse.main.users",
            "column": "email",
            "before": "VARCHAR",
            "after": None,
        }
    ]
    assert data["broken"] == []


def test_partition_key_changes_are_reported() -> None:
    wh = get_warehouse("bigquery")
    events = Table("events", (Column("event_date", "DATE"), Column("ts", "TIMESTAMP")), "p", "d")
    old = Catalog(wh, (Table(**{**_fields(events), "partition_by": ("event_date",)}),))
    new = Catalog(wh, (Table(**{**_fields(events), "partition_by": ("ts",)}),))
    (found,) = diff_catalogs(old, new)
    assert found.describe() == "partition keys changed: p.d.events: [event_date] -> [ts]"


def _fields(table: Table) -> dict[str, object]:
    return {name: getattr(table, name) for name in table.__slots__}  # type: ignore[attr-defined]


def test_export_writes_tables_in_a_stable_order(tmp_path: Path) -> None:
    wh = get_warehouse("snowflake")
    tables = [
        Table("ORDERS", schema="CDI"),
        Table("users", schema="CDI"),
        Table("EVENTS", schema="CDI"),
    ]
    first = Catalog(wh, tuple(tables)).to_json()
    again = Catalog(wh, tuple(reversed(tables))).to_json()
    assert first == again
    assert [t["name"] for t in json.loads(first)["tables"]] == ["EVENTS", "ORDERS", "users"]
    path = tmp_path / "c.json"
    path.write_text(first)
    assert [t.name for t in load_catalog(path)] == ["EVENTS", "ORDERS", "users"]
