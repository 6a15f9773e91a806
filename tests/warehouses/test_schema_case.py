"""A source's schema as typed (``--schema CDI``) reaches each warehouse the way that
warehouse folds names: Snowflake upper, Redshift and Databricks lower, BigQuery exact,
DuckDB any case. Redshift runs on its PostgreSQL peer, Snowflake on fakesnow, DuckDB for
real; Databricks on the peers' labelled FAKE connector (DuckDB behind it, names stored
lower-case like Unity Catalog's ``information_schema``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from cdisql.dialects import BIGQUERY, DATABRICKS, DUCKDB, REDSHIFT, SNOWFLAKE
from cdisql.sources.base import adapter_for
from cdisql.sources.build import run_build
from cdisql.sources.model import MaxRuntime, Source, SourceState


@pytest.mark.parametrize(
    ("warehouse", "typed", "stored"),
    [
        (SNOWFLAKE, "cdi", "CDI"),
        (SNOWFLAKE, "raw$data", "RAW$DATA"),
        (SNOWFLAKE, "Mixed Case", "Mixed Case"),  # only creatable quoted: kept as written
        (REDSHIFT, "CDI", "cdi"),
        (DATABRICKS, "Braze_CDI", "braze_cdi"),
        (BIGQUERY, "Braze_CDI", "Braze_CDI"),
        (DUCKDB, "MAIN", "main"),
    ],
)
def test_each_warehouse_folds_a_typed_schema_name(warehouse: Any, typed: str, stored: str) -> None:
    assert warehouse.stored_name(typed) == stored


def test_catalog_filters_compare_case_insensitively_only_where_the_warehouse_does() -> None:
    assert DUCKDB.name_filter("schema_name", "?") == "lower(schema_name) = lower(?)"
    assert DATABRICKS.name_filter("table_schema", ":s") == "lower(table_schema) = lower(:s)"
    assert REDSHIFT.name_filter("nspname", "%s") == "nspname = %s"
    assert SNOWFLAKE.name_filter("table_schema", "%s") == "table_schema = %s"


def _active(source: Any, schema: str) -> Any:
    return source.with_changes(schema=schema, state=SourceState.ACTIVE, max_runtime=MaxRuntime(300))


def _segment() -> str:
    from peers import CONTRACT_TABLE

    return f"SELECT external_id AS external_user_id FROM {CONTRACT_TABLE}"


def test_redshift_upper_case_schema_lists_the_lower_case_schema(redshift_ready: Any) -> None:
    from peers import CONTRACT_MEMBERS, CONTRACT_TABLE

    source = _active(redshift_ready.source, "CDI")
    with adapter_for(source) as adapter:
        names = {t.name for t in adapter.list_tables()}
        catalog = adapter.discover_catalog()
    assert CONTRACT_TABLE in names and "contract_view" in names
    assert CONTRACT_TABLE in {t.name for t in catalog.tables}
    result = run_build(source, _segment(), record=False)
    assert result.status == "ok" and result.members == CONTRACT_MEMBERS, result.message


def test_databricks_schema_in_any_case_lists_its_tables(databricks_ready: Any) -> None:
    from peers import CONTRACT_TABLE

    source = _active(databricks_ready.source, "CONTRACT")
    with adapter_for(source) as adapter:
        names = {t.name for t in adapter.list_tables()}
        catalog = adapter.discover_catalog()
    assert CONTRACT_TABLE in names
    assert CONTRACT_TABLE in {t.name for t in catalog.tables}
    assert databricks_ready.extra["fake"].connect_kwargs["schema"] == "contract"


def test_snowflake_lower_case_schema_lists_the_upper_case_schema(snowflake_ready: Any) -> None:
    from peers import CONTRACT_TABLE

    source = _active(snowflake_ready.source, snowflake_ready.source.schema.lower())
    with adapter_for(source) as adapter:
        names = {t.name.lower() for t in adapter.list_tables()}
    assert CONTRACT_TABLE.lower() in names


def test_bigquery_keeps_the_dataset_name_exactly() -> None:
    source = Source("bq", "bigquery", "Braze_CDI", database="my-project")
    adapter = adapter_for(source)
    assert adapter.schema_name == "Braze_CDI"
    assert adapter.qualified("t") == "`my-project`.`Braze_CDI`.`t`"


def test_duckdb_schema_in_any_case_lists_and_builds(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE SCHEMA Sales")
    conn.execute("CREATE TABLE Sales.buyers AS SELECT 'u' || range AS id FROM range(7)")
    conn.close()
    for typed in ("SALES", "sales", "Sales"):
        source = Source("local", "duckdb", typed, database=str(path), state=SourceState.ACTIVE)
        with adapter_for(source) as adapter:
            assert [t.name for t in adapter.list_tables()] == ["buyers"], typed
            assert [t.name for t in adapter.discover_catalog().tables] == ["buyers"]
            assert adapter.extra_checks()[0].ok
        result = run_build(source, "SELECT id AS external_user_id FROM buyers", record=False)
        assert result.status == "ok" and result.members == 7, result.message
