"""Databricks peer: a FAKE of databricks-sql-connector, backed by DuckDB.

No local server speaks the connector's protocols (Thrift over HTTPS, or the Statement
Execution API), so nothing here is a real Databricks. :class:`FakeDatabricksSql`
follows the connector's real module/connection/cursor API (``connect(server_hostname,
http_path, access_token, catalog, schema, session_configuration, **kwargs)``,
``cursor()``, ``execute(operation, parameters)`` with ``:name`` parameters,
``fetchmany``, ``fetchall``, ``fetchmany_arrow``, ``description``, ``cancel``,
``close``) and raises the
connector's own exception classes. It keeps every statement it receives
(``FakeDatabricksSql.sent``) so tests can assert the exact SQL each step sends.

Behind it, a DuckDB database plays the warehouse: SQL is transpiled from the
Databricks dialect with sqlglot, Unity Catalog's ``information_schema`` (``comment``,
``full_data_type``, ``partition_index``) is emulated with views, ``SET
STATEMENT_TIMEOUT`` is enforced by interrupting DuckDB, ``cursor.cancel()`` interrupts
it too. A slow segment (naming the alias ``slowpoke``) blocks until cancelled or timed
out. ``warmup_s`` makes ``connect`` wait like a stopped SQL warehouse that is starting.
A string of two statements fails as the SQL warehouse fails it (``PARSE_SYNTAX_ERROR
… extra input``): the connector sends the string whole in one request and the server
parses exactly one statement (docs/warehouses.md). What this cannot show: the
connector's transport, retries, auth and the real server's error texts (the ones used
are copied from Databricks' documented error classes).
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cdisql.sources.model import Source
from peers import SLOW_ALIAS, SqlPeer

HOST = "dbc-fake.cloud.databricks.com"
HTTP_PATH = "/sql/1.0/warehouses/fake"
TOKEN = "dapi0123456789abcdef0123456789abcdef-3"
TOKEN_ENV = "CDISQL_TEST_DATABRICKS_TOKEN"
CATALOG = "peer_catalog"
SCHEMA = "contract"

_UC_VIEWS = """
CREATE SCHEMA IF NOT EXISTS uc_information_schema;
CREATE OR REPLACE VIEW uc_information_schema.tables AS
  SELECT database_name AS table_catalog, schema_name AS table_schema, table_name,
         'MANAGED' AS table_type, comment, CAST(NULL AS TIMESTAMP) AS created
  FROM duckdb_tables() WHERE NOT internal AND schema_name <> 'uc_information_schema'
  UNION ALL
  SELECT database_name, schema_name, view_name, 'VIEW', comment, NULL
  FROM duckdb_views() WHERE NOT internal AND schema_name <> 'uc_information_schema';
CREATE OR REPLACE VIEW uc_information_schema.columns AS
  SELECT database_name AS table_catalog, schema_name AS table_schema, table_name, column_name,
         lower(data_type) AS full_data_type, CASE WHEN is_nullable THEN 'YES' ELSE 'NO' END AS is_nullable,
         comment, CAST(NULL AS INTEGER) AS partition_index, column_index AS ordinal_position
  FROM duckdb_columns() WHERE NOT internal AND schema_name <> 'uc_information_schema';
