"""Each warehouse's own wall, tested apart from the guard: a smuggled second statement
(and, for previews, a single writing statement) handed straight to the adapter is refused
by the warehouse or its driver, and nothing changes.

Redshift: the real PostgreSQL peer with the real redshift-connector. BigQuery: bqemulator
with the real client. Snowflake: the real connector's login arguments (fakesnow ignores
MULTI_STATEMENT_COUNT). Databricks: the FAKE connector, which fails a two-statement
string as the SQL warehouse does (see docs/warehouses.md).
"""

from __future__ import annotations

from typing import Any

import pytest
from redteam_segments import MECHANISMS, smuggling, wrapped

from cdisql.sources.base import WarehouseError, adapter_for
from cdisql.sources.guard import guard_segment

SMUGGLED = "SELECT 1 AS external_user_id; DROP TABLE cdisql_contract_users"


def _connected(source: Any, *, reads_only: bool = False) -> Any:
    adapter = adapter_for(source)
    adapter.reads_only = reads_only
    adapter.connect()
    return adapter


def _count(adapter: Any, table: str) -> int:
    return int(next(iter(adapter.fetch(f"SELECT count(*) FROM {table}"))).rows[0][0])


# -- Redshift: the extended protocol and a READ ONLY transaction -------------------------------
@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_redshift_extended_protocol_refuses_the_red_team_strings(
    redshift_ready: Any, mechanism: str
) -> None:
    adapter = _connected(redshift_ready.source)
    try:
        before = _count(adapter, "cdi.cdisql_contract_users")
        for command in ("preview", "estimate"):
            with pytest.raises(WarehouseError):
                list(adapter.fetch(wrapped(command, smuggling(mechanism, command))))
        with pytest.raises(WarehouseError, match="multiple commands"):
            adapter.execute(SMUGGLED)
        assert _count(adapter, "cdi.cdisql_contract_users") == before
    finally:
        adapter.close()


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_the_guard_refuses_the_red_team_strings_in_the_redshift_dialect(mechanism: str) -> None:
    for command in ("preview", "build", "estimate"):
        assert not guard_segment(smuggling(mechanism, command), "redshift").ok


def test_a_redshift_preview_session_cannot_write_with_one_statement(redshift_ready: Any) -> None:
    owner = _connected(redshift_ready.source)
    try:
        owner.execute("CREATE TABLE cdi.owned AS SELECT 1 AS x")
        preview = _connected(redshift_ready.source, reads_only=True)
        try:
            with pytest.raises(WarehouseError, match="read-only transaction"):
                list(preview.fetch("WITH d AS (DELETE FROM cdi.owned RETURNING x) SELECT * FROM d"))
            assert "START TRANSACTION READ ONLY" in preview.sent
            assert _count(preview, "cdi.owned") == 1  # the connection still reads
        finally:
            preview.close()
        assert _count(owner, "cdi.owned") == 1
    finally:
        owner.execute("DROP TABLE IF EXISTS cdi.owned")
        owner.close()


# -- Snowflake: MULTI_STATEMENT_COUNT=1 on every session --------------------------------------
def test_snowflake_sessions_run_one_statement_per_request(
    snowflake_ready: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdisql.sources.snowflake import SnowflakeAdapter

    monkeypatch.setattr(SnowflakeAdapter, "extra_session_parameters", {"MULTI_STATEMENT_COUNT": 0})
    adapter = SnowflakeAdapter(snowflake_ready.source)
    args = adapter.connect_args()
    assert args["session_parameters"]["MULTI_STATEMENT_COUNT"] == 1  # cannot be overridden
    import snowflake.connector

    seen: dict[str, Any] = {}
    real = snowflake.connector.connect

    def connect(**kwargs: Any) -> Any:
        seen.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(SnowflakeAdapter, "extra_session_parameters", {})
    monkeypatch.setattr(snowflake.connector, "connect", connect)
    adapter = SnowflakeAdapter(snowflake_ready.source)
    adapter.connect()  # the real connector logs in to fakesnow with it
    try:
        assert seen["session_parameters"]["MULTI_STATEMENT_COUNT"] == 1
        assert adapter.connection._session_parameters["MULTI_STATEMENT_COUNT"] == 1
    finally:
        adapter.close()


# -- BigQuery: the dry run's statement type ----------------------------------------------------
def test_bigquery_dry_run_refuses_a_write_before_any_job_runs(bigquery_ready: Any) -> None:
    adapter = _connected(bigquery_ready.source)
    try:
        before = _count(adapter, "cdisql_contract_users")
        jobs = len(adapter.jobs)
        with pytest.raises(WarehouseError, match="not one SELECT"):
            list(adapter.fetch("DELETE FROM cdisql_contract_users WHERE true"))
        with pytest.raises(WarehouseError, match="not one CREATE_TABLE_AS_SELECT or SELECT"):
            adapter.execute("DROP TABLE cdisql_contract_users")
        assert [settings["dry_run"] for _, settings in adapter.jobs[jobs:]] == [True, True]
        assert _count(adapter, "cdisql_contract_users") == before
    finally:
        adapter.close()


def test_bigquery_dry_run_refuses_a_script(bigquery_ready: Any) -> None:
    """FAKE dry-run job at the client API: bqemulator runs a script during a dry run (real
    BigQuery never runs one), so it cannot show that nothing ran. BigQuery's dry run
    answers ``statementType: SCRIPT`` for a multi-statement string."""
    adapter = _connected(bigquery_ready.source)
    started: list[bool] = []

    class ScriptDryRun:
        statement_type = "SCRIPT"
        total_bytes_processed = 0

    def query(sql: str, job_config: Any = None, **kwargs: Any) -> Any:
        started.append(bool(job_config.dry_run))
        return ScriptDryRun()

    try:
        adapter.client.query = query
        with pytest.raises(WarehouseError, match="as SCRIPT, not one SELECT"):
            list(adapter.fetch(SMUGGLED))
        with pytest.raises(WarehouseError, match="as SCRIPT"):
            adapter.create_temp_table("t", SMUGGLED, timeout_s=60)
        with pytest.raises(WarehouseError, match="as SCRIPT"):
            adapter.dry_run_bytes(SMUGGLED)
    finally:
        adapter.close()
    assert started == [True, True, True]  # only dry runs: no job ever ran


# -- Databricks: the connector sends the string whole; the server parses one statement ----------
def test_databricks_sends_a_two_statement_string_whole_and_the_server_refuses_it(
    databricks_ready: Any,
) -> None:
    fake = databricks_ready.extra["fake"]
    adapter = _connected(databricks_ready.source)
    try:
        before = _count(adapter, "cdisql_contract_users")
        fake.sent.clear()
        with pytest.raises(WarehouseError, match="PARSE_SYNTAX_ERROR"):
            adapter.execute(SMUGGLED)
        assert fake.sent[-1] == SMUGGLED  # one request, not split by the connector or adapter
        assert _count(adapter, "cdisql_contract_users") == before
    finally:
        adapter.close()
