"""The embedded DuckDB source: a local database file, no account needed.

The connection is opened with external access disabled (no file or URL table
functions, no ``COPY``/``ATTACH``/``INSTALL`` reaching the file system) and extension
auto-loading off, then its configuration is locked so a statement cannot turn either
back on. One exception: a private, empty spool folder the adapter creates for itself
(``allowed_directories``), where :meth:`DuckDBAdapter.export_ids` lets DuckDB's own
``COPY … TO … (FORMAT csv)`` write the ids; the file is then renamed onto the
destination and the folder removed on close. DuckDB has no statement timeout: the runtime cap is enforced by interrupting
the connection from a timer thread (and by the build's watchdog).

Settings: none beyond the database file (``Source.database``); ``read_only`` opens the
file read-only (previews only: builds need to create a table).

A second wall behind the guard: DuckDB's own parser (``extract_statements``) must read
every string sent as exactly one statement, and a query as one SELECT, or nothing runs;
previews and estimates (:attr:`Adapter.reads_only`) open the file read-only, or, when
this process already holds it open for writing, read inside a READ ONLY transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets as _secrets
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from cdisql.catalog import Catalog, Table
from cdisql.dialects import DUCKDB
from cdisql.fileio import owner_is_gone, place_file
from cdisql.sources.base import (
    BuildTable,
    Check,
    ConnectError,
    ConnectionAdapter,
    QueryCancelled,
    QueryTimeout,
    RowBatch,
    SettingSpec,
    TableInfo,
    WarehouseError,
    build_tables,
    close_quietly,
    columns_by_table,
)
from cdisql.sources.export import ExportProgress, ExportStopped, StopCheck
from cdisql.sources.plans import Scan, largest_first, plan_lines, to_int

DEFAULT_MEMORY_LIMIT = "64MB"
"""Measured (benchmarks/build_export.py): a 4 M-id build stays within 1.2x the memory of a
1 M-id one and runs faster than uncapped; DuckDB spills the rest to a temp file."""
_OUT_OF_MEMORY_HINT = (
    "raise the source's memory_limit setting "
    "(cdisql sources add NAME --type duckdb --memory-limit 1GB --replace)"
)


def database_path(source: Any) -> Path:
    return Path(os.path.expanduser(str(source.database or ""))).resolve()


def file_is_read_only(path: Path) -> bool:
    """True when nobody may write the file (mode bits), or we may not (access check)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


_SPOOL_PREFIX = "cdisql-export-"


def _sweep_spools() -> None:
    """Remove the export spools of processes that no longer run (a build killed with
    SIGKILL mid-``COPY`` leaves its partial CSV there)."""
    folder = Path(tempfile.gettempdir())
    for spool in folder.glob(f"{_SPOOL_PREFIX}*-*"):
        pid = spool.name[len(_SPOOL_PREFIX) :].partition("-")[0]
        if not spool.is_dir() or (hasattr(os, "getuid") and spool.stat().st_uid != os.getuid()):
            continue
        if owner_is_gone(pid):
            shutil.rmtree(spool, ignore_errors=True)


