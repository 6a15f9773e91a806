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

from cdisql.cli.source_common import exit_code_of
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
        "FROM `peer_catalog`.information_schema.tables WHERE lower(table_schema) = lower(:schema)",
        "SELECT table_name, column_name, full_data_type, is_nullable, comment, partition_index "
        "FROM `peer_catalog`.information_schema.columns WHERE lower(table_schema) = lower(:schema) "
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
    with pytest.raises(MissingDriverError, match=r"(cdisql|\.)\[databricks\]"):
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


def _phases() -> tuple[dict[str, list[tuple[float, float]]], Any, Any]:
    seen: dict[str, list[tuple[float, float]]] = {"warm-up": [], "query": []}

    def warmup(elapsed: float, limit: float) -> None:
        seen["warm-up"].append((elapsed, limit))

    def query(elapsed: float, limit: float) -> None:
        seen["query"].append((elapsed, limit))

    return seen, warmup, query


def test_a_cold_warehouse_does_not_eat_the_max_runtime_of_a_build(databricks_ready: Any) -> None:
    """The FAKE connector takes 4 s to connect (a stopped SQL warehouse starting); the
    build's cap is 3 s: the cap counts from when the warehouse answers, and the wait is
    reported as a warm-up phase of its own, bounded by connect_timeout (10 min)."""
    _fake(databricks_ready).warmup_s = 4
    seen, warmup, query = _phases()
    result = run_build(
        databricks_ready.source.with_changes(state=SourceState.ACTIVE),
        "SELECT external_id AS external_user_id FROM cdisql_contract_users",
        max_runtime="3s",
        on_warmup=warmup,
        on_progress=query,
        record=False,
    )
    assert result.status == "ok", result.message
    assert result.members == 225 and result.duration_s >= 4
    assert {limit for _, limit in seen["warm-up"]} == {600.0}
    assert max(elapsed for elapsed, _ in seen["warm-up"]) >= 3.5
    assert seen["query"] and {limit for _, limit in seen["query"]} == {3.0}
    assert max(elapsed for elapsed, _ in seen["query"]) < 3


def test_a_cold_warehouse_does_not_eat_the_60s_of_a_preview(databricks_ready: Any) -> None:
    """As above for a preview (FAKE connector, 4 s to connect; the preview's cap 3 s)."""
    from cdisql.sources.preview import run_preview

    _fake(databricks_ready).warmup_s = 4
    seen, warmup, query = _phases()
    result = run_preview(
        databricks_ready.source,
        "SELECT external_id FROM cdisql_contract_users",
        timeout_s=3,
        on_warmup=warmup,
        on_progress=query,
    )
    assert result.status == "ok", result.message
    assert len(result.rows) == 100 and result.duration_s >= 4
    assert max(elapsed for elapsed, _ in seen["warm-up"]) >= 3.5
    assert {limit for _, limit in seen["query"]} == {3.0}


def test_the_warm_up_has_its_own_bound_and_message(databricks_ready: Any) -> None:
    """FAKE connector taking 3 s to connect, connect_timeout 1 s: the build stops in the
    warm-up, says so (not "maximum runtime"), and nothing was sent past SELECT 1."""
    fake = _fake(databricks_ready)
    fake.warmup_s = 3
    source = databricks_ready.source.with_changes(
        state=SourceState.ACTIVE,
        settings={**databricks_ready.source.settings, "connect_timeout": 1},
    )
    started = time.monotonic()
    result = run_build(
        source, "SELECT external_id AS external_user_id FROM cdisql_contract_users", record=False
    )
    assert time.monotonic() - started < 2.5
    assert result.status == "timeout" and exit_code_of(result) == 4
    assert "did not start within 1s" in result.message and "connect_timeout" in result.message
    assert "maximum runtime" not in result.message
    assert result.temp_table is None and fake.sent == []


def test_cancel_during_the_warm_up_stops_the_wait(databricks_ready: Any) -> None:
    """FAKE connector taking 5 s to connect; the user cancels after 0.5 s."""
    _fake(databricks_ready).warmup_s = 5
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    result = run_build(
        databricks_ready.source.with_changes(state=SourceState.ACTIVE),
        "SELECT external_id AS external_user_id FROM cdisql_contract_users",
        cancel=cancel,
        record=False,
    )
    assert result.status == "cancelled", result.message
    assert time.monotonic() - started < 2.5


def test_the_command_line_shows_the_warm_up_as_its_own_phase(
    databricks_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cdisql build` on a terminal, FAKE connector taking 1.5 s to connect: the progress
    line says "connecting / warming up" with the warm-up bound, then "running" with the
    build's cap."""
    import io

    from rich.console import Console

    from cdisql.cli import source_cmds
    from cdisql.sources.store import add_source

    _fake(databricks_ready).warmup_s = 1.5
    add_source(databricks_ready.source.with_changes(state=SourceState.ACTIVE))
    screen = io.StringIO()
    monkeypatch.setattr(
        source_cmds,
        "_progress_console",
        lambda as_json: Console(file=screen, force_terminal=True, width=200),
    )
    segment = tmp_path / "segment.sql"
    segment.write_text("SELECT external_id AS external_user_id FROM cdisql_contract_users\n")
    from click.testing import CliRunner

    from cdisql.cli import cli

    result = CliRunner().invoke(
        cli,
        ["build", str(segment), "--source", databricks_ready.source.name, "--max-runtime", "3s"],
    )
    assert result.exit_code == 0, result.output
    shown = screen.getvalue()
    assert "connecting / warming up" in shown and "/ 600s" in shown
    assert "running" in shown and "/ 3s" in shown
    assert shown.index("connecting / warming up") < shown.index("running")
