"""Redshift, through redshift-connector.

Settings: ``host``, ``port`` (5439), ``user``, ``password_env`` (the variable holding
the password) + the source's database and schema; ``ssl``/``sslmode``; an optional SSH
tunnel (``ssh_host``, ``ssh_port``, ``ssh_user``, ``ssh_key_file``) for a cluster that
is not publicly reachable.

Runtime cap: ``SET statement_timeout`` (SQLSTATE 57014 past it); :meth:`cancel` opens a
second connection and runs ``pg_cancel_backend`` on this session's backend.
``connect_timeout`` bounds the connect only: the driver's ``timeout`` is a socket timeout
it sets once for the connection's whole life, so the adapter clears it once logged in
(a CTAS is silent for as long as it runs; the cap above stops it, not the socket).
Export: a server-side cursor (``DECLARE … CURSOR`` / ``FETCH FORWARD n`` in a
transaction), because the driver buffers a whole result set inside ``execute()``. Catalog:
``pg_catalog`` (tables, columns, descriptions) in two queries, plus sort and dist keys
from Redshift's ``pg_attribute`` columns in a third where the server has them.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from cdisql.catalog import Catalog, Table
from cdisql.sources import credentials
from cdisql.sources.base import (
    BuildTable,
    ConnectError,
    KeyPairUse,
    QueryCancelled,
    QueryTimeout,
    SettingSpec,
    TableInfo,
    WarehouseError,
    build_tables,
    close_quietly,
    columns_by_table,
)
from cdisql.sources.dbapi import DbApiAdapter
from cdisql.sources.errors import NETWORK, ErrorRule
from cdisql.sources.export import ExportProgress, StopCheck, id_csv
from cdisql.sources.plans import Scan, largest_first, plan_lines
from cdisql.sources.tunnel import SshTunnel

_RELKINDS = "('r', 'v', 'm', 'p', 'f')"


ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(
        r"57014.*statement timeout|canceling statement due to statement timeout",
        QueryTimeout,
        "the query reached the maximum runtime and was stopped",
        "make the query cheaper or raise the source's max runtime (at most 60m)",
    ),
    ErrorRule(
        r"57014|canceling statement due to user request|query cancelled",
        QueryCancelled,
        "query cancelled",
    ),
    ErrorRule(
        r"28P01|28000|password authentication failed|authentication failed",
        ConnectError,
        "Redshift refused the user name or password",
        "check the user setting and the password in the environment variable named by password_env",
    ),
    ErrorRule(
        r"3D000|database .* does not exist",
        ConnectError,
        "the database does not exist",
        "check the source's --database",
    ),
    ErrorRule(
        r"3F000|schema .* does not exist",
        WarehouseError,
        "the schema does not exist",
        "check the source's --schema",
    ),
    ErrorRule(
        r"42501|permission denied",
        WarehouseError,
        "the user lacks a privilege",
        "GRANT USAGE, CREATE ON SCHEMA … and SELECT on the tables to the user "
        "(see `cdisql setup-sql redshift`)",
    ),
    ErrorRule(
        r"42P01|relation .* does not exist",
        WarehouseError,
        "a table does not exist or the user cannot see it",
    ),
    ErrorRule(
        r"connection time ?out|TimeoutError|socket\.timeout|\btimed out\b",
        ConnectError,
        "Redshift did not answer within connect_timeout (network blocked or wrong host)",
        "check the host and port; allow inbound TCP on the cluster port from the platform's "
        "egress IPs, or raise the source's connect_timeout if the cluster is slow to accept",
    ),
    ErrorRule(
        r"ssl|certificate",
        ConnectError,
        "the TLS connection failed",
        "check the sslmode setting (verify-ca needs the cluster's certificate chain)",
    ),
    ErrorRule(
        r"ssh:|ssh tunnel|permission denied \(publickey",
        ConnectError,
        "the SSH tunnel could not be opened",
        "add the public key from `cdisql keys generate SOURCE` to the tunnel user's "
        "~/.ssh/authorized_keys on the bastion, and check ssh_host/ssh_user",
    ),
    ErrorRule(
        NETWORK.pattern,
        ConnectError,
        NETWORK.message,
        "allow inbound TCP on the cluster port (5439 by default) from the platform's egress "
        "IPs in the cluster's security group, even when rules say allow all, make the "
        "endpoint public or use an SSH tunnel (`cdisql setup-sql redshift` prints them)",
    ),
)
"""The driver's known failures: what happened and what to do (:func:`~cdisql.sources.errors.translate`)."""