class DuckDBAdapter(ConnectionAdapter):
    kind = "duckdb"
    driver_package = None

    @staticmethod
    def parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        return _parse_plan(columns, rows)

    error_lines_quoted = True
    settings_spec: ClassVar[tuple[SettingSpec, ...]] = (
        SettingSpec(
            "read_only",
            "open the database file read-only (preview only; builds need CREATE TABLE)",
            default=False,
            kind="bool",
        ),
        SettingSpec(
            "memory_limit",
            "DuckDB's memory cap (64MB, 1GB...): past it DuckDB spills to disk, so a build's "
            "memory stays flat in the id count",
            default=DEFAULT_MEMORY_LIMIT,
        ),
    )

    explain_prefix: ClassVar[str] = "EXPLAIN (FORMAT JSON)"
    """What :meth:`explain` puts before a query: the plan as JSON, with cardinalities."""

    def __init__(self, source: Any, *, progress: Any = None) -> None:
        super().__init__(source, progress=progress)
        self._spool: Path | None = None
        self._lock = threading.Lock()
        self._timed_out = threading.Event()
        self.read_only = False
        self._read_only_transaction = False

    # -- lifecycle ---------------------------------------------------------------------
    def connect(self) -> None:
        import duckdb

        path = database_path(self.source)
        if not self.source.database:
            raise ConnectError(
                f"source {self.source.name!r} names no database file",
                hint="set one with `cdisql sources add NAME --type duckdb --database FILE`",
            )
        if not path.is_file():
            raise ConnectError(
                f"database file {path} does not exist",
                hint="check the path given with --database, or run `cdisql demo` to create the demo warehouse",
            )
        self.read_only = bool(self.source.settings.get("read_only")) or file_is_read_only(path)
        config: dict[str, Any] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": str(self.source.settings.get("memory_limit") or DEFAULT_MEMORY_LIMIT),
        }
        self._read_only_transaction = False
        try:
            try:
                conn = duckdb.connect(
                    str(path), read_only=self.read_only or self.reads_only, config=config
                )
            except duckdb.ConnectionException as error:
                if not self.reads_only or self.read_only or "configuration" not in str(error):
                    raise
                # this process holds the file open for writing (a build in the server)
                conn = duckdb.connect(str(path), read_only=False, config=config)
                self._read_only_transaction = True
            if not _configuration_locked(conn):  # else: a second session, already set up
                self._spool = None if self.reads_only else self._allow_spool(conn)
                conn.execute("SET enable_external_access = false")
        except duckdb.Error as error:
            raise ConnectError(
                f"cannot open DuckDB database {path}: {_first_line(error)}",
                hint="is it a DuckDB file, and not held open for writing by another process?",
            ) from None
        try:
            row = conn.execute(
                f"SELECT count(*) FROM duckdb_schemas() WHERE {_IN_SCHEMA}",
                [self.schema_name],
            ).fetchone()
            if row and row[0]:
                conn.execute(f"USE {self.warehouse.render_stored(self.source.schema)}")
            if not _configuration_locked(conn):
                conn.execute("SET lock_configuration = true")
        except duckdb.Error as error:
            conn.close()
            raise ConnectError(f"cannot prepare DuckDB session: {_first_line(error)}") from None
        self._conn = conn

    def _allow_spool(self, conn: Any) -> Path | None:
        """A fresh private folder DuckDB may write its ``COPY`` output into, or None
        (read-only file, or a DuckDB without ``allowed_directories``: the default export)."""
        if self.read_only:
            return None
        _sweep_spools()
        spool = Path(tempfile.mkdtemp(prefix=f"{_SPOOL_PREFIX}{os.getpid()}-"))
        try:
            conn.execute("SET allowed_directories = ?", [[f"{spool}{os.sep}"]])
        except Exception:
            shutil.rmtree(spool, ignore_errors=True)
            return None
        return spool

    def sibling(self) -> DuckDBAdapter:
        """Another connection to this open database (DuckDB's ``cursor()``), for work in
        parallel threads: connecting to the file again is refused once it is locked."""
        other = type(self)(self.source, progress=self.progress)
        conn = self.connection.cursor()
        try:
            (schema,) = self.connection.execute("SELECT current_schema()").fetchone() or ("main",)
            conn.execute(f"USE {self.warehouse.quote(str(schema))}")
        except Exception as error:
            close_quietly(conn)
            raise ConnectError(f"cannot open another DuckDB connection: {error}") from None
        other._conn, other.read_only = conn, self.read_only
        other.reads_only, other._read_only_transaction = (
            self.reads_only,
            self._read_only_transaction,
        )
        return other

    def close(self) -> None:
        super().close()
        spool, self._spool = self._spool, None
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)

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
        """DuckDB's own ``COPY (ids) TO spool (FORMAT csv, HEADER)``, then an atomic
        rename onto ``path``; an interrupted ``COPY`` leaves nothing at ``path``."""
        if self._spool is None:
            return super().export_ids(
                table,
                path,
                timeout_s=timeout_s,
                batch_rows=batch_rows,
                progress=progress,
                should_stop=should_stop,
            )
        if should_stop is not None and should_stop():
            raise ExportStopped("export stopped")
        produced = self._spool / f"{_secrets.token_hex(8)}.csv"
        literal = "'" + str(produced).replace("'", "''") + "'"
        try:
            with self._running(timeout_s):
                row = self.connection.execute(
                    f"COPY ({self.ids_sql(table)}) TO {literal} (FORMAT csv, HEADER)"
                ).fetchone()
            count = int(row[0]) if row else 0
            place_file(produced, path)
        finally:
            produced.unlink(missing_ok=True)
        if progress is not None:
            progress(count)
        return count

    # -- primitives --------------------------------------------------------------------
    def cancel(self) -> None:
        conn = self._conn
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.interrupt()

    def _timeout_fired(self) -> None:
        self._timed_out.set()
        self.cancel()

    @contextlib.contextmanager
    def _running(self, timeout_s: float | None) -> Iterator[None]:
        """Run a block under ``timeout_s`` and translate DuckDB errors."""
        import duckdb

        self._timed_out.clear()
        timer: threading.Timer | None = None
        if timeout_s is not None:
            timer = threading.Timer(max(0.0, timeout_s), self._timeout_fired)
            timer.daemon = True
            timer.start()
        try:
            yield
        except duckdb.InterruptException:
            if self._timed_out.is_set():
                raise QueryTimeout(
                    f"query stopped after {timeout_s:g}s (maximum runtime reached)"
                ) from None
            raise QueryCancelled("query cancelled") from None
        except duckdb.Error as error:
            hint = _OUT_OF_MEMORY_HINT if isinstance(error, duckdb.OutOfMemoryException) else None
            raise WarehouseError(_first_line(error), hint=hint, detail=str(error)) from None
        finally:
            if timer is not None:
                timer.cancel()

    def one_statement(self, sql: str, *kinds: str) -> None:
        """Refuse ``sql`` unless DuckDB's own parser reads exactly one statement (of one of
        ``kinds``, ``SELECT``, ``CREATE``...): the wall that does not depend on sqlglot."""
        import duckdb

        try:
            found = [s.type.name for s in self.connection.extract_statements(sql)]
        except duckdb.Error as error:
            raise WarehouseError(_first_line(error)) from None
        if len(found) != 1 or (kinds and found[0] not in kinds):
            read = " + ".join(found) or "no statement"
            wanted = " or ".join(kinds) or "a statement"
            raise WarehouseError(
                f"DuckDB reads this SQL as {read}, not exactly one {wanted}: nothing was run",
                hint="a segment is exactly one SELECT",
            )

    def execute(self, sql: str, *, timeout_s: float | None = None) -> None:
        conn = self.connection
        self.one_statement(sql)
        with self._running(timeout_s):
            conn.execute(sql)

    def create_temp_table(self, table: str, query: str, *, timeout_s: float | None) -> None:
        self.one_statement(query, "SELECT")
        super().create_temp_table(table, query, timeout_s=timeout_s)

    def explain(
        self, sql: str, *, timeout_s: float = 60
    ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """DuckDB's plan for the one SELECT ``sql``: columns and rows of
        ``explain_prefix sql``."""
        self.one_statement(sql, "SELECT")
        columns: tuple[str, ...] = ()
        rows: list[tuple[Any, ...]] = []
        explained = f"{self.explain_prefix} {sql}"
        for batch in self._rows(explained, ("EXPLAIN",), timeout_s, None, 10_000):
            columns, rows = batch.columns, [*rows, *batch.rows]
        return columns, rows

    def fetch(
        self,
        sql: str,
        *,
        timeout_s: float | None = None,
        max_rows: int | None = None,
        batch_size: int = 10_000,
    ) -> Iterator[RowBatch]:
        return self._rows(sql, ("SELECT",), timeout_s, max_rows, batch_size)

    def _rows(
        self,
        sql: str,
        kinds: tuple[str, ...],
        timeout_s: float | None,
        max_rows: int | None,
        batch_size: int,
    ) -> Iterator[RowBatch]:
        conn = self.connection
        self.one_statement(sql, *kinds)
        cursor = None
        begun = False
        try:
            with self._running(timeout_s):
                if self._read_only_transaction and self.warehouse.read_only_transaction:
                    conn.execute(self.warehouse.read_only_transaction)
                    begun = True
                cursor = conn.execute(sql)
                columns = tuple(d[0] for d in (cursor.description or ()))
            seen = 0
            while max_rows is None or seen < max_rows:
                size = batch_size if max_rows is None else min(batch_size, max_rows - seen)
                with self._running(timeout_s):
                    rows = cursor.fetchmany(size)
                if not rows:
                    break
                seen += len(rows)
                yield RowBatch(columns, rows)
                if len(rows) < size:
                    break
        finally:
            if cursor is not None and cursor is not conn:
                close_quietly(cursor)
            if begun:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")

    # -- discovery ---------------------------------------------------------------------
    def list_tables(self) -> list[TableInfo]:
        conn = self.connection
        with self._running(60):
            rows = conn.execute(
                "SELECT table_name, 'table', comment FROM duckdb_tables() "
                f"WHERE {_IN_SCHEMA} AND NOT internal "
                "UNION ALL "
                "SELECT view_name, 'view', comment FROM duckdb_views() "
                f"WHERE {_IN_SCHEMA} AND NOT internal "
                "ORDER BY 1",
                [self.schema_name, self.schema_name],
            ).fetchall()
        return [
            TableInfo(name, kind, comment or None)
            for name, kind, comment in rows
            if not self.is_build_table(name)
        ]

    def list_build_tables(self) -> list[BuildTable]:
        """DuckDB keeps no creation time: the one encoded in the generated name is used."""
        with self._running(60):
            rows = self.connection.execute(
                f"SELECT table_name FROM duckdb_tables() WHERE {_IN_SCHEMA} AND NOT internal "
                "AND lower(table_name) LIKE 'cdisql_segment%'",
                [self.schema_name],
            ).fetchall()
        return build_tables(rows)

    def discover_catalog(self) -> Catalog:
        """Three queries per schema: tables+views, then every column of the schema."""
        conn = self.connection
        schema = self.source.schema
        stored = self.schema_name
        with self._running(120):
            (database,) = conn.execute("SELECT current_database()").fetchone() or ("",)
            tables = conn.execute(
                "SELECT table_name, 'table', comment, estimated_size FROM duckdb_tables() "
                f"WHERE {_IN_SCHEMA} AND NOT internal "
                "UNION ALL "
                "SELECT view_name, 'view', comment, NULL FROM duckdb_views() "
                f"WHERE {_IN_SCHEMA} AND NOT internal",
                [stored, stored],
            ).fetchall()
            columns = conn.execute(
                "SELECT table_name, column_name, data_type, is_nullable, comment "
                "FROM duckdb_columns() "
                f"WHERE {_IN_SCHEMA} AND NOT internal "
                "ORDER BY table_name, column_index",
                [stored],
            ).fetchall()
        by_table = columns_by_table(columns)
        result = [
            Table(
                name=name,
                columns=tuple(by_table.get(name, ())),
                database=database,
                schema=schema,
                kind=kind,
                description=comment or None,
                row_count=int(size) if size is not None else None,
            )
            for name, kind, comment, size in sorted(tables)
            if not self.is_build_table(name)
        ]
        return self.make_catalog(result)

    # -- connection test -----------------------------------------------------------------
    def check_create_table(self) -> Check:
        if self.read_only:
            path = database_path(self.source)
            return Check(
                "create table",
                False,
                f"database file {path} is read-only",
                fix=f"make it writable (chmod u+w {path}) and drop the read_only setting: "
                "a build creates one table per run",
            )
        return super().check_create_table()

    def create_table_problem(self) -> str | None:
        if self.read_only:
            return (
                f"the database file {self.source.database} is read-only (make it writable: "
                "a build creates one table per run)"
            )
        return None

    def extra_checks(self) -> list[Check]:
        conn = self.connection
        row = conn.execute(
            f"SELECT count(*) FROM duckdb_schemas() WHERE {_IN_SCHEMA}",
            [self.schema_name],
        ).fetchone()
        if not row or not row[0]:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT schema_name FROM duckdb_schemas() "
                    "WHERE database_name = current_database() AND NOT internal ORDER BY 1"
                ).fetchall()
            ]
            return [
                Check(
                    "schema",
                    False,
                    f"schema {self.source.schema!r} does not exist in {database_path(self.source)}",
                    fix=f"choose one of {', '.join(names) or 'main'} with "
                    f"`cdisql sources add {self.source.name} --schema NAME`, "
                    f"or create it (CREATE SCHEMA {self.source.schema})",
                )
            ]
        return [Check("schema", True, f"schema {self.source.schema!r} exists")]


