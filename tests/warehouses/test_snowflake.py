"""Snowflake adapter: against fakesnow, plus FAKES at the connector API (labelled) for
what fakesnow cannot show: the statement timeout, cancel, OPERATE grants and EXPLAIN."""

from __future__ import annotations

import threading
import time
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
    """FAKE cursor answering SHOW WAREHOUSES / SHOW GRANTS like Snowflake does (through the
    connector's asynchronous query API the adapter uses)."""

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

    def execute_async(self, sql: str, *args: Any, **kwargs: Any) -> dict[str, str]:
        self.execute(sql)
        return {"queryId": "01b2c3d4-0000-0000-0000-000000000001"}

    def get_results_from_sfqid(self, sfqid: str) -> None:
        pass

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
        """FAKE connection: every query has already succeeded when its status is asked."""

        def cursor(self) -> _ShowCursor:
            return _ShowCursor(auto_resume, grants)

        def get_query_status_throw_if_error(self, sf_qid: str) -> str:
            return "SUCCESS"

        @staticmethod
        def is_still_running(status: str) -> bool:
            return False

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


@pytest.mark.parametrize("major", [4, 5])
def test_timeout_is_the_servers_and_a_cancel_stops_the_one_query_by_id(
    snowflake_ready: Any, major: int
) -> None:
    """FAKE connector (peers.snowflake_peer.AsyncConnector) with connector 4.x's or 5.x's
    signatures: fakesnow runs no query long enough to stop. The slow query is submitted
    asynchronously; the session's STATEMENT_TIMEOUT_IN_SECONDS stops it server side; a
    cancel stops that query by its id, not the user's other sessions; ``execute`` is
    never given a ``timeout=`` (5.x ignores it)."""
    from peers.snowflake_peer import AsyncConnector, blocking_adapter

    fake = AsyncConnector(major)
    source = snowflake_ready.source.with_changes(max_runtime=MaxRuntime(600))
    adapter = blocking_adapter(source, fake)
    adapter.connect()
    try:
        params = fake.connect_kwargs["session_parameters"]
        assert params["STATEMENT_TIMEOUT_IN_SECONDS"] == 600 and params["QUERY_TAG"] == "cdisql"
        assert fake.connect_kwargs["authenticator"] == "SNOWFLAKE_JWT"
        assert isinstance(fake.connect_kwargs["private_key"], bytes)
        slow = "SELECT slowpoke.n FROM CDISQL_CONTRACT_USERS AS slowpoke"
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="maximum runtime"):
            adapter.execute(slow, timeout_s=1)
        assert time.monotonic() - started < 2.5  # the server's timeout, before the watchdog
        assert "ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = 1" in fake.sent
        threading.Timer(0.3, adapter.cancel).start()
        started = time.monotonic()
        with pytest.raises(QueryCancelled):
            adapter.execute(slow, timeout_s=30)
        assert time.monotonic() - started < 2
        cancels = [s for s in fake.sent if "CANCEL" in s]
        (stopped,) = [qid for qid, q in fake.slow.items() if q.cancelled.is_set()]
        assert cancels == [f"SELECT SYSTEM$CANCEL_QUERY('{stopped}')"]
        assert not any("CANCEL_ALL_QUERIES" in s for s in adapter.sent)
        # the connection is still good after both
        rows = [
            r for b in adapter.fetch("SELECT COUNT(*) FROM CDISQL_CONTRACT_USERS") for r in b.rows
        ]
        assert rows == [(250,)]
    finally:
        adapter.close()
    assert all("timeout" not in kwargs for kwargs in fake.execute_kwargs)


