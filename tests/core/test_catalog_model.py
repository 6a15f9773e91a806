"""The catalog model: name resolution the way each warehouse folds names, and the file format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdisql.catalog import Catalog, CatalogError, Column, Table, catalog_from_dict, load_catalog
from cdisql.catalog.model import save_catalog
from cdisql.dialects import get_warehouse

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalogs"


def events(db: str, schema: str, name: str) -> Table:
    return Table(name, (Column("EVENT_DATE", "DATE"),), db, schema, partition_by=("EVENT_DATE",))


def test_tables_resolve_by_trailing_name_parts() -> None:
    catalog = Catalog(get_warehouse("snowflake"), (events("ANALYTICS", "CDI", "EVENTS"),))
    for parts in (("EVENTS",), ("events",), ("cdi", "events"), ("Analytics", "CDI", "Events")):
        assert catalog.resolve(*parts) is catalog.tables[0], parts
    assert catalog.resolve("OTHER", "EVENTS") is None


def test_bigquery_names_are_case_sensitive_and_backtick_paths_split() -> None:
    catalog = Catalog(get_warehouse("bigquery"), (events("acme", "cdi", "events"),))
    assert catalog.resolve("acme.cdi.events") is catalog.tables[0]
    assert catalog.resolve("cdi.events") is catalog.tables[0]
    assert catalog.resolve("Events") is None


def test_same_name_in_two_schemas_is_ambiguous_until_qualified() -> None:
    wh = get_warehouse("redshift")
    catalog = Catalog(wh, (events("db", "a", "events"), events("db", "b", "events")))
    assert catalog.resolve("events") is None
    assert len(catalog.lookup("events")) == 2
    assert catalog.resolve("b", "events") is catalog.tables[1]


def test_columns_match_case_insensitively_and_pruning_columns_combine() -> None:
    table = Table(
        "t",
        (Column("Event_Date", "DATE"), Column("user_id", "INT")),
        partition_by=("Event_Date",),
        cluster_by=("user_id", "Event_Date"),
    )
    assert table.column("EVENT_DATE") is table.columns[0]
    assert table.pruning_columns == ("Event_Date", "user_id")


@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "bigquery", "databricks", "duckdb"])
def test_fixture_catalogs_load_and_round_trip(dialect: str, tmp_path: Path) -> None:
    catalog = load_catalog(FIXTURES / f"{dialect}.json")
    assert catalog.warehouse.kind == dialect
    assert {t.name.lower() for t in catalog} >= {"users", "orders", "events"}
    (events_table,) = [t for t in catalog if t.name.lower() == "events"]
    assert any(c.lower() == "event_date" for c in events_table.pruning_columns)
    out = tmp_path / "copy.json"
    save_catalog(catalog, out)
    assert load_catalog(out).to_dict() == catalog.to_dict()


def test_snowflake_fixture_names_are_stored_upper_case() -> None:
    catalog = load_catalog(FIXTURES / "snowflake.json")
    assert all(t.name.isupper() and all(c.name.isupper() for c in t.columns) for t in catalog)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a JSON object"),
        ({"version": 2, "tables": []}, "unsupported catalog version 2"),
        ({"version": 1, "warehouse": "oracle", "tables": []}, "unknown dialect 'oracle'"),
        ({"version": 1, "warehouse": "snowflake", "tables": {}}, "'tables' must be a list"),
        ({"version": 1, "warehouse": "snowflake", "tables": [{"name": ""}]}, "tables[0]"),
        (
            {"version": 1, "warehouse": "snowflake", "tables": [{"name": "T", "columns": [{}]}]},
            "tables[0].columns[0]: expected an object with a non-empty 'name' (table T)",
        ),
        (
            {"version": 1, "warehouse": "snowflake", "tables": [{"name": "T", "kind": "x"}]},
            "'kind' must be one of",
        ),
        (
            {
                "version": 1,
                "warehouse": "snowflake",
                "tables": [{"name": "T", "partition_by": "D"}],
            },
            "tables[0].partition_by: must be a list of column names",
        ),
    ],
)
def test_malformed_catalog_names_the_file_and_the_entry(data: object, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        catalog_from_dict(data, origin="ci/catalog.json")
    assert str(caught.value).startswith("ci/catalog.json")
    assert message in str(caught.value)


def test_catalog_file_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(CatalogError, match=r"nope\.json: catalog file not found"):
        load_catalog(missing)
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1,', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"broken.json:1:\d+: not valid JSON"):
        load_catalog(broken)
    broken.write_text(json.dumps({"version": 1, "tables": []}), encoding="utf-8")
    with pytest.raises(CatalogError, match="'warehouse' is missing: it must name one of"):
        load_catalog(broken)
    broken.write_text(json.dumps({"version": 1, "warehouse": 3, "tables": []}), encoding="utf-8")
    with pytest.raises(CatalogError, match="'warehouse' is 3: it must name one of"):
        load_catalog(broken)
