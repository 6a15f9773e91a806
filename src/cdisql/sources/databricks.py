"""Databricks SQL warehouses, through databricks-sql-connector.

Settings: ``server_hostname``, ``http_path``, ``token_env`` (the variable holding a
personal access token) + the source's catalog (``--database``) and schema;
``connect_timeout`` (default 10 minutes) bounds how long connect waits for a stopped
Classic/Pro SQL warehouse to start (2–5 minutes is common), separately from the
source's max runtime, which bounds each query and starts once the warehouse answers:
builds and previews show the wait as a warm-up phase of its own.

Runtime cap: the ``STATEMENT_TIMEOUT`` session configuration (sent at connect, and
``SET STATEMENT_TIMEOUT = N`` when a call wants another cap) plus ``cursor.cancel()``.
Catalog: Unity Catalog's ``information_schema`` (comments, partition columns) in two
queries per schema.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator
from typing import Any, ClassVar

from cdisql.catalog import Catalog, Table
from cdisql.sources import credentials
from cdisql.sources.base import (
    BuildTable,
    ConnectError,
    QueryCancelled,
    QueryTimeout,
    SettingSpec,
    TableInfo,
    WarehouseError,
    WarmupTimeout,
    build_tables,
    close_quietly,
    columns_by_table,
    is_yes,
    table_kind,
)
from cdisql.sources.dbapi import DbApiAdapter
from cdisql.sources.errors import EGRESS_HINT, NETWORK, ErrorRule
from cdisql.sources.plans import Scan, largest_first, plan_lines

DEFAULT_CONNECT_TIMEOUT_S = 600


ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(
        r"query_execution_timeout_exceeded|statement_timeout|timed out.*(query|statement)|"
        r"(query|statement).*timed out",
        QueryTimeout,
        "the query reached the maximum runtime and was stopped",
        "make the query cheaper or raise the source's max runtime (at most 60m)",
    ),
    ErrorRule(r"cancel+ed|operation canceled", QueryCancelled, "query cancelled"),
    ErrorRule(
        r"invalid access token|token.*expired|expired.*token|\b401\b|unauthenticated|"
        r"invalid_token|credential was not sent",
        ConnectError,
        "Databricks refused the access token (expired, revoked or wrong workspace)",
        "create a new personal access token with no lifetime and put it in the variable "
        "named by token_env",
    ),
    ErrorRule(
        r"ip .*(not allowed|blocked)|ip access list",
        ConnectError,
        "the workspace's IP access list blocked the connection",
        EGRESS_HINT + " in the workspace IP access list",
    ),
    ErrorRule(
        r"catalog_not_found|no_such_catalog",
        WarehouseError,
        "the catalog does not exist or the token's user cannot see it",
        "check the source's --database (the catalog) and GRANT USE CATALOG",
    ),
    ErrorRule(
        r"schema_not_found|no_such_schema",
        WarehouseError,
        "the schema does not exist or the token's user cannot see it",
        "check --schema and GRANT USE SCHEMA",
    ),
    ErrorRule(
        r"table_or_view_not_found",
        WarehouseError,
        "a table does not exist or the token's user cannot see it",
    ),
    ErrorRule(
        r"permission_denied|insufficient_permissions|does not have .* privilege|\b403\b",
        WarehouseError,
        "the token's user lacks a privilege",
        "GRANT USE CATALOG, USE SCHEMA, SELECT and CREATE TABLE (see `cdisql setup-sql "
        "databricks`)",
    ),
    ErrorRule(
        r"error during request to server|max retry duration",
        ConnectError,
        "cannot reach the SQL warehouse (network blocked, wrong host, or it did not answer "
        "within connect_timeout)",
        "check server_hostname and http_path; if the workspace has an IP access list, "
        + EGRESS_HINT,
    ),
    ErrorRule(
        r"http path|sql warehouse .*(not found|does not exist)|\b404\b",
        ConnectError,
        "the SQL warehouse was not found",
        "copy the HTTP path from the SQL warehouse's Connection details tab",
    ),
    NETWORK,
)
"""The driver's known failures: what happened and what to do (:func:`~cdisql.sources.errors.translate`)."""