"""


class FakeDatabricksSql:
    """FAKE ``databricks.sql`` module (see the module docstring)."""

    def __init__(self, database: Path, *, token: str = TOKEN, warmup_s: float = 0.0) -> None:
        import duckdb
        from databricks.sql import exc

        self.exc = exc
        self.token = token
        self.warmup_s = warmup_s
        self.sent: list[str] = []
        self.connect_kwargs: dict[str, Any] = {}
        self._db = duckdb.connect(str(database))
        self._db.execute(_UC_VIEWS)
        self.catalog = database.stem

    def module(self) -> types.ModuleType:
        module = types.ModuleType("databricks.sql")
        module.connect = self.connect  # type: ignore[attr-defined]
        module.exc = self.exc  # type: ignore[attr-defined]
        return module

    def admin(self, sql: str) -> list[tuple[Any, ...]]:
        cursor = self._db.cursor()
        try:
            return [tuple(r) for r in cursor.execute(sql).fetchall()]
        finally:
            cursor.close()

    def connect(
        self, server_hostname: str, http_path: str, access_token: str | None = None, **kwargs: Any
    ) -> _Connection:
        self.connect_kwargs = {"server_hostname": server_hostname, "http_path": http_path, **kwargs}
        if self.warmup_s:
            time.sleep(self.warmup_s)  # a Classic/Pro SQL warehouse starting up
        if access_token != self.token:
            raise self.exc.RequestError(
                "Error during request to server: 403 Forbidden: Invalid access token."
            )
        if http_path != HTTP_PATH:
            raise self.exc.RequestError("Error during request to server: 404 Not Found")
        conn = _Connection(self, kwargs.get("session_configuration") or {})
        catalog, schema = kwargs.get("catalog"), kwargs.get("schema")
        if catalog and catalog != self.catalog:
            raise self.exc.ServerOperationError(
                f"[NO_SUCH_CATALOG_EXCEPTION] Catalog '{catalog}' was not found. SQLSTATE: 42704"
            )
        conn.schema = schema
        return conn


class _Connection:
    def __init__(self, owner: FakeDatabricksSql, session: dict[str, Any]) -> None:
        self.owner = owner
        self.timeout_s: float | None = (
            float(session["STATEMENT_TIMEOUT"]) if "STATEMENT_TIMEOUT" in session else None
        )
        self.schema: str | None = None
        self.open = True

    def cursor(self) -> _Cursor:
        return _Cursor(self)

    def close(self) -> None:
        self.open = False


class _Cursor:
    def __init__(self, conn: _Connection) -> None:
        self.conn = conn
        self._duck = conn.owner._db.cursor()
        self._rows: list[tuple[Any, ...]] = []
        self.description: list[tuple[Any, ...]] | None = None
        self._cancelled = threading.Event()
        self._timed_out = threading.Event()

    def execute(
        self, operation: str, parameters: dict[str, Any] | None = None, **_: Any
    ) -> _Cursor:
        owner = self.conn.owner
        exc = owner.exc
        owner.sent.append(operation)
        self._cancelled.clear()
        self._timed_out.clear()
        setting = re.match(r"(?i)^\s*SET\s+STATEMENT_TIMEOUT\s*=\s*(\d+)\s*$", operation)
        if setting:
            self.conn.timeout_s = float(setting.group(1))
            self._result([], [])
            return self
        sql = operation
        for name, value in (parameters or {}).items():
            sql = sql.replace(f":{name}", "'" + str(value).replace("'", "''") + "'")
        sql = re.sub(r"(`[^`]+`|\w+)\.information_schema\.", "uc_information_schema.", sql)
        if sql.upper().startswith("EXPLAIN COST"):
            self._result(
                ["plan"],
                [("== Optimized Logical Plan ==\nStatistics(sizeInBytes=2.0 KiB, rowCount=250)",)],
            )
            return self
        import sqlglot

        statements = sqlglot.transpile(sql, read="databricks", write="duckdb")
        if len(statements) > 1:  # the server parses one statement per request (see docs)
            raise exc.ServerOperationError(
                "[PARSE_SYNTAX_ERROR] Syntax error at or near ';': extra input. SQLSTATE: 42601"
            )
        duck_sql = statements[0]
        timer = None
        if self.conn.timeout_s:
            timer = threading.Timer(self.conn.timeout_s, self._time_out)
            timer.daemon = True
            timer.start()
        try:
            if SLOW_ALIAS in sql.lower():
                while not (self._cancelled.is_set() or self._timed_out.is_set()):
                    time.sleep(0.02)
                self._raise_stopped()
            if self.conn.schema:
                self._duck.execute(f'USE "{owner.catalog}"."{self.conn.schema}"')
            try:
                self._duck.execute(duck_sql)
            except Exception as error:
                self._raise_stopped()
                raise exc.ServerOperationError(_databricks_error(str(error))) from None
            names = [d[0] for d in (self._duck.description or [])]
            self._result(names, [tuple(r) for r in self._duck.fetchall()] if names else [])
        finally:
            if timer is not None:
                timer.cancel()
        return self

    def _raise_stopped(self) -> None:
        exc = self.conn.owner.exc
        if self._timed_out.is_set():
            raise exc.ServerOperationError(
                "[QUERY_EXECUTION_TIMEOUT_EXCEEDED] The execution of the query was cancelled due "
                f"to exceeding the timeout ({int(self.conn.timeout_s or 0)} s). SQLSTATE: 57KD0"
            )
        if self._cancelled.is_set():
            raise exc.ServerOperationError("Query execution was canceled (CANCELED_STATE)")

    def _time_out(self) -> None:
        self._timed_out.set()
        with contextlib.suppress(Exception):
            self._duck.interrupt()

    def _result(self, names: list[str], rows: list[tuple[Any, ...]]) -> None:
        self.description = [(n, "string", None, None, None, None, None) for n in names] or None
        self._rows = rows

    def fetchmany(self, size: int) -> list[tuple[Any, ...]]:
        out, self._rows = self._rows[:size], self._rows[size:]
        return out

    def fetchall(self) -> list[tuple[Any, ...]]:
        out, self._rows = self._rows, []
        return out

    def fetchmany_arrow(self, size: int) -> Any:
        """The connector's ``fetchmany_arrow(size) -> pyarrow.Table`` (empty at the end)."""
        import pyarrow as pa

        rows = self.fetchmany(size)
        names = [d[0] for d in (self.description or [])]
        return pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})

    def cancel(self) -> None:
        self._cancelled.set()
        with contextlib.suppress(Exception):
            self._duck.interrupt()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._duck.close()


