"""Snowflake peer: fakesnow in server mode, driven by the real snowflake-connector-python.

fakesnow (its own virtualenv: it pins sqlglot and duckdb versions of its own) listens on
a free 127.0.0.1 port; the connector logs in over HTTP with key-pair (JWT) parameters,
which fakesnow accepts without checking the signature.

What it shows for real: login with ``private_key=``, ``information_schema`` with table
comments, CREATE TEMPORARY TABLE … AS, DROP, fetching in batches, SHOW WAREHOUSES.
What it cannot show (``cannot``): ``ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS``
(accepted as a no-op through fakesnow's ``nop_regexes`` session parameter, set only
while the peer runs), the connector's client-side timeout and cancel (the query keeps
running), ``SYSTEM$CANCEL_ALL_QUERIES``, column comments, NOT NULL in
``information_schema``. Timeout and cancel run against :class:`BlockingConnector`, a
FAKE at the connector's connection/cursor API that blocks the slow segment until it is
cancelled or its ``timeout=`` passes, and hands every other statement to fakesnow.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
import types
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


# -- a FAKE at the connector API, for what fakesnow cannot show -----------------------------
class BlockingConnector:
    """FAKE ``snowflake.connector`` module: the slow segment blocks until it is cancelled.

    Follows the real connector's API used by the adapter: ``connect(**kwargs)`` ->
    connection with ``session_id``, ``cursor()``, ``close()``; cursors with
    ``execute(sql, timeout=None)``, ``fetchmany``, ``fetchall``, ``description``, ``close``.
    A statement naming the slow alias blocks; ``SELECT SYSTEM$CANCEL_ALL_QUERIES(<session>)``
    on another cursor releases it with the connector's real error (errno 604), and so does
    the ``timeout=`` the connector would enforce client-side. Everything else goes to the
    real connector and fakesnow.
    """

    def __init__(self) -> None:
        import snowflake.connector as real

        self.real = real
        self.errors = real.errors
        self.Error = real.Error
        self.sent: list[str] = []
        self.connect_kwargs: dict[str, Any] = {}

    def module(self) -> types.ModuleType:
        module = types.ModuleType("snowflake.connector")
        module.connect = self.connect  # type: ignore[attr-defined]
        module.Error = self.real.Error  # type: ignore[attr-defined]
        module.errors = self.real.errors  # type: ignore[attr-defined]
        return module

    def connect(self, **kwargs: Any) -> _BlockingConnection:
        self.connect_kwargs = dict(kwargs)
        return _BlockingConnection(self, self.real.connect(**kwargs))


class _BlockingConnection:
    def __init__(self, owner: BlockingConnector, real: Any) -> None:
        self.owner = owner
        self.real = real
        self.session_id = 4242
        self.cancelled = threading.Event()

    def cursor(self) -> _BlockingCursor:
        return _BlockingCursor(self, self.real.cursor())

    def close(self) -> None:
        self.real.close()


class _BlockingCursor:
    def __init__(self, conn: _BlockingConnection, real: Any) -> None:
        self.conn = conn
        self.real = real

    @property
    def description(self) -> Any:
        return self.real.description

    def execute(
        self, sql: str, params: Any = None, *, timeout: int | None = None
    ) -> _BlockingCursor:
        self.conn.owner.sent.append(sql)
        errors = self.conn.owner.errors
        if sql.startswith("SELECT SYSTEM$CANCEL_ALL_QUERIES("):
            self.conn.cancelled.set()
            return self
        if SLOW_ALIAS in sql.lower():
            self.conn.cancelled.clear()
            deadline = time.monotonic() + (timeout or 3600)
            while time.monotonic() < deadline:
                if self.conn.cancelled.wait(0.05):
                    raise errors.ProgrammingError(
                        msg="SQL execution canceled", errno=604, sqlstate="57014"
                    )
            raise errors.ProgrammingError(
                msg="SQL execution was cancelled by the client due to a timeout. Error message "
                "received from the server: SQL execution canceled",
                errno=604,
                sqlstate="57014",
            )
        if params is None:
            self.real.execute(sql, timeout=timeout)
        else:
            self.real.execute(sql, params, timeout=timeout)
        return self

    def fetchmany(self, size: int) -> list[Any]:
        return list(self.real.fetchmany(size))

    def fetchall(self) -> list[Any]:
        return list(self.real.fetchall())

    def close(self) -> None:
        self.real.close()


def blocking_adapter(source: Source, connector: BlockingConnector | None = None) -> Any:
    """A SnowflakeAdapter whose connector is :class:`BlockingConnector` (FAKE)."""
    from cdisql.sources.snowflake import SnowflakeAdapter

    fake = connector or BlockingConnector()

    class BlockingSnowflakeAdapter(SnowflakeAdapter):
        def driver(self) -> Any:
            return fake.module()

    return BlockingSnowflakeAdapter(source)


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
        from cdisql import keys
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
