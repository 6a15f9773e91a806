"""Snowflake, through snowflake-connector-python, with key-pair (JWT) authentication.

Settings: ``account``, ``user``, ``role``, ``warehouse`` (+ the source's database and
schema), ``private_key_file`` (PKCS#8, 0600: ``cdisql keys generate SOURCE``) and
optionally ``private_key_passphrase_env``. ``host``/``port``/``protocol`` reach a
private-link endpoint or a local stand-in.

Connector 4.x and 5.x: both offer the same asynchronous query API, and that is all the
adapter uses to run a statement: ``cursor.execute_async`` gives the query id, the
connection's ``get_query_status_throw_if_error`` / ``is_still_running`` are polled
until it ends (a cancel or the watchdog is noticed between polls), then
``cursor.get_results_from_sfqid`` makes its rows fetchable. Nothing relies on
``execute(timeout=…)``, which 5.x accepts and ignores.

Runtime cap: ``STATEMENT_TIMEOUT_IN_SECONDS`` on the session (sent at login and again
whenever a call wants another cap): the server stops the query itself. A cancel, or the
client watchdog past the cap, stops that one query by its id
(``SELECT SYSTEM$CANCEL_QUERY('<query id>')`` on a second cursor), never the user's
other sessions. Login is bounded by ``login_timeout`` (short: an unreachable host fails
fast and is named), other requests by ``network_timeout``. A build's table is
``CREATE TEMPORARY TABLE``, which Snowflake drops itself when the session ends.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

from cdisql.catalog import Catalog, Table
from cdisql.sources import credentials
from cdisql.sources.base import (
    SEGMENT_TABLE_PREFIX,
    BuildTable,
    Check,
    ConnectError,
    KeyPairUse,
    QueryCancelled,
    QueryTimeout,
    SettingSpec,
    TableInfo,
    WarehouseError,
    build_tables,
    columns_by_table,
    install_command,
    is_yes,
    table_kind,
)
from cdisql.sources.dbapi import DbApiAdapter
from cdisql.sources.errors import EGRESS_HINT, NETWORK, ErrorRule
from cdisql.sources.plans import Scan, largest_first, to_int

_QUERY_ID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
DEFAULT_LOGIN_TIMEOUT_S = 20
SUPPORTED_MAJORS = (4, 5)
"""The connector majors CI tests (4.x against fakesnow, 5.x's API in its own venv)."""


ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(
        r"\b000630\b|statement reached its statement or warehouse timeout|"
        r"cancelled by the client due to a timeout",
        QueryTimeout,
        "the query reached the maximum runtime and was stopped",
        "make the query cheaper or raise the source's max runtime (at most 60m)",
    ),
    ErrorRule(r"\b000604\b|SQL execution canceled|cancelled", QueryCancelled, "query cancelled"),
    ErrorRule(
        # the connector's CREDENTIAL_REJECTION_GS_CODES: 390144, 394300-394306 (JWT)
        r"\b390144\b|JWT token is invalid|\b39430[0-6]\b",
        ConnectError,
        "Snowflake refused the key pair: the public key is not registered on the user",
        "run the `ALTER USER {user} SET RSA_PUBLIC_KEY='…'` that `cdisql keys generate "
        "SOURCE` printed, as a user with the SECURITYADMIN role",
    ),
    ErrorRule(
        # the connector's session/master token codes (network.py): 390110, 390112-390115
        r"\b3901(1[02345])\b|session (token )?(has )?expired|session no longer exists|"
        r"authentication token has expired",
        ConnectError,
        "the Snowflake session token expired (or is no longer valid)",
        "run the command again: cdisql logs in afresh",
    ),
    ErrorRule(
        r"\b390189\b|role .* (specified in the connect string )?is not granted",
        ConnectError,
        "the role is not granted to the user",
        "GRANT ROLE {role} TO USER {user} (see `cdisql setup-sql snowflake --source NAME`)",
    ),
    ErrorRule(
        # ER_FAILED_TO_CONNECT_TO_DB (250001) after every retry, the login's own timeout
        # (5.x: 000014 HYT00), ER_CONNECTION_TIMEOUT (251011), or the socket's words
        r"could not connect to snowflake backend|login timed out|\b251011\b|"
        r"connection refused|no route to host|network is unreachable|"
        r"name or service not known|nodename nor servname|failed to resolve|"
        r"temporary failure in name resolution|connect(ion)? timed? ?out|max retries exceeded",
        ConnectError,
        "could not reach the Snowflake host {host}",
        "check the account identifier (it makes the host name: ORGNAME-ACCOUNTNAME, "
        "without '.snowflakecomputing.com') or the host setting, the network and proxy; "
        "if a firewall guards it, " + EGRESS_HINT + "; login_timeout bounds the wait",
    ),
    ErrorRule(
        # 251001 ER_NO_ACCOUNT_NAME, 251005 ER_NO_USER, 390100 AUTHORIZATION_FAILURE;
        # HTTP 403/404 on login: the account's URL answers but knows no such account
        r"\b251001\b|\b251005\b|verify the account name|403 forbidden|404 not found|"
        r"account .*(not found|does not exist)|incorrect username or password|\b390100\b",
        ConnectError,
        "Snowflake did not recognise the account identifier or the user",
        "use the account identifier ORGNAME-ACCOUNTNAME (or LOCATOR.REGION), without "
        "'.snowflakecomputing.com', and check the user name ({user})",
    ),
    ErrorRule(
        r"\b390432\b|\b390422\b|ip .* is not allowed|network policy",
        ConnectError,
        "a Snowflake network policy blocked the connection",
        EGRESS_HINT + " in the network policy of the account or user",
    ),
    ErrorRule(
        r"\b000606\b|no active warehouse",
        ConnectError,
        "no usable warehouse: it does not exist or the role lacks USAGE on it",
        "GRANT USAGE ON WAREHOUSE {warehouse} TO ROLE {role}, and check the source's "
        "warehouse setting",
    ),
    ErrorRule(
        r"warehouse .*(is suspended|cannot be resumed)",
        WarehouseError,
        "the warehouse is suspended and cannot be resumed by this role",
        "ALTER WAREHOUSE {warehouse} SET AUTO_RESUME = TRUE, or GRANT OPERATE ON WAREHOUSE "
        "{warehouse} TO ROLE {role}",
    ),
    ErrorRule(
        r"\b002003\b|does not exist or not authorized",
        WarehouseError,
        "an object does not exist, or the role lacks USAGE on its database or schema",
        "GRANT USAGE ON DATABASE {database} / GRANT USAGE ON SCHEMA {database}.{schema} / "
        "GRANT SELECT ON … TO ROLE {role}",
    ),
    ErrorRule(
        r"\b003001\b|insufficient privileges",
        WarehouseError,
        "the role lacks a privilege",
        "GRANT CREATE TABLE ON SCHEMA {database}.{schema} and SELECT on the tables TO ROLE {role}",
    ),
    NETWORK,
)
"""The driver's known failures: what happened and what to do (:func:`~cdisql.sources.errors.translate`)."""