_IN_SCHEMA = "database_name = current_database() AND " + DUCKDB.name_filter("schema_name", "?")
"""The source's schema in ``duckdb_tables()`` & co. (DuckDB matches names in any case)."""


def _configuration_locked(conn: Any) -> bool:
    """True on a second session of a database this process already opened and locked."""
    row = conn.execute("SELECT current_setting('lock_configuration')").fetchone()
    return bool(row and row[0])


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


ADAPTER = DuckDBAdapter


# -- what the warehouse's EXPLAIN says ---------------------------------------------------
def _parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """``EXPLAIN (FORMAT JSON)``: a tree of operators with estimated cardinalities."""
    text = "\n".join(str(row[-1]) for row in rows if row and row[-1] is not None)
    try:
        tree = json.loads(text)
    except ValueError:
        return {"plan": plan_lines(rows)}
    roots = tree if isinstance(tree, list) else [tree]
    plan: list[str] = []
    scans: list[Scan] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        info = node.get("extra_info") or {}
        rows_ = to_int(info.get("Estimated Cardinality"))
        table = info.get("Table")
        if table:
            scans.append(Scan(str(table), rows=rows_))
        details = [
            f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
            for key, value in info.items()
            if key not in ("Estimated Cardinality", "Type")
        ]
        estimate_text = f"  ~{rows_:,} rows" if rows_ is not None else ""
        line = "  " * depth + str(node.get("name", "?")) + estimate_text
        plan.append(line + (f"  ({'; '.join(details)})" if details else ""))
        for child in node.get("children") or []:
            if isinstance(child, dict):
                walk(child, depth + 1)

    for root in roots:
        if isinstance(root, dict):
            walk(root, 0)
    out: dict[str, Any] = {"plan": tuple(plan), "scans": largest_first(scans)}
    if roots and isinstance(roots[0], dict):
        top = to_int((roots[0].get("extra_info") or {}).get("Estimated Cardinality"))
        if top is not None:
            out["rows"] = top
    return out
