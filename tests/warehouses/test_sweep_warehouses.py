"""`builds sweep` on each warehouse's peer drops exactly the build-named tables of the
source's schema. Redshift runs on PostgreSQL behind pgbouncer (no creation time in its
catalog: the name's time is used), Snowflake on fakesnow, BigQuery on bqemulator (their
catalogs' creation times), Databricks on the peers' labelled FAKE connector (DuckDB
behind Unity Catalog's ``information_schema`` views). What is left is read back through
each peer's own admin connection, not through the adapter."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from cdisql.sources.sweep import sweep_build_tables

OLD = "cdisql_segment_20200101000000_deadbeef"
NEAR_MISSES = ["cdisql_segment_users", "cdisql_segment_20200101000000_deadbeef_copy"]


def _young() -> str:
    return f"cdisql_segment_{time.strftime('%Y%m%d%H%M%S', time.gmtime())}_0123abcd"


def _redshift(setup: Any) -> tuple[Callable[[str], None], Callable[[], set[str]]]:
    from peers.redshift_peer import PEER, SCHEMA, USER

    server = PEER.server()

    def create(name: str) -> None:
        server.admin(
            f'CREATE TABLE {SCHEMA}."{name}" (x int); GRANT ALL ON {SCHEMA}."{name}" TO {USER};'
            f'ALTER TABLE {SCHEMA}."{name}" OWNER TO {USER};'
        )

    def names() -> set[str]:
        out = server.admin(f"SELECT tablename FROM pg_tables WHERE schemaname = '{SCHEMA}'")
        return {line.strip() for line in out.splitlines() if line.strip()}

    return create, names


def _snowflake(setup: Any) -> tuple[Callable[[str], None], Callable[[], set[str]]]:
    from peers.snowflake_peer import DATABASE, PEER, SCHEMA

    server = PEER.server()

    def create(name: str) -> None:
        server.admin(f"CREATE OR REPLACE TABLE {DATABASE}.{SCHEMA}.{name} (x INTEGER)")

    def names() -> set[str]:
        rows = server.admin(
            f"SELECT table_name FROM {DATABASE}.information_schema.tables "
            f"WHERE table_schema = '{SCHEMA}'"
        )
        return {str(r[0]).lower() for r in rows}

    return create, names


def _bigquery(setup: Any) -> tuple[Callable[[str], None], Callable[[], set[str]]]:
    from peers.bigquery_peer import PEER, PROJECT, SCRATCH  # builds write to the scratch dataset

    server = PEER.server()

    def create(name: str) -> None:
        client = server.client()
        try:
            client.query(f"CREATE TABLE `{PROJECT}.{SCRATCH}.{name}` AS SELECT 1 AS x").result()
        finally:
            client.close()

    def names() -> set[str]:
        client = server.client()
        try:
            return {t.table_id for t in client.list_tables(f"{PROJECT}.{SCRATCH}")}
        finally:
            client.close()

    return create, names


def _databricks(setup: Any) -> tuple[Callable[[str], None], Callable[[], set[str]]]:
    from peers.databricks_peer import SCHEMA

    fake = setup.extra["fake"]

    def create(name: str) -> None:
        fake.admin(f"CREATE TABLE {SCHEMA}.{name} AS SELECT 1 AS x")

    def names() -> set[str]:
        rows = fake.admin(f"SELECT table_name FROM duckdb_tables() WHERE schema_name = '{SCHEMA}'")
        return {str(r[0]) for r in rows}

    return create, names


def _drop_left(kind: str, setup: Any) -> None:
    """Drop the near-miss tables, which later tests would count as leftover builds."""
    from cdisql.sources.base import adapter_for

    with adapter_for(setup.source) as adapter:
        for name in NEAR_MISSES:
            adapter.drop_table(adapter.warehouse.fold(name))


PEERS = {
    "redshift": ("redshift_ready", _redshift),
    "snowflake": ("snowflake_ready", _snowflake),
    "bigquery": ("bigquery_ready", _bigquery),
    "databricks": ("databricks_ready", _databricks),
}


@pytest.mark.parametrize("kind", sorted(PEERS))
def test_sweep_drops_exactly_the_build_tables(kind: str, request: pytest.FixtureRequest) -> None:
    fixture, helpers = PEERS[kind]
    setup = request.getfixturevalue(fixture)
    create, names = helpers(setup)
    young = _young()
    for name in (OLD, young, *NEAR_MISSES):
        create(name)
    request.addfinalizer(lambda: _drop_left(kind, setup))
    before = names()
    assert {OLD, young, *NEAR_MISSES} <= {n.lower() for n in before}

    # three hours from now every build table is old, whichever clock the warehouse keeps
    later = datetime.now(timezone.utc) + timedelta(hours=3)
    dry = sweep_build_tables(setup.source, older_than_s=7200, dry_run=True, now=later)
    assert sorted(t.name.lower() for t in dry.old) == sorted([OLD, young])
    assert names() == before

    report = sweep_build_tables(setup.source, older_than_s=7200, now=later)
    assert report.ok, report.failed
    assert sorted(n.lower() for n in report.dropped) == sorted([OLD, young])
    left = {n.lower() for n in names()}
    assert OLD not in left and young not in left
    assert set(NEAR_MISSES) <= left


def test_redshift_without_catalog_times_reads_the_time_in_the_name(redshift_ready: Any) -> None:
    create, names = _redshift(redshift_ready)
    young = _young()
    create(OLD)
    create(young)
    report = sweep_build_tables(redshift_ready.source, older_than_s=7200)
    assert report.dropped == (OLD,)
    assert [t.name for t in report.young] == [young]
    assert young in names() and OLD not in names()