def test_the_watchdog_cancels_by_id_when_the_server_does_not_stop(snowflake_ready: Any) -> None:
    """FAKE 5.x connector whose session ignores the statement timeout (as if it had been
    raised): past the cap plus the watchdog's grace, cdisql cancels the query by id."""
    from peers.snowflake_peer import AsyncConnector, blocking_adapter

    fake = AsyncConnector(5)
    adapter = blocking_adapter(snowflake_ready.source, fake)
    adapter.connect()
    try:
        adapter._session_timeout = "ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = 1"
        slow = "SELECT slowpoke.n FROM CDISQL_CONTRACT_USERS AS slowpoke"
        with pytest.raises(QueryTimeout):
            adapter.execute(slow, timeout_s=1)
    finally:
        adapter.close()
    (query_id,) = fake.slow
    assert f"SELECT SYSTEM$CANCEL_QUERY('{query_id}')" in fake.sent
    assert fake.slow[query_id].cancelled.is_set()


def test_connector_5_gets_its_own_timeout_names() -> None:
    from cdisql.sources.snowflake import for_connector

    args = {"login_timeout": 20, "network_timeout": 30, "account": "a"}
    assert for_connector(args, 4) == args
    five = for_connector(args, 5)
    assert "network_timeout" not in five and five["request_timeout"] == 30
    assert five["connect_timeout"] == 20 and five["login_timeout"] == 20
    assert five["enable_server_session_keep_alive_auto_detection"] is False


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
        (
            "390114 (08001): Authentication token has expired.  The user must authenticate again.",
            ConnectError,
            "session token expired",
        ),
        (
            "250001: Could not connect to Snowflake backend after 4 attempt(s).Aborting",
            ConnectError,
            "could not reach the Snowflake host",
        ),
        (
            "000014 (HYT00): Failed to login: login timed out after 4s",  # connector 5.x
            ConnectError,
            "could not reach the Snowflake host",
        ),
        (
            "250001 (08001): Failed to connect to DB. Verify the account name is correct: "
            "xy.snowflakecomputing.com:443. 000403: HTTP 403: Forbidden",
            ConnectError,
            "account identifier",
        ),
    ],
)
def test_driver_errors_become_actionable(driver_text: str, kind: Any, says: str) -> None:
    translated = translate("snowflake", RuntimeError(driver_text))
    assert says in str(translated)
    if kind is not None:
        assert isinstance(translated, kind)
    assert translated.hint or isinstance(translated, QueryTimeout)


_READ_5X_API = r"""
import base64, inspect, json, sys, warnings
import snowflake.connector as sf
from snowflake.connector import ConnectionConfig, QueryStatus
from snowflake.connector.connection import SnowflakeConnection
from snowflake.connector.cursor import SnowflakeCursor

classes = {"SnowflakeCursor": SnowflakeCursor, "SnowflakeConnection": SnowflakeConnection}
request = json.load(sys.stdin)
signatures = {}
for name in request["methods"]:
    owner, method = name.split(".")
    params = inspect.signature(getattr(classes[owner], method)).parameters.values()
    signatures[name] = [[p.name, p.kind.name] for p in params]
args = dict(request["connect_args"])
args["private_key"] = base64.b64decode(args["private_key"])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    config = ConnectionConfig.from_kwargs(**args)
print(json.dumps({
    "version": sf.__version__,
    "signatures": signatures,
    "statuses": [s.name for s in QueryStatus],
    "still_running": sorted(s.name for s in QueryStatus if SnowflakeConnection.is_still_running(s)),
    "unknown_args": sorted(config._extra),
    "warnings": [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)],
    "login_timeout": config.login_timeout,
    "request_timeout": config.request_timeout,
    "connect_timeout": config.connect_timeout,
    "session_parameters": config.session_parameters,
}))
"""