class RedshiftAdapter(DbApiAdapter):
    kind = "redshift"
    driver_package = "redshift-connector"

    @staticmethod
    def parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        return _parse_plan(columns, rows)

    error_rules = ERROR_RULES
    error_positions = ((r"'P': '(?P<offset>\d+)'", 1), (r"\bposition[:=]? (?P<offset>\d+)", 1))
    settings_spec: ClassVar[tuple[SettingSpec, ...]] = (
        SettingSpec("host", "cluster endpoint host name", required=True),
        SettingSpec("port", "cluster port", default=5439, kind="int"),
        SettingSpec("user", "the database user cdisql connects as", required=True),
        SettingSpec(
            "password_env",
            "environment variable holding the password",
            required=True,
            secret_ref=True,
        ),
        SettingSpec(
            "ssl", "use TLS (turn off only for a local stand-in)", default=True, kind="bool"
        ),
        SettingSpec("sslmode", "verify-ca (default) or verify-full", default="verify-ca"),
        SettingSpec(
            "connect_timeout", "seconds to wait for the connection", default=30, kind="int"
        ),
        SettingSpec("ssh_host", "bastion host for an SSH tunnel (private clusters)"),
        SettingSpec("ssh_port", "bastion SSH port", default=22, kind="int"),
        SettingSpec("ssh_user", "tunnel user on the bastion"),
        SettingSpec("ssh_known_hosts_file", "known_hosts file for the bastion's host key"),
        SettingSpec(
            "ssh_key_file",
            "tunnel private key (0600), created by `cdisql keys generate SOURCE`",
            secret_ref=True,
        ),
    )

    key_pair = KeyPairUse("SSH tunnel", "ssh_key_file", "{source}-ssh{slot}.pem", second_slot=False)

    def __init__(self, source: Any, *, progress: Any = None) -> None:
        super().__init__(source, progress=progress)
        self._backend_pid: int | None = None
        self._tunnel: SshTunnel | None = None
        self._args: dict[str, Any] = {}

    # -- lifecycle ------------------------------------------------------------------------
    def connect_args(self) -> dict[str, Any]:
        s = self.source.settings
        name = self.source.name
        password = self.env_secret("password_env", what="Redshift password")
        database = self.source.database
        if not database:
            raise ConnectError(
                f"source {name!r} names no database",
                hint=f"set it with `cdisql sources add {name} --type redshift --database NAME --replace`",
            )
        ssl = credentials.setting(s, "ssl", True)
        ssl = ssl if isinstance(ssl, bool) else str(ssl).lower() not in ("0", "false", "no", "off")
        args: dict[str, Any] = {
            "host": credentials.required(s, "host", name, self.kind),
            "port": int(credentials.setting(s, "port", 5439)),
            "database": database,
            "user": credentials.required(s, "user", name, self.kind),
            "password": password,
            "ssl": ssl,
            "timeout": int(credentials.setting(s, "connect_timeout", 30)),
            "application_name": "cdisql",
        }
        if ssl:
            args["sslmode"] = str(credentials.setting(s, "sslmode", "verify-ca"))
        return args

    def _open_tunnel(self, args: dict[str, Any]) -> None:
        s = self.source.settings
        if not credentials.setting(s, "ssh_host"):
            return
        key = credentials.private_file(
            credentials.setting(s, "ssh_key_file"),
            what="SSH tunnel key",
            setting_name="ssh_key_file",
        )
        tunnel = SshTunnel(
            ssh_host=str(s["ssh_host"]),
            ssh_user=credentials.required(s, "ssh_user", self.source.name, self.kind),
            key_file=key,
            remote_host=args["host"],
            remote_port=args["port"],
            ssh_port=int(credentials.setting(s, "ssh_port", 22)),
            known_hosts_file=(
                Path(os.path.expanduser(str(s["ssh_known_hosts_file"])))
                if credentials.setting(s, "ssh_known_hosts_file")
                else None
            ),
        )
        self.progress(f"opening the SSH tunnel through {tunnel.ssh_user}@{tunnel.ssh_host}")
        args["port"] = tunnel.open()
        args["host"] = "127.0.0.1"
        self._tunnel = tunnel

    def _driver(self) -> Any:
        return self.import_driver("redshift_connector")

    def _connect_once(self) -> Any:
        driver = self._driver()
        try:
            conn = driver.connect(**self._args)
            conn.autocommit = True  # each statement stands alone; a failed probe aborts nothing
            _clear_read_timeout(conn)
            return conn
        except Exception as error:
            raise self.translate_connect(error) from None

    def connect(self) -> None:
        self._driver()
        if self._tunnel is not None:  # reconnecting after a dropped connection
            self._tunnel.close()
            self._tunnel = None
        self._args = self.connect_args()
        self._open_tunnel(self._args)
        self.progress(f"connecting to Redshift {self._args['host']}:{self._args['port']}")
        try:
            self._conn = self._connect_once()
            # unqualified names in a segment resolve in the source's schema
            self.execute(f"SET search_path TO {self.warehouse.render_stored(self.source.schema)}")
            rows = self.query_all("SELECT pg_backend_pid()", timeout_s=60)
            self._backend_pid = int(rows[0][0]) if rows else None
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        super().close()
        tunnel, self._tunnel = self._tunnel, None
        if tunnel is not None:
            tunnel.close()

    def qualified(self, name: str) -> str:
        """``schema.table`` in the connected database (Redshift folds names to lower case)."""
        w = self.warehouse
        return f"{w.render_stored(self.source.schema)}.{w.quote(name)}"

    # -- export: a server-side cursor keeps the client's memory flat ------------------------
    def export_ids(
        self,
        table: str,
        path: Path,
        *,
        timeout_s: float | None,
        batch_rows: int = 100_000,
        progress: ExportProgress | None = None,
        should_stop: StopCheck | None = None,
    ) -> int:
        with id_csv(path, progress=progress, should_stop=should_stop) as out:
            for rows in self._cursor_batches(self.ids_sql(table), timeout_s, batch_rows):
                out.write_values(row[0] for row in rows)
        return out.count

    def _cursor_batches(
        self, sql: str, timeout_s: float | None, batch_rows: int
    ) -> Iterator[list[Any]]:
        """``sql``'s rows, ``batch_rows`` at a time, through a cursor held by the server."""
        cursor = self._new_cursor()
        fetch = f"FETCH FORWARD {int(batch_rows)} FROM {_EXPORT_CURSOR}"

        def send(statement: str, *, read: bool = False) -> list[Any]:
            self.sent.append(statement)
            cursor.execute(statement)
            return list(cursor.fetchall()) if read else []

        try:
            with self._running(cursor, timeout_s):
                self.session_timeout(cursor, timeout_s)  # outside the transaction: it stays
                send("BEGIN")
                self._bounded(lambda: send(f"DECLARE {_EXPORT_CURSOR} CURSOR FOR {sql}"))
            while True:
                with self._running(cursor, timeout_s):
                    rows = self._bounded(lambda: send(fetch, read=True))
                if rows:
                    yield rows
                if len(rows) < batch_rows:
                    break
            with self._running(cursor, timeout_s):
                send(f"CLOSE {_EXPORT_CURSOR}")
                send("COMMIT")
        except BaseException:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    send("ROLLBACK")
            raise
        finally:
            close_quietly(cursor)

    # -- cancel: a second connection asks the server to stop this backend -------------------
    def interrupt(self, cursor: Any) -> None:
        if self._backend_pid is None:
            return
        other = self._connect_once()
        try:
            c = other.cursor()
            sql = f"SELECT pg_cancel_backend({int(self._backend_pid)})"
            self.sent.append(sql)
            c.execute(sql)
            with contextlib.suppress(Exception):
                c.fetchall()
        finally:
            close_quietly(other)

    # -- discovery --------------------------------------------------------------------------
    def list_tables(self) -> list[TableInfo]:
        rows = self.query_all(_TABLES_SQL, (self.schema_name,))
        return [
            TableInfo(name, _KINDS.get(kind, "table"), comment or None)
            for name, kind, comment in rows
            if not self.is_build_table(name)
        ]

    def create_table_problem(self) -> str | None:
        schema = self.schema_name
        rows = self.query_all("SELECT has_schema_privilege(current_user, %s, 'CREATE')", (schema,))
        if rows and rows[0] and rows[0][0] in (False, 0, "f", "false"):
            return (
                f"the user may not CREATE tables in schema {schema} "
                f"(GRANT CREATE ON SCHEMA {schema} TO <user>; see `cdisql setup-sql redshift`)"
            )
        return None

    def list_build_tables(self) -> list[BuildTable]:
        """Redshift's ``pg_class_info.relcreationtime`` where it exists; PostgreSQL has no
        creation time, so there the time encoded in the generated name is used."""
        try:
            rows = self.query_all(
                _BUILD_TABLES_SQL.format(view="pg_class_info", created=", c.relcreationtime"),
                (self.schema_name,),
            )
        except WarehouseError:
            rows = self.query_all(
                _BUILD_TABLES_SQL.format(view="pg_class", created=""), (self.schema_name,)
            )
        return build_tables(rows)

    def discover_catalog(self) -> Catalog:
        """Two catalog queries per schema, plus one for sort/dist keys on Redshift."""
        schema = self.schema_name
        tables = self.query_all(_TABLES_SQL, (schema,))
        columns = self.query_all(_COLUMNS_SQL, (schema,))
        sort_keys: dict[str, list[tuple[int, str]]] = {}
        try:
            for table, column, _dist, sortkey in self.query_all(_KEYS_SQL, (schema,)):
                if sortkey:
                    sort_keys.setdefault(table, []).append((abs(int(sortkey)), column))
        except WarehouseError:
            pass  # not Redshift (a PostgreSQL stand-in has no sort keys)
        by_table = columns_by_table(columns)
        result = [
            Table(
                name=name,
                columns=tuple(by_table.get(name, ())),
                database=self.source.database,
                schema=schema,
                kind=_KINDS.get(kind, "table"),
                description=comment or None,
                cluster_by=tuple(c for _, c in sorted(sort_keys.get(name, []))),
            )
            for name, kind, comment in tables
            if not self.is_build_table(name)
        ]
        return self.make_catalog(result)


