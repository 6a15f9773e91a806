"""Snowflake peer: fakesnow in server mode, driven by the real snowflake-connector-python.

fakesnow (its own virtualenv: it pins sqlglot and duckdb versions of its own) listens on
a free 127.0.0.1 port; the connector logs in over HTTP with key-pair (JWT) parameters,
which fakesnow accepts without checking the signature.

What it shows for real: login with ``private_key=``, ``information_schema`` with table
comments, CREATE TEMPORARY TABLE … AS, DROP, fetching in batches, SHOW WAREHOUSES.
What it cannot show (``cannot``): ``ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS``
(accepted as a no-op through fakesnow's ``nop_regexes`` session parameter, set only
while the peer runs), a query that runs long enough to be cancelled,
``SYSTEM$CANCEL_QUERY``, column comments, NOT NULL in ``information_schema``. Timeout
and cancel run against :class:`AsyncConnector`, a FAKE at the connector's asynchronous
query API (with 4.x's or 5.x's signatures) whose slow segment runs until it is
cancelled by id or its session's statement timeout passes, and which hands every other
statement to fakesnow. Connector 5.x itself cannot log in to fakesnow.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import threading
import time
import types
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cdisql.sources.model import Source
from peers import SLOW_ALIAS, ServerPeer
from peers._local import (
    executable,
    free_port,
    missing,
    peers_dir,
    require_module,
    wait_for_port,
)

DATABASE = "CDISQL"
SCHEMA = "CONTRACT"
USER = "BRAZE_INGESTION_USER"
ROLE = "BRAZE_INGESTION_ROLE"
WAREHOUSE = "FAKESNOW_WAREHOUSE"
NOP_REGEXES = ["^ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS.*"]


def fakesnow_binary() -> Path | None:
    return executable(peers_dir() / "fakesnow" / "bin" / "fakesnow", "fakesnow")


def connector5_python() -> Path:
    """The Python of the virtualenv holding the real connector 5.x (not fakesnow's)."""
    python = peers_dir() / "snowflake5" / "bin" / "python"
    if not python.is_file():
        missing("snowflake-connector-python 5.x (its own virtualenv)")
    return python


class FakesnowServer:
    def __init__(self) -> None:
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> FakesnowServer:
        binary = fakesnow_binary()
        if binary is None:
            missing("fakesnow (the Snowflake peer)")
        assert binary is not None
        self.port = free_port()
        self._process = subprocess.Popen(
            [str(binary), "-s", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, timeout_s=60, process=self._process)
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def connect(self, **extra: Any) -> Any:
        """An admin connection (fakesnow ignores credentials)."""
        import snowflake.connector

        return snowflake.connector.connect(
            account="fakesnow",
            user="admin",
            password="unused",
            host="127.0.0.1",
            port=self.port,
            protocol="http",
            session_parameters={"CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False},
            **extra,
        )

    def admin(self, *statements: str) -> list[tuple[Any, ...]]:
        conn = self.connect()
        try:
            cursor = conn.cursor()
            rows: list[tuple[Any, ...]] = []
            for sql in statements:
                cursor.execute(sql)
                with contextlib.suppress(Exception):
                    rows = [tuple(r) for r in cursor.fetchall()]
            return rows
        finally:
            conn.close()

    def source_settings(self, key_file: Path) -> dict[str, Any]:
        return {
            "account": "fakesnow",
            "user": USER,
            "role": ROLE,
            "warehouse": WAREHOUSE,
            "private_key_file": str(key_file),
            "host": "127.0.0.1",
            "port": self.port,
            "protocol": "http",
        }


@contextlib.contextmanager
def fakesnow_session_parameters() -> Iterator[None]:
    """Make fakesnow accept the timeout statement as a no-op, for the peer's lifetime only."""
    from cdisql.sources.snowflake import SnowflakeAdapter

    saved = SnowflakeAdapter.extra_session_parameters
    SnowflakeAdapter.extra_session_parameters = {"nop_regexes": NOP_REGEXES}
    try:
        yield
    finally:
        SnowflakeAdapter.extra_session_parameters = saved


# -- FAKES at the connector API, for what fakesnow cannot show -----------------------------
class AsyncConnector:
    """FAKE ``snowflake.connector`` module (major 4 or 5): slow queries run until cancelled
    by id or stopped by the session's statement timeout; the rest goes to fakesnow.

    It follows the asynchronous query API the adapter uses, with the real signatures of
    the major it plays (4.8.1: ``execute_async(*args, **kwargs)``; 5.2.0:
    ``execute_async(command, params=None, num_statements=None, *, _statement_params=None,
    **kwargs)``, and 5.2.0's ``execute(operation, parameters=None, …, **kwargs)`` that
    swallows an unknown ``timeout=`` — tests/warehouses/test_snowflake.py checks these
    against the real 5.2.0 in its own virtualenv): ``connect(**kwargs)`` -> connection
    with ``session_id``, ``cursor()``, ``get_query_status(sf_qid)``,
    ``get_query_status_throw_if_error(sf_qid)``, ``is_still_running(status)``,
    ``close()``; cursors with ``execute``, ``execute_async``, ``get_results_from_sfqid``,
    ``abort_query``, ``fetchmany``, ``fetchall``, ``fetch_arrow_batches``, ``description``,
    ``sfqid``, ``close``.

    A statement naming the slow alias gets a query id and stays RUNNING until
    ``SELECT SYSTEM$CANCEL_QUERY('<id>')`` (or ``abort_query(id)``) stops it (ABORTED,
    errno 604) or the session's ``STATEMENT_TIMEOUT_IN_SECONDS`` (from login, or the last
    ``ALTER SESSION``) passes (FAILED_WITH_ERROR, errno 630), as Snowflake does server
    side. ``execute(…, timeout=…)`` is recorded in ``execute_kwargs`` and has no effect.
    Every other statement runs on the real 4.x connector against fakesnow.
    """

    def __init__(self, major: int = 4, *, resume_s: float = 0.0) -> None:
        import snowflake.connector as real
        from snowflake.connector.constants import QueryStatus

        self.major = major
        self.resume_s = resume_s
        """A slow query first waits this long in RESUMING_WAREHOUSE (a suspended warehouse)."""
        self.real = real
        self.status = QueryStatus
        self.sent: list[str] = []
        self.connect_kwargs: dict[str, Any] = {}
        self.execute_kwargs: list[dict[str, Any]] = []
        self.slow: dict[str, _SlowQuery] = {}

    def module(self) -> types.ModuleType:
        module = types.ModuleType("snowflake.connector")
        module.connect = self.connect  # type: ignore[attr-defined]
        module.Error = self.real.Error  # type: ignore[attr-defined]
        module.errors = self.real.errors  # type: ignore[attr-defined]
        module.__version__ = "5.2.0" if self.major >= 5 else "4.8.1"  # type: ignore[attr-defined]
        return module

    def connect(self, **kwargs: Any) -> _AsyncConnection:
        self.connect_kwargs = dict(kwargs)
        real_args = {k: v for k, v in kwargs.items() if k in _REAL_4X_ARGS}
        return _AsyncConnection(self, self.real.connect(**real_args))


# what the real 4.x connector under the fake may receive (5.x-only names stay with the fake)
_REAL_4X_ARGS = frozenset(
    {
        "account", "user", "role", "warehouse", "database", "authenticator", "private_key",
        "login_timeout", "network_timeout", "client_session_keep_alive",
        "session_parameters", "host", "port", "protocol",
    }
)  # fmt: skip


_STILL_RUNNING = (
    "RUNNING",
    "QUEUED",
    "RESUMING_WAREHOUSE",
    "QUEUED_REPARING_WAREHOUSE",
    "BLOCKED",
    "NO_DATA",
)


class _SlowQuery:
    def __init__(self, timeout_s: float | None, resume_s: float = 0.0) -> None:
        self.started = time.monotonic()
        self.timeout_s = timeout_s
        self.resume_s = resume_s
        self.cancelled = threading.Event()

    def state(self) -> tuple[str, int | None, str]:
        if self.cancelled.is_set():
            return "ABORTED", 604, "SQL execution canceled"
        if time.monotonic() - self.started < self.resume_s:
            return "RESUMING_WAREHOUSE", None, ""
        if self.timeout_s and time.monotonic() - self.started >= self.timeout_s:
            return (
                "FAILED_WITH_ERROR",
                630,
                f"Statement reached its statement or warehouse timeout of {int(self.timeout_s)} "
                "second(s) and was canceled.",
            )
        return "RUNNING", None, ""


class _AsyncConnection:
    def __init__(self, owner: AsyncConnector, real: Any) -> None:
        self.owner = owner
        self.real = real
        self.session_id = 4242
        params = owner.connect_kwargs.get("session_parameters") or {}
        self.statement_timeout: float | None = params.get("STATEMENT_TIMEOUT_IN_SECONDS")

    def cursor(self) -> _AsyncCursor:
        return _AsyncCursor(self, self.real.cursor())

    def get_query_status(self, sf_qid: str) -> Any:
        slow = self.owner.slow.get(sf_qid)
        if slow is None:
            return self.real.get_query_status(sf_qid)
        return self.owner.status[slow.state()[0]]

    def get_query_status_throw_if_error(self, sf_qid: str) -> Any:
        slow = self.owner.slow.get(sf_qid)
        if slow is None:
            return self.real.get_query_status_throw_if_error(sf_qid)
        name, errno, message = slow.state()
        if errno is not None:
            raise self.owner.real.errors.ProgrammingError(
                msg=message, errno=errno, sqlstate="57014", sfqid=sf_qid
            )
        return self.owner.status[name]

    @staticmethod
    def is_still_running(status: Any) -> bool:
        return bool(status.name in _STILL_RUNNING)

    def close(self) -> None:
        self.real.close()


class _AsyncCursor:
    def __init__(self, conn: _AsyncConnection, real: Any) -> None:
        self.conn = conn
        self.real = real
        self._slow_id: str | None = None

    @property
    def description(self) -> Any:
        return self.real.description

    @property
    def sfqid(self) -> str | None:
        return self._slow_id or self.real.sfqid

    def _record(self, sql: str) -> bool:
        """Note ``sql``; True when the fake answers it itself."""
        owner = self.conn.owner
        owner.sent.append(sql)
        cancel = re.match(r"SELECT SYSTEM\$CANCEL_QUERY\('([0-9a-f-]+)'\)$", sql)
        if cancel:
            self.abort_query(cancel.group(1))
            return True
        timeout = re.match(r"ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = (\d+)$", sql)
        if timeout:
            self.conn.statement_timeout = float(timeout.group(1))
        return False

    def execute(self, operation: str, parameters: Any = None, *args: Any, **kwargs: Any) -> Any:
        self.conn.owner.execute_kwargs.append(dict(kwargs))
        if not self._record(operation):
            self.real.execute(operation, parameters)  # 5.x ignores timeout=, and so does this
        return self

    def _submit(self, command: str, params: Any) -> dict[str, Any]:
        self._slow_id = None
        if self._record(command):
            return {"queryId": None}
        if SLOW_ALIAS in command.lower():
            query_id = str(uuid.uuid4())
            owner = self.conn.owner
            owner.slow[query_id] = _SlowQuery(self.conn.statement_timeout, owner.resume_s)
            self._slow_id = query_id
            return {"queryId": query_id}
        submitted = self.real.execute_async(command, params)
        return {"queryId": submitted.get("queryId")}

    def execute_async(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if self.conn.owner.major >= 5:
            return self._execute_async_5x(*args, **kwargs)
        return self._submit(args[0], args[1] if len(args) > 1 else kwargs.get("params"))

    def _execute_async_5x(
        self,
        command: str,
        params: Any = None,
        num_statements: int | None = None,
        *,
        _statement_params: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> dict[str, str | None]:
        return self._submit(command, params)

    def get_results_from_sfqid(self, sfqid: str) -> None:
        if sfqid not in self.conn.owner.slow:
            self.real.get_results_from_sfqid(sfqid)

    def abort_query(self, qid: str) -> bool:
        slow = self.conn.owner.slow.get(qid)
        if slow is not None:
            slow.cancelled.set()
        return slow is not None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        return list(self.real.fetchmany(size))

    def fetchall(self) -> list[Any]:
        return list(self.real.fetchall())

    def fetch_arrow_batches(self, force_microsecond_precision: bool | None = None) -> Any:
        return self.real.fetch_arrow_batches()

    def close(self) -> None:
        self.real.close()


# the 5.x methods whose signatures the fake follows (checked against the real 5.2.0)
FAKE_5X_SIGNATURES = {
    "SnowflakeCursor.execute": "execute",
    "SnowflakeCursor.execute_async": "_execute_async_5x",
    "SnowflakeCursor.get_results_from_sfqid": "get_results_from_sfqid",
    "SnowflakeCursor.abort_query": "abort_query",
    "SnowflakeCursor.fetchmany": "fetchmany",
    "SnowflakeCursor.fetch_arrow_batches": "fetch_arrow_batches",
    "SnowflakeConnection.get_query_status": "get_query_status",
    "SnowflakeConnection.get_query_status_throw_if_error": "get_query_status_throw_if_error",
    "SnowflakeConnection.is_still_running": "is_still_running",
}


def blocking_adapter(source: Source, connector: AsyncConnector | None = None) -> Any:
    """A SnowflakeAdapter whose connector is :class:`AsyncConnector` (FAKE)."""
    from cdisql.sources.snowflake import SnowflakeAdapter

    fake = connector or AsyncConnector()

    class FakeConnectorSnowflakeAdapter(SnowflakeAdapter):
        def driver(self) -> Any:
            return fake.module()

    return FakeConnectorSnowflakeAdapter(source)


# -- the adapter contract (tests/contract) ------------------------------------------------
class SnowflakeContractPeer(ServerPeer[FakesnowServer]):
    name = "snowflake"
    kind = "snowflake"
    cannot: frozenset[str] = frozenset({"timeout", "cancel", "comments", "nullability"})

    def unavailable(self) -> str | None:
        require_module("snowflake.connector", "snowflake-connector-python")
        if fakesnow_binary() is None:
            missing("fakesnow (the Snowflake peer)")
        return None

    def start_server(self) -> FakesnowServer:
        return FakesnowServer().start()

    @contextlib.contextmanager
    def setup(self, tmp_path: Path) -> Iterator[Any]:
        from cdisql.sources import keys
        from peers import CONTRACT_ROWS, CONTRACT_TABLE, CONTRACT_TABLE_DESCRIPTION, PeerSetup

        server = self.server()
        values = ", ".join(f"({'NULL' if e is None else repr(e)}, {n})" for e, n in CONTRACT_ROWS)
        server.admin(
            f"CREATE DATABASE IF NOT EXISTS {DATABASE}",
            f"CREATE SCHEMA IF NOT EXISTS {DATABASE}.{SCHEMA}",
            f"CREATE OR REPLACE TABLE {DATABASE}.{SCHEMA}.{CONTRACT_TABLE} "
            f"(external_id VARCHAR COMMENT 'Braze external id', n INTEGER NOT NULL COMMENT 'row number') "
            f"COMMENT = '{CONTRACT_TABLE_DESCRIPTION}'",
            f"INSERT INTO {DATABASE}.{SCHEMA}.{CONTRACT_TABLE} VALUES {values}",
            f"CREATE OR REPLACE VIEW {DATABASE}.{SCHEMA}.CONTRACT_VIEW AS "
            f"SELECT * FROM {DATABASE}.{SCHEMA}.{CONTRACT_TABLE}",
        )
        key_file = tmp_path / "snowflake.p8"
        keys.generate_key_file(key_file)
        source = Source(
            name="peer-snowflake",
            type="snowflake",
            schema=SCHEMA,
            database=DATABASE,
            settings=server.source_settings(key_file),
        )
        with fakesnow_session_parameters():
            yield PeerSetup(source)

    def blocking_adapter_factory(self, setup: Any) -> Any:
        return blocking_adapter

    def leftover_tables(self, setup: Any) -> list[str]:
        # temporary tables are per session: this sees permanent leftovers only
        rows = self.server().admin(
            f"SELECT table_name FROM {DATABASE}.information_schema.tables "
            f"WHERE table_schema = '{SCHEMA}' AND table_name ILIKE 'cdisql_segment_%'"
        )
        return [str(r[0]) for r in rows]


PEER = SnowflakeContractPeer()