def test_the_5x_fake_and_the_connect_arguments_match_the_real_connector_5(
    snowflake_ready: Any,
) -> None:
    """The real snowflake-connector-python 5.2.0 (its own virtualenv; it cannot log in to
    fakesnow) is read here: the FAKE 5.x connector's methods take the real parameters,
    its still-running statuses are the real ones, and the adapter's connect arguments are
    all known to 5.x's ConnectionConfig, with no deprecated name."""
    import base64
    import inspect
    import json
    import subprocess

    from peers.snowflake_peer import (
        FAKE_5X_SIGNATURES,
        _AsyncConnection,
        _AsyncCursor,
        connector5_python,
    )

    from cdisql.sources.snowflake import SnowflakeAdapter, for_connector

    python = connector5_python()
    source = snowflake_ready.source.with_changes(
        settings={**snowflake_ready.source.settings, "network_timeout": 30}
    )
    args = for_connector(SnowflakeAdapter(source).connect_args(), 5)
    args["private_key"] = base64.b64encode(args["private_key"]).decode()
    request = {"methods": sorted(FAKE_5X_SIGNATURES), "connect_args": args}
    done = subprocess.run(
        [str(python), "-c", _READ_5X_API],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    real = json.loads(done.stdout)
    assert real["version"].startswith("5.")
    fakes = {"SnowflakeCursor": _AsyncCursor, "SnowflakeConnection": _AsyncConnection}
    for name, fake_name in FAKE_5X_SIGNATURES.items():
        owner = name.split(".")[0]
        fake = inspect.signature(getattr(fakes[owner], fake_name)).parameters.values()
        fake_params = [[p.name, p.kind.name] for p in fake]
        real_params = real["signatures"][name]
        # the parameters the adapter passes (positional, in order) are the real ones
        used = 2 if name.endswith(("execute", "execute_async")) else len(real_params)
        assert fake_params[:used] == real_params[:used], name
        assert any(kind == "VAR_KEYWORD" for _, kind in real_params) == any(
            kind == "VAR_KEYWORD" for _, kind in fake_params
        ), name
    # 5.x's execute swallows any keyword, timeout= included: the adapter must not rely on it
    assert real["signatures"]["SnowflakeCursor.execute"][-1] == ["kwargs", "VAR_KEYWORD"]
    assert real["still_running"] == sorted(
        s for s in real["statuses"] if _AsyncConnection.is_still_running(_Status(s))
    )
    assert real["unknown_args"] == [] and real["warnings"] == []
    assert real["login_timeout"] == 20 and real["connect_timeout"] == 20
    assert real["request_timeout"] == 30
    assert real["session_parameters"]["STATEMENT_TIMEOUT_IN_SECONDS"] == 3600


class _Status:
    def __init__(self, name: str) -> None:
        self.name = name


def test_390114_is_an_expired_session_not_a_suspended_warehouse() -> None:
    said = translate("snowflake", RuntimeError("390114 (08001): Authentication token has expired."))
    assert "warehouse" not in str(said).lower() and "session token expired" in str(said)


def _named_source() -> Any:
    from cdisql.sources.model import Source

    return Source(
        "sf",
        "snowflake",
        "CDI",
        database="ANALYTICS",
        settings={
            "warehouse": "CDI_WH",
            "role": "CDI_ROLE",
            "user": "CDI_USER",
            "account": "acme-prod",
        },
    )


@pytest.mark.parametrize(
    ("driver_text", "wanted"),
    [
        (
            "000606 (57P03): No active warehouse selected in the current session.",
            "GRANT USAGE ON WAREHOUSE CDI_WH TO ROLE CDI_ROLE",
        ),
        (
            "390189 (08004): Role 'CDI_ROLE' specified in the connect string is not granted to this user.",
            "GRANT ROLE CDI_ROLE TO USER CDI_USER",
        ),
        (
            "Warehouse 'CDI_WH' cannot be resumed because resource monitor 'RM' has exceeded its quota.",
            "GRANT OPERATE ON WAREHOUSE CDI_WH TO ROLE CDI_ROLE",
        ),
        (
            "002003 (02000): SQL compilation error: Schema 'ANALYTICS.CDI' does not exist or not authorized.",
            "GRANT USAGE ON SCHEMA ANALYTICS.CDI",
        ),
        (
            "250001: Could not connect to Snowflake backend after 4 attempt(s).Aborting",
            "acme-prod.snowflakecomputing.com",
        ),
    ],
)
def test_hints_name_the_sources_warehouse_role_and_user(driver_text: str, wanted: str) -> None:
    said = SnowflakeAdapter(_named_source()).translate(RuntimeError(driver_text))
    assert wanted in str(said)
    assert (
        "<warehouse>" not in str(said) and "<role>" not in str(said) and "<user>" not in str(said)
    )


def test_an_unreachable_host_fails_fast_and_is_named(tmp_path: Any) -> None:
    """The real connector 4.x, to a local port nothing listens on: after login_timeout
    (not ~68 s), the error names the host and does not blame the account or the user."""
    from peers._local import free_port, require_module

    from cdisql.sources import keys
    from cdisql.sources.model import Source

    require_module("snowflake.connector", "snowflake-connector-python")
    key_file = tmp_path / "k.p8"
    keys.generate_key_file(key_file)
    source = Source(
        "sf",
        "snowflake",
        "CDI",
        settings={
            "account": "acme-prod",
            "user": "CDI_USER",
            "role": "CDI_ROLE",
            "warehouse": "CDI_WH",
            "private_key_file": str(key_file),
            "host": "127.0.0.1",
            "port": free_port(),
            "login_timeout": 3,
        },
    )
    started = time.monotonic()
    with pytest.raises(ConnectError) as caught:
        SnowflakeAdapter(source).connect()
    assert time.monotonic() - started < 12
    said = str(caught.value)
    assert "could not reach the Snowflake host 127.0.0.1" in said
    assert "did not recognise" not in said and "login_timeout" in said


def test_login_is_bounded_short_by_default_and_configurable(tmp_path: Any) -> None:
    from cdisql.sources import keys
    from cdisql.sources.model import Source

    key_file = tmp_path / "k.p8"
    keys.generate_key_file(key_file)
    settings = {
        "account": "a",
        "user": "u",
        "role": "r",
        "warehouse": "w",
        "private_key_file": str(key_file),
    }
    default = SnowflakeAdapter(Source("sf", "snowflake", "CDI", settings=settings)).connect_args()
    assert default["login_timeout"] == 20 and "network_timeout" not in default
    given = SnowflakeAdapter(
        Source(
            "sf",
            "snowflake",
            "CDI",
            settings={**settings, "login_timeout": 5, "network_timeout": 40},
        )
    ).connect_args()
    assert given["login_timeout"] == 5 and given["network_timeout"] == 40


def test_the_extra_allows_exactly_the_connector_majors_ci_tests() -> None:
    from pathlib import Path

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    from packaging.requirements import Requirement

    from cdisql.sources.snowflake import SUPPORTED_MAJORS

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    extra = tomllib.loads(pyproject.read_text())["project"]["optional-dependencies"]["snowflake"]
    (allowed,) = [
        Requirement(spec).specifier
        for spec in extra
        if Requirement(spec).name == "snowflake-connector-python"
    ]
    for major in range(1, 9):
        assert (f"{major}.0.0" in allowed) == (major in SUPPORTED_MAJORS), major
        assert (f"{major}.99.0" in allowed) == (major in SUPPORTED_MAJORS), major
    # and CI runs both: 4.x in the project's virtualenv, 5.x in its own (install-peers.sh)
    script = (pyproject.parent / "scripts" / "install-peers.sh").read_text()
    assert "snowflake-connector-python<5" in script and "snowflake-connector-python==5." in script


def test_a_resuming_warehouse_is_reported_while_the_query_waits(snowflake_ready: Any) -> None:
    """FAKE 5.x connector whose slow query first sits in RESUMING_WAREHOUSE (0.3 s), as a
    query on a suspended warehouse does: the adapter says so once, then goes on polling."""
    from peers.snowflake_peer import WAREHOUSE, AsyncConnector, blocking_adapter

    fake = AsyncConnector(5, resume_s=0.3)
    said: list[str] = []
    adapter = type(blocking_adapter(snowflake_ready.source, fake))(
        snowflake_ready.source, progress=said.append
    )
    adapter.connect()
    try:
        with pytest.raises(QueryTimeout):
            adapter.execute("SELECT slowpoke.n FROM CDISQL_CONTRACT_USERS AS slowpoke", timeout_s=1)
    finally:
        adapter.close()
    assert said.count(f"resuming warehouse {WAREHOUSE}") == 1, said