_EXPORT_CURSOR = "cdisql_export"


def _clear_read_timeout(conn: Any) -> None:
    """Undo the driver's connect-time socket timeout for the rest of the connection.

    redshift-connector applies ``timeout`` with ``settimeout`` on its socket once, before
    connecting, and keeps it as the read timeout of every later statement
    (``Connection.__init__`` in its ``core.py``); nothing public resets it. The socket
    (TLS-wrapped or not) is ``_usock``, which its buffered file object reads through.
    """
    sock = getattr(conn, "_usock", None)
    if sock is not None:
        sock.settimeout(None)


_KINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized_view", "f": "external"}

_TABLES_SQL = f"""
SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class')
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN {_RELKINDS}
  AND has_table_privilege(quote_ident(n.nspname) || '.' || quote_ident(c.relname), 'SELECT')
ORDER BY c.relname
""".strip()

_COLUMNS_SQL = f"""
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
       col_description(c.oid, a.attnum)
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN {_RELKINDS} AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum
""".strip()

_BUILD_TABLES_SQL = """
SELECT c.relname{created}
FROM pg_catalog.{view} c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND c.relname LIKE 'cdisql_segment%%'
""".strip()

_KEYS_SQL = """
SELECT c.relname, a.attname, a.attisdistkey, a.attsortkeyord
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND a.attnum > 0 AND (a.attisdistkey OR a.attsortkeyord <> 0)
""".strip()

ADAPTER = RedshiftAdapter


# -- what the warehouse's EXPLAIN says ---------------------------------------------------
_PG_SCAN = re.compile(
    r"Scan(?: using \S+)? on (\S+)(?: \S+)?\s+\(cost=[\d.]+\.\.[\d.]+ rows=(\d+) width=(\d+)\)"
)
_REDSHIFT_ROWS = re.compile(r"rows=(\d+)\s+width=(\d+)")


def _parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    plan = plan_lines(rows)
    out: dict[str, Any] = {"plan": plan}
    for line in plan:
        match = _REDSHIFT_ROWS.search(line)
        if match:  # the top node: what the query returns, by the planner's statistics
            out["rows"] = int(match.group(1))
            break
    scans = [
        # the planner's estimate: rows times the average row width it expects to read
        Scan(m.group(1), bytes=int(m.group(2)) * int(m.group(3)), rows=int(m.group(2)))
        for line in plan
        if (m := _PG_SCAN.search(line))
    ]
    if scans:
        out["scans"] = largest_first(scans)
        out["bytes_processed"] = sum(s.bytes or 0 for s in scans)
    return out
