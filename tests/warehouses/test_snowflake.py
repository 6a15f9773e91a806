"""Snowflake adapter: against fakesnow, plus FAKES at the connector API (labelled) for
what fakesnow cannot show: the statement timeout, cancel, OPERATE grants and EXPLAIN."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from cdisql.sources.base import ConnectError, QueryCancelled, QueryTimeout, adapter_for
from cdisql.sources.errors import translate
from cdisql.sources.estimate import estimate_with
from cdisql.sources.model import MaxRuntime
from cdisql.sources.snowflake import SnowflakeAdapter, clustering_columns


def test_catalog_from_information_schema_with_descriptions(snowflake_ready: Any) -> None:
    adapter = adapter_for(snowflake_ready.source)
    adapter.connect()
    try:
        catalog = adapter.discover_catalog()
    finally:
        adapter.close()
    table = catalog.resolve("CDISQL_CONTRACT_USERS")
    assert table is not None and table.description == "contract suite users"
    assert table.database == "CDISQL" and table.schema == "CONTRACT" and table.row_count == 250
    assert [c.name for c in table.columns] == ["EXTERNAL_ID", "N"]


def test_connection_test_says_the_warehouse_auto_resumes(snowflake_ready: Any) -> None:
    adapter = adapter_for(snowflake_ready.source)
    adapter.connect()
    try:
        checks = adapter.extra_checks()
    finally:
        adapter.close()
    assert [c.name for c in checks] == ["schema", "warehouse resumes"]
    assert all(c.ok for c in checks), checks
    assert "AUTO_RESUME on" in checks[1].detail


class _ShowCursor:
    """FAKE cursor answering SHOW WAREHOUSES / SHOW GRANTS like Snowflake does."""

    def __init__(self, auto_resume: str, grants: list[tuple[str, str]]) -> None:
        self.auto_resume, self.grants = auto_resume, grants
        self.description: list[tuple[str]] = []
        self.rows: list[tuple[Any, ...]] = []

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> None:
        if sql.startswith("SHOW WAREHOUSES"):
            self.description = [("name",), ("state",), ("auto_resume",)]
            self.rows = [("CDI_WH", "SUSPENDED", self.auto_resume)]
        elif sql.startswith("SHOW GRANTS ON WAREHOUSE"):
            self.description = [("privilege",), ("granted_on",), ("grantee_name",)]
            self.rows = [(p, "WAREHOUSE", g) for p, g in self.grants]

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def close(self) -> None:
        pass


def _adapter_with_show(auto_resume: str, grants: list[tuple[str, str]]) -> SnowflakeAdapter:
    from cdisql.sources.model import Source

    adapter = SnowflakeAdapter(
        Source(
            "sf",
            "snowflake",
            "CDI",
            database="DB",
            settings={"warehouse": "CDI_WH", "role": "CDI_ROLE"},
        )
    )

    class Conn:
        def cursor(self) -> _ShowCursor:
            return _ShowCursor(auto_resume, grants)

    adapter._conn = Conn()
    return adapter


def test_warehouse_without_auto_resume_needs_operate() -> None:
    refused = _adapter_with_show("false", [("USAGE", "CDI_ROLE")]).check_warehouse_resumes()
    assert not refused.ok and "AUTO_RESUME off" in refused.detail
    assert refused.fix and "GRANT OPERATE ON WAREHOUSE CDI_WH TO ROLE CDI_ROLE" in refused.fix
    allowed = _adapter_with_show(
        "false", [("USAGE", "CDI_ROLE"), ("OPERATE", "CDI_ROLE")]
    ).check_warehouse_resumes()
    assert allowed.ok and "has OPERATE" in allowed.detail


def test_timeout_goes_to_the_session_and_the_connectors_cancel(snowflake_ready: Any) -> None:
    """FAKE connector (peers.snowflake_peer.BlockingConnector): fakesnow ignores timeouts."""
    from peers.snowflake_peer import BlockingConnector, blocking_adapter

    fake = BlockingConnector()
    source = snowflake_ready.source.with_changes(max_runtime=MaxRuntime(600))
    adapter = blocking_adapter(source, fake)
    adapter.connect()
    try:
        params = fake.connect_kwargs["session_parameters"]
        assert params["STATEMENT_TIMEOUT_IN_SECONDS"] == 600 and params["QUERY_TAG"] == "cdisql"
        assert fake.connect_kwargs["authenticator"] == "SNOWFLAKE_JWT"
        assert isinstance(fake.connect_kwargs["private_key"], bytes)
        slow = "SELECT slowpoke.n FROM CDISQL_CONTRACT_USERS AS slowpoke"
        with pytest.raises(QueryTimeout):
            adapter.execute(slow, timeout_s=1)
        assert "ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = 1" in fake.sent
        threading.Timer(0.3, adapter.cancel).start()
        with pytest.raises(QueryCancelled):
            adapter.execute(slow, timeout_s=30)
        assert "SELECT SYSTEM$CANCEL_ALL_QUERIES(4242)" in fake.sent
    finally:
        adapter.close()


def test_estimate_reads_partitions_and_bytes_from_explain() -> None:
    """FAKE EXPLAIN USING TABULAR rows (fakesnow cannot run EXPLAIN)."""
    adapter = _adapter_with_show("true", [])
    columns = (
        "step",
        "id",
        "parent",
        "operation",
        "objects",
        "alias",
        "expressions",
        "partitionsTotal",
        "partitionsAssigned",
        "bytesAssigned",
    )
    rows = [
        (None, None, None, "GlobalStats", None, None, None, 120, 7, 5_242_880),
        (1, 0, None, "Result", None, None, "USERS.ID", None, None, None),
        (1, 1, 0, "TableScan", "DB.CDI.USERS", None, "ID", 120, 7, 5_242_880),
    ]
    adapter.explain = lambda sql, timeout_s=60: (columns, rows)  # type: ignore[method-assign]
    figures = estimate_with(adapter, "SELECT id FROM users")
    assert figures["partitions_scanned"] == 7 and figures["partitions_total"] == 120
    assert figures["bytes_processed"] == 5_242_880
    assert any("TableScan" in line for line in figures["plan"])


def test_clustering_keys_are_split_into_columns() -> None:
    assert clustering_columns('LINEAR(EVENT_DATE, TO_DATE(TS), "User Id")') == (
        "EVENT_DATE",
        "TO_DATE(TS)",
        "User Id",
    )
    assert clustering_columns(None) == ()


@pytest.mark.parametrize(
    ("driver_text", "kind", "says"),
    [
        (
            "250001 (08001): Failed to connect to DB: xy12345.snowflakecomputing.com:443. 404 Not Found",
            ConnectError,
            "account identifier",
        ),
        (
            "250001 (08001): JWT token is invalid. [390144]",
            ConnectError,
            "public key is not registered",
        ),
        (
            "390189 (08004): Role 'CDI' specified in the connect string is not granted to this user.",
            ConnectError,
            "role is not granted",
        ),
        (
            "002003 (02000): SQL compilation error: Schema 'DB.CDI' does not exist or not authorized.",
            None,
            "lacks USAGE",
        ),
        (
            "000606 (57P03): No active warehouse selected in the current session.",
            ConnectError,
            "no usable warehouse",
        ),
        (
            "000630 (57014): Statement reached its statement or warehouse timeout of 2 second(s) and was canceled.",
            QueryTimeout,
            "maximum runtime",
        ),
        (
            "390432 (08004): Incoming request with IP/Token 1.2.3.4 is not allowed to access Snowflake.",
            ConnectError,
            "network policy",
        ),
    ],
)
def test_driver_errors_become_actionable(driver_text: str, kind: Any, says: str) -> None:
    translated = translate("snowflake", RuntimeError(driver_text))
    assert says in str(translated)
    if kind is not None:
        assert isinstance(translated, kind)
    assert translated.hint or isinstance(translated, QueryTimeout)