def _databricks_error(text: str) -> str:
    if "does not exist" in text and "Table" in text:
        return f"[TABLE_OR_VIEW_NOT_FOUND] {text.splitlines()[0]}"
    if "Conversion Error" in text or "Could not convert" in text:
        return f"[CAST_INVALID_INPUT] {text.splitlines()[0]}"
    return text.splitlines()[0]


@contextlib.contextmanager
def installed(fake: FakeDatabricksSql) -> Iterator[FakeDatabricksSql]:
    """Let every DatabricksAdapter use ``fake`` as its driver while the block runs."""
    from cdisql.sources.databricks import DatabricksAdapter

    saved = DatabricksAdapter.driver

    def driver(self: Any) -> Any:
        return fake.module()

    DatabricksAdapter.driver = driver  # type: ignore[method-assign]
    try:
        yield fake
    finally:
        DatabricksAdapter.driver = saved  # type: ignore[method-assign]


def make_source(
    name: str = "dbx", *, schema: str = SCHEMA, catalog: str = CATALOG, **settings: Any
) -> Source:
    return Source(
        name=name,
        type="databricks",
        schema=schema,
        database=catalog,
        settings={
            "server_hostname": HOST,
            "http_path": HTTP_PATH,
            "token_env": TOKEN_ENV,
            **settings,
        },
    )


def seed_contract(fake: FakeDatabricksSql) -> None:
    from peers import CONTRACT_ROWS, CONTRACT_TABLE, CONTRACT_TABLE_DESCRIPTION

    values = ", ".join(f"({'NULL' if e is None else repr(e)}, {n})" for e, n in CONTRACT_ROWS)
    fake.admin(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    fake.admin(
        f"CREATE OR REPLACE TABLE {SCHEMA}.{CONTRACT_TABLE} (external_id VARCHAR, n INTEGER NOT NULL)"
    )
    fake.admin(f"INSERT INTO {SCHEMA}.{CONTRACT_TABLE} VALUES {values}")
    fake.admin(f"COMMENT ON TABLE {SCHEMA}.{CONTRACT_TABLE} IS '{CONTRACT_TABLE_DESCRIPTION}'")
    fake.admin(f"COMMENT ON COLUMN {SCHEMA}.{CONTRACT_TABLE}.external_id IS 'Braze external id'")
    fake.admin(f"COMMENT ON COLUMN {SCHEMA}.{CONTRACT_TABLE}.n IS 'row number'")
    fake.admin(
        f"CREATE OR REPLACE VIEW {SCHEMA}.contract_view AS SELECT * FROM {SCHEMA}.{CONTRACT_TABLE}"
    )


# -- the adapter contract (tests/contract) ------------------------------------------------
class DatabricksContractPeer(SqlPeer):
    """Everything runs against the FAKE connector (no Databricks peer exists); the fake
    enforces STATEMENT_TIMEOUT and cancel itself."""

    name = "databricks"
    kind = "databricks"
    cannot: frozenset[str] = frozenset({"transport", "auth"})
    string_type = "STRING"
    int_type = "INT"

    def unavailable(self) -> str | None:
        from peers._local import require_module

        require_module("databricks.sql", "databricks-sql-connector")
        return None

    @contextlib.contextmanager
    def setup(self, tmp_path: Path) -> Iterator[Any]:
        from peers import PeerSetup

        fake = FakeDatabricksSql(tmp_path / f"{CATALOG}.duckdb")
        seed_contract(fake)
        with installed(fake):
            yield PeerSetup(
                make_source("peer-databricks"), env={TOKEN_ENV: TOKEN}, extra={"fake": fake}
            )

    def leftover_tables(self, setup: Any) -> list[str]:
        rows = setup.extra["fake"].admin(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'cdisql_segment_%'"
        )
        return [str(r[0]) for r in rows]


PEER = DatabricksContractPeer()