class SnowflakeAdapter(DbApiAdapter):
    kind = "snowflake"
    driver_package = "snowflake-connector-python"
    plan_gives_partitions = True

    @staticmethod
    def parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        return _parse_plan(columns, rows)

    error_rules = ERROR_RULES
    error_positions = ((r"error line (?P<line>\d+) at position (?P<column>\d+)", 0),)
    settings_spec: ClassVar[tuple[SettingSpec, ...]] = (
        SettingSpec("account", "account identifier, ORGNAME-ACCOUNTNAME", required=True),
        SettingSpec("user", "the user cdisql connects as (one per workspace)", required=True),
        SettingSpec("role", "the role holding the source's grants", required=True),
        SettingSpec("warehouse", "the virtual warehouse queries run on", required=True),
        SettingSpec(
            "private_key_file",
            "PKCS#8 private key file (0600), created by `cdisql keys generate SOURCE`",
            secret_ref=True,
        ),
        SettingSpec(
            "private_key_passphrase_env",
            "environment variable holding the key's passphrase, if it is encrypted",
            secret_ref=True,
        ),
        SettingSpec("host", "endpoint host (private link); default from the account"),
        SettingSpec("port", "endpoint port", kind="int"),
        SettingSpec("protocol", "https (default) or http (local stand-ins only)"),
        SettingSpec(
            "login_timeout",
            "seconds to wait for login (an unreachable host fails after this)",
            default=DEFAULT_LOGIN_TIMEOUT_S,
            kind="int",
        ),
        SettingSpec(
            "network_timeout",
            "seconds any other request may take (status polls, cancels); default: the connector's",
            kind="int",
        ),
    )

    key_pair = KeyPairUse(
        "key-pair login", "private_key_file", "{source}{slot}.p8", second_slot=True
    )
    explain_prefix = "EXPLAIN USING JSON"
    """The plan as columns and rows."""
    _schema_error: WarehouseError | None = None
    extra_session_parameters: ClassVar[dict[str, Any]] = {}
    """Added to the login's session parameters (a local stand-in may need its own)."""
    poll_s: ClassVar[float] = 0.05
    """The first pause between two status polls of a running query (it grows to 1 s)."""

    def __init__(self, source: Any, *, progress: Any = None) -> None:
        super().__init__(source, progress=progress)
        self._query_id: str | None = None
        self._stopped_ids: set[str] = set()
        self._query_lock = threading.Lock()

    # -- lifecycle ------------------------------------------------------------------------
    def connect_args(self) -> dict[str, Any]:
        """The keyword arguments for ``snowflake.connector.connect`` (secrets included)."""
        s = self.source.settings
        name = self.source.name
        from cdisql.sources import keys

        key_file = credentials.private_file(
            credentials.setting(s, "private_key_file"),
            what="private key",
            setting_name="private_key_file",
        )
        passphrase = credentials.optional_env_secret(s.get("private_key_passphrase_env"))
        if s.get("private_key_passphrase_env") and passphrase is None:
            raise ConnectError(
                f"environment variable {s['private_key_passphrase_env']} (the key's "
                "passphrase) is not set or empty",
                hint=f"export {s['private_key_passphrase_env']}=… in the shell that runs cdisql",
            )
        self.remember_secret(passphrase)
        try:
            der = keys.private_key_der(key_file, passphrase)
        except (keys.KeyFileError, PermissionError) as error:
            raise ConnectError(str(error)) from None
        self.remember_secret(der)
        timeout = math.ceil(self.source.max_runtime.seconds)
        args: dict[str, Any] = {
            "account": credentials.required(s, "account", name, self.kind),
            "user": credentials.required(s, "user", name, self.kind),
            "role": credentials.required(s, "role", name, self.kind),
            "warehouse": credentials.required(s, "warehouse", name, self.kind),
            "authenticator": "SNOWFLAKE_JWT",
            "private_key": der,
            "login_timeout": self.login_timeout_s(),
            "client_session_keep_alive": False,
            "session_parameters": {
                "QUERY_TAG": "cdisql",
                "STATEMENT_TIMEOUT_IN_SECONDS": timeout,
                "CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False,
                **self.extra_session_parameters,
                # the second wall: Snowflake itself runs one statement per request, whatever
                # the account's default (0 would run a multi-statement string)
                "MULTI_STATEMENT_COUNT": 1,
            },
        }
        if self.source.database:
            args["database"] = self.source.database
        for key in ("host", "protocol"):
            if credentials.setting(s, key):
                args[key] = str(s[key])
        if credentials.setting(s, "port"):
            args["port"] = int(s["port"])
        network = credentials.setting(s, "network_timeout")
        if network:
            args["network_timeout"] = int(network)
        return args

    def login_timeout_s(self) -> int:
        value = credentials.setting(self.source.settings, "login_timeout", DEFAULT_LOGIN_TIMEOUT_S)
        return max(1, int(value))

    def connect_limit_s(self) -> float:
        # login is bounded by the connector; USE SCHEMA follows it
        return float(self.login_timeout_s()) + 60.0

    def host(self) -> str:
        """The host the connector talks to: the ``host`` setting, or the account's."""
        s = self.source.settings
        given = credentials.setting(s, "host")
        if given:
            return str(given)
        return f"{credentials.setting(s, 'account', '<account>')}.snowflakecomputing.com"

    def error_names(self) -> dict[str, str]:
        return {**super().error_names(), "host": self.host()}

    def driver(self) -> Any:
        """The ``snowflake.connector`` module, imported on first connect."""
        return self.import_driver("snowflake.connector")

    def connect(self) -> None:
        connector = self.driver()
        major = connector_major(connector)
        if major not in SUPPORTED_MAJORS:
            raise ConnectError(
                f"snowflake-connector-python {connector.__version__} is not supported "
                f"(cdisql supports {' and '.join(f'{m}.x' for m in SUPPORTED_MAJORS)})",
                hint=install_command(self.kind),
            )
        args = for_connector(self.connect_args(), major)
        self._session_timeout = self.warehouse.timeout_sql(self.source.max_runtime.seconds)
        self.progress(f"connecting to Snowflake account {args['account']}")
        try:
            self._conn = connector.connect(**args)
        except Exception as error:
            raise self.translate_connect(error) from None
        # the connector silently ignores a schema it cannot use at login: USE SCHEMA says so
        self._schema_error = None
        try:
            self.execute(f"USE SCHEMA {self._schema_path()}", timeout_s=60)
        except WarehouseError as error:
            self._schema_error = error

    def _schema_path(self) -> str:
        """``DATABASE.SCHEMA`` as the user would write it: unquoted names fold to upper."""
        w = self.warehouse
        parts = [p for p in (self.source.database, self.source.schema) if p]
        return ".".join(w.render_name(w.stored_name(p)) for p in parts)

    # -- primitives: asynchronous queries, polled, cancelled by id ----------------------------
    def run(self, cursor: Any, sql: str, timeout_s: float | None, params: Any = None) -> None:
        submitted = (
            cursor.execute_async(sql) if params is None else cursor.execute_async(sql, params)
        )
        query_id = (submitted or {}).get("queryId") or cursor.sfqid
        with self._query_lock:
            self._query_id = query_id
        try:
            self._wait_for(query_id)
        finally:
            with self._query_lock:
                self._query_id = None
        cursor.get_results_from_sfqid(query_id)

    def _wait_for(self, query_id: str) -> None:
        """Poll the query's status until it ends; raise its error if it failed."""
        conn = self.connection
        pause = self.poll_s
        resuming = False
        while True:
            status = conn.get_query_status_throw_if_error(query_id)
            if not conn.is_still_running(status):
                return
            if getattr(status, "name", "") == "RESUMING_WAREHOUSE" and not resuming:
                resuming = True
                self.progress(f"resuming warehouse {self.source.settings.get('warehouse')}")
            if self._cancelled.is_set() or self._timed_out.is_set():
                self.cancel_query(query_id)
                raise WarehouseError("query stopped")  # _running says timeout or cancel
            self._cancelled.wait(pause)
            pause = min(pause * 1.5, 1.0)

    def arrow_batches(self, cursor: Any, batch_rows: int) -> Iterator[Any]:
        # the connector's own result chunks, as Arrow tables (it sizes them itself)
        return iter(cursor.fetch_arrow_batches())

    def interrupt(self, cursor: Any) -> None:
        with self._query_lock:
            query_id = self._query_id
        if query_id is not None:
            self.cancel_query(query_id)

    def cancel_query(self, query_id: str) -> None:
        """Stop one query by its id on a second cursor (the user's other sessions go on)."""
        if not _QUERY_ID.match(query_id or ""):
            return
        with self._query_lock:
            if query_id in self._stopped_ids:
                return
            self._stopped_ids.add(query_id)
        sql = f"SELECT SYSTEM$CANCEL_QUERY('{query_id}')"
        self.sent.append(sql)
        other = self.connection.cursor()
        try:
            other.execute(sql)
        finally:
            other.close()

    # -- temporary table: session-scoped, named in the session's schema ---------------------
    def is_build_table(self, name: Any) -> bool:
        return str(name).upper().startswith(SEGMENT_TABLE_PREFIX.upper())

    def qualified(self, name: str) -> str:
        w = self.warehouse
        if self.is_build_table(name):
            # temporary tables live in the session's current schema (set at login)
            return w.quote(name)
        return f"{self._schema_path()}.{w.quote(name)}"

    # -- discovery --------------------------------------------------------------------------
    def _schema_filter(self) -> tuple[str, list[Any]]:
        return self.warehouse.name_filter("table_schema", "%s"), [self.schema_name]

    def _info_schema(self) -> str:
        db = self.source.database
        return (
            f"{self.warehouse.render_stored(db)}.information_schema" if db else "information_schema"
        )

    def list_tables(self) -> list[TableInfo]:
        where, params = self._schema_filter()
        rows = self.query_all(
            f"SELECT table_name, table_type, comment FROM {self._info_schema()}.tables "
            f"WHERE {where} ORDER BY table_name",
            params,
        )
        return [
            TableInfo(name, table_kind(kind), comment or None)
            for name, kind, comment in rows
            if not self.is_build_table(name)
        ]

    def list_build_tables(self) -> list[BuildTable]:
        """``information_schema.tables.created``. Build tables are TEMPORARY here (gone
        with their session); this finds any other table that kept a build's name."""
        where, params = self._schema_filter()
        rows = self.query_all(
            f"SELECT table_name, created FROM {self._info_schema()}.tables "
            f"WHERE {where} AND table_name ILIKE 'CDISQL_SEGMENT%%'",
            params,
        )
        return build_tables(rows)

    def discover_catalog(self) -> Catalog:
        """Two queries per schema: ``information_schema.tables`` and ``.columns``."""
        where, params = self._schema_filter()
        info = self._info_schema()
        tables = self.query_all(
            "SELECT table_catalog, table_schema, table_name, table_type, comment, "
            f"clustering_key, row_count FROM {info}.tables WHERE {where}",
            params,
        )
        columns = self.query_all(
            "SELECT table_name, column_name, data_type, is_nullable, comment "
            f"FROM {info}.columns WHERE {where} ORDER BY table_name, ordinal_position",
            params,
        )
        by_table = columns_by_table(columns, nullable=is_yes)
        result = [
            Table(
                name=name,
                columns=tuple(by_table.get(name, ())),
                database=database,
                schema=schema,
                kind=table_kind(kind),
                description=comment or None,
                cluster_by=clustering_columns(clustering),
                row_count=int(rows) if rows is not None else None,
            )
            for database, schema, name, kind, comment, clustering, rows in sorted(
                tables, key=lambda r: str(r[2])
            )
            if not self.is_build_table(name)
        ]
        return self.make_catalog(result)

    # -- connection test --------------------------------------------------------------------
    def extra_checks(self) -> list[Check]:
        """The schema is visible, and the warehouse can resume (AUTO_RESUME, or OPERATE)."""
        return [self.check_schema(), self.check_warehouse_resumes()]

    def check_schema(self) -> Check:
        schema = self.schema_name
        where = f"{self.source.database}.{schema}" if self.source.database else schema
        if self._schema_error is not None:
            return Check(
                "schema",
                False,
                f"cannot use schema {where}: {self._schema_error}",
                fix=_usage_fix(self.source),
            )
        try:
            rows = self.query_all(
                f"SELECT schema_name FROM {self._info_schema()}.schemata WHERE schema_name = %s",
                [schema],
                timeout_s=60,
            )
        except WarehouseError as error:
            return Check.failed("schema", error, fix=_usage_fix(self.source))
        if not rows:
            return Check(
                "schema",
                False,
                f"schema {where} does not exist, or role {self.source.settings.get('role')} "
                "lacks USAGE on it",
                fix=_usage_fix(self.source),
            )
        return Check("schema", True, f"schema {where} is visible")

    def check_warehouse_resumes(self) -> Check:
        name = str(self.source.settings.get("warehouse") or "")
        role = str(self.source.settings.get("role") or "")
        like = name.upper().replace("'", "''")
        try:
            rows = self.query_dicts(f"SHOW WAREHOUSES LIKE '{like}'", timeout_s=60)
        except WarehouseError as error:
            return Check.failed("warehouse resumes", error, fix=_resume_fix(name, role))
        row = next((r for r in rows if str(r.get("name", "")).upper() == name.upper()), None)
        if row is None:
            return Check(
                "warehouse resumes",
                False,
                f"warehouse {name} is not visible to role {role}",
                fix=f"GRANT USAGE ON WAREHOUSE {name} TO ROLE {role}",
            )
        state = str(row.get("state", "")).upper()
        if str(row.get("auto_resume", "")).lower() == "true":
            return Check(
                "warehouse resumes", True, f"warehouse {name} ({state}) has AUTO_RESUME on"
            )
        if self._role_can_operate(name, role):
            return Check(
                "warehouse resumes",
                True,
                f"warehouse {name} ({state}) has AUTO_RESUME off, but role {role} has OPERATE",
            )
        return Check(
            "warehouse resumes",
            False,
            f"warehouse {name} ({state}) has AUTO_RESUME off and role {role} lacks OPERATE: "
            "queries fail whenever it is suspended",
            fix=_resume_fix(name, role),
        )

    def _role_can_operate(self, warehouse: str, role: str) -> bool:
        try:
            grants = self.query_dicts(
                f"SHOW GRANTS ON WAREHOUSE {self.warehouse.quote(warehouse.upper())}"
            )
        except WarehouseError:
            return False
        for grant in grants:
            privilege = str(grant.get("privilege", "")).upper()
            grantee = str(grant.get("grantee_name", "")).upper()
            if privilege in ("OPERATE", "OWNERSHIP") and grantee == role.upper():
                return True
        return False