class DatabricksAdapter(DbApiAdapter):
    kind = "databricks"
    driver_package = "databricks-sql-connector"

    @staticmethod
    def parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        return _parse_plan(columns, rows)

    error_rules = ERROR_RULES
    error_positions = ((r"line (?P<line>\d+),? pos (?P<column>\d+)", 0),)
    settings_spec: ClassVar[tuple[SettingSpec, ...]] = (
        SettingSpec(
            "server_hostname", "workspace host, e.g. dbc-1234.cloud.databricks.com", required=True
        ),
        SettingSpec(
            "http_path", "the SQL warehouse's HTTP path (/sql/1.0/warehouses/…)", required=True
        ),
        SettingSpec(
            "token_env",
            "environment variable holding a personal access token (no expiry)",
            required=True,
            secret_ref=True,
        ),
        SettingSpec(
            "connect_timeout",
            "seconds to wait for a stopped SQL warehouse to start (apart from max runtime)",
            default=DEFAULT_CONNECT_TIMEOUT_S,
            kind="int",
        ),
    )

    progress_every_s: ClassVar[float] = 10.0
    explain_prefix = "EXPLAIN COST"
    """The optimized plan with statistics."""

    # -- lifecycle ------------------------------------------------------------------------
    def connect_args(self) -> dict[str, Any]:
        s = self.source.settings
        name = self.source.name
        token = self.env_secret("token_env", what="Databricks access token")
        args: dict[str, Any] = {
            "server_hostname": credentials.required(s, "server_hostname", name, self.kind),
            "http_path": credentials.required(s, "http_path", name, self.kind),
            "access_token": token,
            "schema": self.schema_name,
            "session_configuration": {
                "STATEMENT_TIMEOUT": str(math.ceil(self.source.max_runtime.seconds))
            },
            "_retry_stop_after_attempts_duration": float(self.connect_timeout_s()),
            "user_agent_entry": "cdisql",
        }
        if self.source.database:
            args["catalog"] = self.source.database
        return args

    def connect_timeout_s(self) -> float:
        value = credentials.setting(
            self.source.settings, "connect_timeout", DEFAULT_CONNECT_TIMEOUT_S
        )
        return max(1.0, float(value))

    def connect_limit_s(self) -> float:
        return self.connect_timeout_s()

    def warmup_timeout(self, limit_s: float) -> WarmupTimeout:
        return WarmupTimeout(
            f"the SQL warehouse did not start within {limit_s:g}s (the warm-up bound, "
            "connect_timeout, apart from the max runtime)",
            hint="start it in the Databricks UI, or raise the source's connect_timeout",
        )

    def driver(self) -> Any:
        """The ``databricks.sql`` module, imported on first connect."""
        return self.import_driver("databricks.sql")

    def connect(self) -> None:
        driver = self.driver()
        args = self.connect_args()
        self._session_timeout = self.warehouse.timeout_sql(self.source.max_runtime.seconds)
        self._conn = self._wait_for_warehouse(driver, args)

    def _wait_for_warehouse(self, driver: Any, args: dict[str, Any]) -> Any:
        """Connect and run ``SELECT 1`` in a worker; report progress while it starts up;
        stop waiting past ``connect_timeout`` or on :meth:`cancel`."""
        limit = self.connect_timeout_s()
        outcome: dict[str, Any] = {}
        done = threading.Event()

        def work() -> None:
            conn = None
            try:
                conn = driver.connect(**args)
                cursor = conn.cursor()
                try:
                    cursor.execute("SELECT 1")
                    cursor.fetchall()
                finally:
                    cursor.close()
                outcome["conn"] = conn
            except BaseException as error:
                outcome["error"] = error
                close_quietly(conn)
            finally:
                done.set()

        host = args["server_hostname"]
        self.progress(f"connecting to Databricks {host}")
        self.sent.append("SELECT 1")
        worker = threading.Thread(target=work, name="cdisql-databricks-connect", daemon=True)
        started = time.monotonic()
        said = started
        self._cancelled.clear()
        worker.start()
        while not done.wait(min(0.1, self.progress_every_s)):
            now = time.monotonic()
            # the connector stops retrying at the same limit: its own error says more
            if now - started >= limit + 0.5 or self._cancelled.is_set():
                break
            if now - said >= self.progress_every_s:
                said = now
                self.progress(
                    f"waiting for the SQL warehouse to start ({int(now - started)}s of "
                    f"{int(limit)}s; Classic and Pro warehouses take 2-5 minutes)"
                )
        if not done.is_set():
            late = outcome  # the worker may still finish: close what it opens
            threading.Thread(target=_close_when_done, args=(done, late), daemon=True).start()
            if self._cancelled.is_set():
                raise QueryCancelled("cancelled while the SQL warehouse was starting")
            raise self.warmup_timeout(limit)
        if "error" in outcome:
            raise self.translate_connect(outcome["error"]) from None
        return outcome["conn"]

    # -- export ---------------------------------------------------------------------------------
    def arrow_batches(self, cursor: Any, batch_rows: int) -> Iterator[Any]:
        def batches() -> Iterator[Any]:
            while True:
                batch = cursor.fetchmany_arrow(batch_rows)
                if batch.num_rows == 0:
                    return
                yield batch

        return batches()

    # -- discovery --------------------------------------------------------------------------
    def _info_schema(self) -> str:
        catalog = self.source.database
        return (
            f"{self.warehouse.render_stored(catalog)}.information_schema"
            if catalog
            else "information_schema"
        )

    def list_tables(self) -> list[TableInfo]:
        rows = self.query_all(
            f"SELECT table_name, table_type, comment FROM {self._info_schema()}.tables "
            f"WHERE {self.warehouse.name_filter('table_schema', ':schema')} ORDER BY table_name",
            {"schema": self.schema_name},
        )
        return [
            TableInfo(name, _table_kind(kind), comment or None)
            for name, kind, comment in rows
            if not self.is_build_table(name)
        ]

    def list_build_tables(self) -> list[BuildTable]:
        """Unity Catalog's ``information_schema.tables.created``."""
        rows = self.query_all(
            f"SELECT table_name, created FROM {self._info_schema()}.tables "
            f"WHERE {self.warehouse.name_filter('table_schema', ':schema')} "
            "AND lower(table_name) LIKE 'cdisql_segment%'",
            {"schema": self.schema_name},
        )
        return build_tables(rows)

    def discover_catalog(self) -> Catalog:
        """Two queries per schema: ``information_schema.tables`` and ``.columns``."""
        info = self._info_schema()
        params = {"schema": self.schema_name}
        in_schema = self.warehouse.name_filter("table_schema", ":schema")
        tables = self.query_all(
            "SELECT table_catalog, table_schema, table_name, table_type, comment "
            f"FROM {info}.tables WHERE {in_schema}",
            params,
        )
        columns = self.query_all(
            "SELECT table_name, column_name, full_data_type, is_nullable, comment, partition_index "
            f"FROM {info}.columns WHERE {in_schema} ORDER BY table_name, ordinal_position",
            params,
        )
        by_table = columns_by_table((row[:5] for row in columns), nullable=is_yes)
        partitions: dict[str, list[tuple[int, str]]] = {}
        for table, column, *_, partition_index in columns:
            if partition_index is not None:
                partitions.setdefault(table, []).append((int(partition_index), column))
        result = [
            Table(
                name=name,
                columns=tuple(by_table.get(name, ())),
                database=catalog,
                schema=schema,
                kind=_table_kind(kind),
                description=comment or None,
                partition_by=tuple(c for _, c in sorted(partitions.get(name, []))),
            )
            for catalog, schema, name, kind, comment in sorted(tables, key=lambda r: str(r[2]))
            if not self.is_build_table(name)
        ]
        return self.make_catalog(result)


