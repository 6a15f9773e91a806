"""Databricks adapter against the FAKE connector (tests/peers/databricks_peer.py).

No local Databricks peer exists: these tests pin the SQL each step sends and the
connector arguments, and drive warm-up, timeout and cancel through the fake.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from cdisql.sources.base import ConnectError, QueryCancelled, QueryTimeout, adapter_for
from cdisql.sources.build import run_build
from cdisql.sources.databricks import DatabricksAdapter
from cdisql.sources.estimate import estimate
from cdisql.sources.model import MaxRuntime, SourceState


def _fake(setup: Any) -> Any:
    return setup.extra["fake"]


def test_connect_sends_token_catalog_schema_and_statement_timeout(databricks_ready: Any) -> None:
    from peers.databricks_peer import HOST, HTTP_PATH

    source = databricks_ready.source.with_changes(max_runtime=MaxRuntime(900))
    adapter = adapter_for(source)
    adapter.connect()
    adapter.close()
    kwargs = _fake(databricks_ready).connect_kwargs
    assert kwargs["server_hostname"] == HOST and kwargs["http_path"] == HTTP_PATH
    assert kwargs["catalog"] == "peer_catalog" and kwargs["schema"] == "contract"
    assert kwargs["session_configuration"] == {"STATEMENT_TIMEOUT": "900"}
    assert kwargs["_retry_stop_after_attempts_duration"] == 600.0
    assert _fake(databricks_ready).sent == ["SELECT 1"]


def test_each_build_step_sends_the_expected_sql(databricks_ready: Any) -> None:
    fake = _fake(databricks_ready)
    result = run_build(
        databricks_ready.source.with_changes(state=SourceState.ACTIVE, max_runtime=MaxRuntime(600)),
        "SELECT external_id AS external_user_id FROM cdisql_contract_users",
        max_runtime="2m",
    )
    assert result.status == "ok", result.message
    sent = fake.sent
    assert sent[0] == "SELECT 1"
    assert "SET STATEMENT_TIMEOUT = 120" in sent
    create = next(s for s in sent if s.startswith("CREATE TABLE"))
    table = result.temp_table
    assert create == (
        f"CREATE TABLE `peer_catalog`.`contract`.`{table}` AS "
        "SELECT external_id AS external_user_id FROM cdisql_contract_users"
    )
    assert (
        f"SELECT COUNT(DISTINCT external_user_id) FROM `peer_catalog`.`contract`.`{table}`" in sent
    )
    assert sent[-1] == f"DROP TABLE IF EXISTS `peer_catalog`.`contract`.`{table}`"


def test_catalog_discovery_is_two_information_schema_queries(databricks_ready: Any) -> None:
    fake = _fake(databricks_ready)
    adapter = adapter_for(databricks_ready.source)
    adapter.connect()
    try:
        before = len(fake.sent)
        catalog = adapter.discover_catalog()
    finally:
        adapter.close()
    queries = fake.sent[before:]
    assert queries == [
        "SELECT table_catalog, table_schema, table_name, table_type, comment "
        "FROM `peer_catalog`.information_schema.tables WHERE table_schema = :schema",
        "SELECT table_name, column_name, full_data_type, is_nullable, comment, partition_index "
        "FROM `peer_catalog`.information_schema.columns WHERE table_schema = :schema "
        "ORDER BY table_name, ordinal_position",
    ]
    table = catalog.resolve("cdisql_contract_users")
    assert table is not None and table.description == "contract suite users"
    assert {t.kind for t in catalog} == {"table", "view"}


def test_a_starting_warehouse_shows_progress_within_the_connect_timeout(
    databricks_ready: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DatabricksAdapter, "progress_every_s", 0.05)
    _fake(databricks_ready).warmup_s = 0.3
    said: list[str] = []
    adapter = DatabricksAdapter(databricks_ready.source, progress=said.append)
    adapter.connect()
    adapter.close()
    waiting = [m for m in said if m.startswith("waiting for the SQL warehouse to start")]
    assert len(waiting) >= 2, said


def test_connect_timeout_is_separate_from_max_runtime(
    databricks_ready: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DatabricksAdapter, "progress_every_s", 0.05)
    _fake(databricks_ready).warmup_s = 2
    source = databricks_ready.source.with_changes(
        settings={**databricks_ready.source.settings, "connect_timeout": 1},
        max_runtime=MaxRuntime(3600),
    )
    started = time.monotonic()
    with pytest.raises(ConnectError, match="did not start within 1s") as caught:
        DatabricksAdapter(source).connect()
    assert time.monotonic() - started < 1.8
    assert "connect_timeout" in str(caught.value)


def test_statement_timeout_and_cursor_cancel(databricks_ready: Any) -> None:
    adapter = adapter_for(databricks_ready.source)
    adapter.connect()
    try:
        slow = "SELECT CAST(slowpoke.n AS STRING) FROM cdisql_contract_users AS slowpoke"
        with pytest.raises(QueryTimeout):
            adapter.execute(slow, timeout_s=1)
        assert "SET STATEMENT_TIMEOUT = 1" in _fake(databricks_ready).sent
        threading.Timer(0.3, adapter.cancel).start()
        with pytest.raises(QueryCancelled):
            adapter.execute(slow, timeout_s=30)
    finally:
        adapter.close()


def test_missing_token_variable_and_refused_token(
    databricks_ready: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.databricks_peer import TOKEN_ENV

    monkeypatch.delenv(TOKEN_ENV)
    with pytest.raises(ConnectError, match=f"{TOKEN_ENV}.*not set"):
        adapter_for(databricks_ready.source).connect()
    monkeypatch.setenv(TOKEN_ENV, "dapi-expired")
    with pytest.raises(ConnectError, match="refused the access token") as refused:
        adapter_for(databricks_ready.source).connect()
    assert refused.value.hint and "no lifetime" in refused.value.hint


def test_estimate_reads_size_and_rows_from_explain_cost(databricks_ready: Any) -> None:
    result = estimate(
        databricks_ready.source, "SELECT external_id AS external_user_id FROM cdisql_contract_users"
    )
    assert result.ok, result.message
    assert result.method == "EXPLAIN" and result.bytes_processed == 2048 and result.rows == 250
    assert _fake(databricks_ready).sent[-1].startswith("EXPLAIN COST SELECT external_id")


def test_driver_missing_gives_the_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import builtins

    from peers.databricks_peer import make_source

    from cdisql.sources.base import MissingDriverError

    real_import = builtins.__import__

    def no_databricks(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("databricks"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_databricks)
    with pytest.raises(MissingDriverError, match=r"cdisql\[databricks\]"):
        DatabricksAdapter(make_source()).connect()


def test_the_real_connector_takes_the_arguments_and_keeps_the_token_out(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The real databricks-sql-connector, to a closed local port: no server answers."""
    import logging

    from peers.databricks_peer import PEER, TOKEN, TOKEN_ENV, make_source

    PEER.unavailable()  # the driver: fails under CI when missing
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    source = make_source(server_hostname="127.0.0.1", connect_timeout=2)
    started = time.monotonic()
    with pytest.raises(ConnectError, match="cannot reach the SQL warehouse") as caught:
        DatabricksAdapter(source).connect()
    assert time.monotonic() - started < 15  # the connector's retries stop at connect_timeout
    assert TOKEN not in str(caught.value) and TOKEN not in caplog.text