def clustering_columns(clustering_key: str | None) -> tuple[str, ...]:
    """``LINEAR(A, B)`` -> ``("A", "B")`` (expressions kept as written)."""
    if not clustering_key:
        return ()
    text = str(clustering_key).strip()
    if text.upper().startswith("LINEAR(") and text.endswith(")"):
        text = text[len("LINEAR(") : -1]
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    if current.strip():
        parts.append(current.strip())
    return tuple(p.strip('"') for p in parts)


def _usage_fix(source: Any) -> str:
    role = source.settings.get("role") or "<role>"
    db = source.database or "<database>"
    return (
        f"check the schema name; GRANT USAGE ON DATABASE {db} TO ROLE {role}; "
        f"GRANT USAGE ON SCHEMA {db}.{source.schema} TO ROLE {role}"
    )


def _resume_fix(warehouse: str, role: str) -> str:
    return (
        f"ALTER WAREHOUSE {warehouse} SET AUTO_RESUME = TRUE; or "
        f"GRANT OPERATE ON WAREHOUSE {warehouse} TO ROLE {role}"
    )


ADAPTER = SnowflakeAdapter


def connector_major(connector: Any) -> int:
    """The major version of the ``snowflake.connector`` module (4 when it does not say)."""
    version = str(getattr(connector, "__version__", "") or "4")
    head = version.split(".")[0]
    return int(head) if head.isdigit() else 4