def _close_when_done(done: threading.Event, outcome: dict[str, Any]) -> None:
    done.wait()
    close_quietly(outcome.get("conn"))


def _table_kind(kind: Any) -> str:
    return table_kind(kind, external=("EXTERNAL", "FOREIGN"))


ADAPTER = DatabricksAdapter


# -- what the warehouse's EXPLAIN says ---------------------------------------------------
_SIZE = re.compile(r"sizeInBytes=([\d.]+)\s*([KMGTPE]i?B|B)?", re.I)
_ROWCOUNT = re.compile(r"rowCount=([\d.E+]+)", re.I)
_RELATION = re.compile(
    r"Relation\s+([\w.`]+)\[.*?Statistics\(sizeInBytes=([\d.]+)\s*([KMGTPE]i?B|B)?"
    r"(?:,\s*rowCount=([\d.E+]+))?",
    re.I,
)
_UNITS = {
    "B": 1,
    "KIB": 1 << 10,
    "MIB": 1 << 20,
    "GIB": 1 << 30,
    "TIB": 1 << 40,
    "PIB": 1 << 50,
    "EIB": 1 << 60,
}
_PLANNING_ERROR = "error occurred during query planning"


def _size(number: str, unit: str | None) -> int:
    return int(float(number) * _UNITS.get((unit or "B").upper().replace("KB", "KIB"), 1))


def _parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    plan = plan_lines(rows)
    text = "\n".join(plan)
    if _PLANNING_ERROR in text.lower():
        # Databricks answers EXPLAIN of a query it cannot compile with a plan that says so
        reason = text.split(":", 1)[1].strip() if ":" in text else text
        raise WarehouseError(reason.splitlines()[0] if reason else text, detail=text)
    out: dict[str, Any] = {"plan": plan}
    sizes = [_size(m.group(1), m.group(2)) for m in _SIZE.finditer(text)]
    if sizes:
        out["bytes_processed"] = int(max(sizes))
    counts = [float(m.group(1)) for m in _ROWCOUNT.finditer(text)]
    if counts:
        out["rows"] = int(counts[0])
    scans = [
        Scan(
            m.group(1).replace("`", ""),
            bytes=_size(m.group(2), m.group(3)),
            rows=int(float(m.group(4))) if m.group(4) else None,
        )
        for m in _RELATION.finditer(text)
    ]
    if scans:
        out["scans"] = largest_first(scans)
    return out