def for_connector(args: dict[str, Any], major: int) -> dict[str, Any]:
    """``connect`` keyword arguments in the names the connector's major version reads.

    5.x reads ``network_timeout`` as the deprecated alias of ``query_timeout`` and
    ``request_timeout``; only the second is meant (a query's own bound is the session's
    statement timeout). Its HTTP ``connect_timeout`` (60 s unless set) gets the login's
    bound, so that an unreachable host fails within ``login_timeout``.
    """
    if major < 5:
        return args
    out = dict(args)
    network = out.pop("network_timeout", None)
    if network is not None:
        out["request_timeout"] = network
    out.setdefault("connect_timeout", out.get("login_timeout"))
    # log out on close even while a query runs: an abandoned query must not outlive us
    out.setdefault("enable_server_session_keep_alive_auto_detection", False)
    return out


# -- what the warehouse's EXPLAIN says ---------------------------------------------------
def _parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """``EXPLAIN USING JSON`` (one JSON text) or ``USING TABULAR`` rows."""
    names = [c.lower() for c in columns]
    if len(rows) == 1 and len(rows[0]) == 1 and str(rows[0][0]).lstrip().startswith("{"):
        try:
            data = json.loads(str(rows[0][0]))
        except ValueError:
            data = None
        if isinstance(data, dict):
            steps = data.get("Operations") or []
            operations = [op for step in steps for op in (step or []) if isinstance(op, dict)]
            return _snowflake_figures(data.get("GlobalStats") or {}, operations)
    operations = [
        {k: v for k, v in zip(names, row, strict=False) if v not in (None, "")} for row in rows
    ]
    stats = next(
        (o for o in operations if str(o.get("operation", "")).lower() == "globalstats"), {}
    )
    return _snowflake_figures(
        {k.lower(): v for k, v in stats.items()},
        [o for o in operations if o is not stats],
    )


def _snowflake_figures(stats: dict[str, Any], operations: list[dict[str, Any]]) -> dict[str, Any]:
    lower = {str(k).lower(): v for k, v in stats.items()}
    out: dict[str, Any] = {}
    for key, name in (
        ("partitions_total", "partitionstotal"),
        ("partitions_scanned", "partitionsassigned"),
        ("bytes_processed", "bytesassigned"),
    ):
        value = to_int(lower.get(name))
        if value is not None:
            out[key] = value
    scans: list[Scan] = []
    plan: list[str] = []
    for op in operations:
        values = {str(k).lower(): v for k, v in op.items()}
        operation = str(values.get("operation", ""))
        objects = values.get("objects")
        if isinstance(objects, list):
            objects = ", ".join(str(o) for o in objects)
        if operation.lower() == "tablescan" and objects:
            scans.append(
                Scan(
                    str(objects),
                    bytes=to_int(values.get("bytesassigned")),
                    partitions_scanned=to_int(values.get("partitionsassigned")),
                    partitions_total=to_int(values.get("partitionstotal")),
                )
            )
        expressions = values.get("expressions")
        if isinstance(expressions, list):
            expressions = ", ".join(str(e) for e in expressions)
        where = f" {objects}" if objects else ""
        what = f"  [{expressions}]" if expressions else ""
        plan.append(f"{values.get('id', ''):>3} {operation}{where}{what}")
    return {**out, "scans": largest_first(scans), "plan": tuple(plan)}
