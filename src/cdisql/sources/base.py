"""The adapter interface every warehouse fills in.

An adapter is the only code that talks to a warehouse. It offers a handful of
primitives (connect, run a statement with a timeout, fetch rows, cancel from another
thread, discover the catalog); the build lifecycle, the connection test and preview
(``cdisql.sources.build`` / ``.test`` / ``.preview``) are written once on top of them.
What differs between warehouses as plain data (temporary-table syntax, timeout
statement, string type, quoting) is read from :class:`cdisql.dialects.Warehouse`.

Adapters for the cloud warehouses import their driver lazily inside ``connect`` so
that linting never pays for it. Nothing but SQL that passed the guard, or SQL the
adapter writes itself from the warehouse's templates, is ever sent.
"""

from __future__ import annotations

import contextlib
import re
import secrets as _secrets
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from cdisql.dialects import Warehouse

if TYPE_CHECKING:
    from pathlib import Path

    from cdisql.catalog import Catalog, Column, Table
    from cdisql.sources.errors import ErrorRule
    from cdisql.sources.export import ExportProgress, StopCheck
    from cdisql.sources.model import Source

SEGMENT_TABLE_PREFIX = "cdisql_segment_"
"""How every build's table name starts (:meth:`Adapter.temp_table_name`); such tables are
left out of table lists and catalogs."""

BUILD_TABLE_NAME = re.compile(rf"^{SEGMENT_TABLE_PREFIX}(\d{{14}})_[0-9a-f]{{8}}$", re.IGNORECASE)
"""Exactly the names :meth:`Adapter.temp_table_name` generates (prefix, UTC creation time
``YYYYmmddHHMMSS``, 8 hex digits), in any case: the only tables a sweep may drop."""


@dataclass(frozen=True)
class BuildTable:
    """A build's table found in the source's schema, with when it was created (UTC)."""

    name: str
    created: datetime
    """The warehouse catalog's creation time where it has one, else the time in the name."""


def build_table(name: Any, created: Any = None) -> BuildTable | None:
    """The :class:`BuildTable` for catalog row ``name`` (``created``: the catalog's
    timestamp, if any), or None when ``name`` is not exactly a generated build name."""
    match = BUILD_TABLE_NAME.match(str(name))
    if match is None:
        return None
    if isinstance(created, datetime):
        when = created if created.tzinfo else created.replace(tzinfo=timezone.utc)
    else:
        when = datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    return BuildTable(str(name), when.astimezone(timezone.utc))


def build_tables(rows: Iterable[Sequence[Any]]) -> list[BuildTable]:
    """:func:`build_table` of each ``(name[, created])`` catalog row that is one, by name."""
    found = (build_table(row[0], row[1] if len(row) > 1 else None) for row in rows)
    return sorted((t for t in found if t is not None), key=lambda t: t.name)


DEFAULT_CONNECT_LIMIT_S = 120.0
"""How long a connect may take unless the adapter says otherwise (:meth:`Adapter.connect_limit_s`)."""


def now_iso() -> str:
    """The current UTC time, ISO-8601 to the second (``2026-11-28T17:00:00Z``)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def close_quietly(resource: Any) -> None:
    """``resource.close()``, if there is a resource, ignoring whatever that raises."""
    if resource is not None:
        with contextlib.suppress(Exception):
            resource.close()


def is_yes(value: Any) -> bool:
    """``YES`` (any case) in an ``information_schema`` flag column such as ``is_nullable``."""
    return str(value).upper() == "YES"


def columns_by_table(
    rows: Iterable[Sequence[Any]], *, nullable: Callable[[Any], bool] = bool
) -> dict[str, list[Column]]:
    """Catalog columns grouped by table name, in row order, from ``(table, column, type,
    nullable, comment)`` rows; ``nullable`` reads the warehouse's nullability value."""
    from cdisql.catalog import Column

    by_table: dict[str, list[Column]] = {}
    for table, column, data_type, is_nullable, comment in rows:
        by_table.setdefault(table, []).append(
            Column(column, data_type, nullable(is_nullable), comment or None)
        )
    return by_table


def table_kind(table_type: Any, *, external: tuple[str, ...] = ("EXTERNAL",)) -> str:
    """A catalog table kind from a warehouse's ``table_type`` text (``BASE TABLE``,
    ``MATERIALIZED VIEW``...); a type containing one of ``external`` is ``external``."""
    text = str(table_type or "").upper()
    if "MATERIALIZED" in text:
        return "materialized_view"
    if "VIEW" in text:
        return "view"
    if any(word in text for word in external):
        return "external"
    return "table"


# -- errors: messages are for the user, and never carry a secret ----------------------
class WarehouseError(Exception):
    """A warehouse or driver failure, translated into something a user can act on."""

    def __init__(self, message: str, *, hint: str | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.detail = detail
        """The driver's whole message, scrubbed of secrets: where in the SQL it points."""

    @property
    def message(self) -> str:
        """What happened, without the hint: for a face that shows the hint on its own."""
        return super().__str__()

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConnectError(WarehouseError):
    """Could not connect or authenticate."""


class QueryTimeout(WarehouseError):
    """The query reached the maximum runtime and was stopped."""


class WarmupTimeout(ConnectError):
    """The warehouse was not reachable within the warm-up bound (apart from max runtime)."""


class QueryCancelled(WarehouseError):
    """The query was cancelled by the user (Ctrl-C, editor cancel)."""


class MissingDriverError(WarehouseError):
    """The optional extra for this warehouse is not installed."""

    def __init__(self, kind: str, package: str) -> None:
        super().__init__(
            f"the {kind} driver ({package}) is not installed", hint=install_command(kind)
        )


def install_command(extra: str) -> str:
    """The command that installs cdisql's ``extra`` where this cdisql came from: from a
    clone (an editable install, told by pip's ``direct_url.json``) ``pip install -e
    '.[extra]'`` in that folder, else ``pip install 'cdisql[extra]'`` from the index."""
    import json
    from importlib import metadata
    from urllib.parse import unquote, urlparse

    try:
        raw = metadata.distribution("cdisql").read_text("direct_url.json")
        origin = json.loads(raw) if raw else {}
    except (metadata.PackageNotFoundError, ValueError, OSError):
        origin = {}
    url = str(origin.get("url") or "") if isinstance(origin, dict) else ""
    dir_info = origin.get("dir_info") if isinstance(origin, dict) else None
    if isinstance(dir_info, dict) and dir_info.get("editable") and url.startswith("file:"):
        folder = unquote(urlparse(url).path)
        return f"pip install -e '.[{extra}]' in {folder} (your clone of cdisql)"
    return f"pip install 'cdisql[{extra}]'"


# -- values ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SettingSpec:
    """One connection setting of a warehouse type, as ``cdisql sources add`` offers it.

    The CLI builds its ``--option`` flags from every adapter's ``settings_spec``, so an
    adapter declares its settings once. ``secret_ref`` settings name *where* a secret
    is read (an environment variable or a file path), never the secret itself.
    """

    name: str
    help: str
    required: bool = False
    default: str | int | bool | None = None
    kind: str = "str"
    """``str``, ``int`` or ``bool``."""
    secret_ref: bool = False

    @property
    def flag(self) -> str:
        """The ``cdisql sources add`` option: ``--private-key-file``."""
        return "--" + self.name.replace("_", "-")

    def convert(self, value: Any) -> Any:
        """``value`` (text from ``--set``, or a flag's value) as this setting's kind."""
        from cdisql.sources.model import SourceError

        if value is None:
            return None
        if self.kind == "int":
            try:
                return int(value)
            except (TypeError, ValueError):
                raise SourceError(f"{self.flag} expects a whole number") from None
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise SourceError(f"{self.name} expects true or false, not {value!r}")
        return str(value)


@dataclass(frozen=True)
class KeyPairUse:
    """What a warehouse type uses a ``cdisql keys`` key pair for (None: no key pairs)."""

    purpose: str
    """In words: ``key-pair login``, ``SSH tunnel``."""
    setting: str
    """The source setting naming the private key file."""
    file_name: str
    """The key file's name under the data dir; ``{source}`` and ``{slot}`` (empty for slot 1,
    ``-2`` for the second) are filled in."""
    second_slot: bool
    """The public key goes on the warehouse user, which has a second slot: rotation without
    downtime (``cdisql keys rotate``). Otherwise it goes on a tunnel user's ``authorized_keys``."""


@dataclass(frozen=True)
class TableInfo:
    name: str
    kind: str = "table"
    description: str | None = None


@dataclass(frozen=True)
class Check:
    """One line of a connection test: what was checked, whether it passed, what to do."""

    name: str
    ok: bool
    detail: str = ""
    fix: str | None = None

    @classmethod
    def failed(cls, name: str, error: WarehouseError, fix: str | None = None) -> Check:
        """A failed check for ``error``: its message as the detail, and one piece of
        advice (``fix``, else the error's hint), never the same advice twice."""
        return cls(name, False, error.message, fix=fix or error.hint)


@dataclass(frozen=True)
class RowBatch:
    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]


Progress = Callable[[str], None]
"""Receives short human-readable progress lines ("waiting for the SQL warehouse to start")."""


class Adapter(ABC):
    """One connection to one source. Not thread-safe, except :meth:`cancel`.

    Exports: a build's ids leave the warehouse through one method, :meth:`export_ids`
    (a complete CSV or none, flat memory, progress in ids, stop between batches); the
    default reads :meth:`fetch` batches, and each adapter overrides it with its driver's
    bulk path. Old build tables: :meth:`list_build_tables` (``cdisql builds sweep``).
    """

    kind: ClassVar[str]
    driver_package: ClassVar[str | None] = None
    """The PyPI package of the official client (None for the embedded DuckDB)."""
    settings_spec: ClassVar[tuple[SettingSpec, ...]] = ()
    """The connection settings ``cdisql sources add --type KIND`` accepts."""
    key_pair: ClassVar[KeyPairUse | None] = None
    """What ``cdisql keys`` generates for this warehouse type, if anything."""
    error_rules: ClassVar[tuple[ErrorRule, ...]] = ()
    """The driver's known failures, in order (:func:`cdisql.sources.errors.translate`)."""
    error_positions: ClassVar[tuple[tuple[str, int], ...]] = ()
    """Where a driver's error says it points in the SQL: ``(pattern, first column
    number)``, the pattern naming ``line`` and ``column`` (1- or 0-based columns) or
    ``offset`` (a 1-based character position)."""
    plan_gives_partitions: ClassVar[bool] = False
    """The warehouse's plan says how many partitions a query reads (Snowflake)."""
    error_lines_quoted: ClassVar[bool] = False
    """Errors quote the line and mark the place with carets (DuckDB's ``LINE 2: …``)."""

    @classmethod
    def identity(cls, settings: Mapping[str, Any]) -> str | None:
        """Who a source with these settings connects as (what ``cdisql setup-sql`` grants to)."""
        user = settings.get("user")
        return str(user) if user else None

    def __init__(self, source: Source, *, progress: Progress | None = None) -> None:
        self.source = source
        self.progress: Progress = progress or (lambda _message: None)
        self.reads_only = False
        """Set before :meth:`connect` by previews and estimates: the session only reads, on a
        read-only connection or in a read-only transaction where the warehouse has one."""

    @property
    def warehouse(self) -> Warehouse:
        return self.source.warehouse

    # -- lifecycle -------------------------------------------------------------------------
    @abstractmethod
    def connect(self) -> None:
        """Open the connection (import the driver here). Raises :class:`ConnectError`.

        A connect that waits (a warehouse starting up) says so through :attr:`progress`
        and stops soon after :meth:`cancel`."""

    def connect_limit_s(self) -> float:
        """How long connecting may take, warm-up included, apart from the max runtime."""
        return DEFAULT_CONNECT_LIMIT_S

    def warmup_timeout(self, limit_s: float) -> WarmupTimeout:
        """The error of a connect that took longer than :meth:`connect_limit_s`."""
        return WarmupTimeout(
            f"the {self.kind} warehouse was not reachable within {limit_s:g}s "
            "(connecting and warming up; this is apart from the max runtime)",
            hint="check that the warehouse is running and reachable, then try again",
        )

    @abstractmethod
    def close(self) -> None:
        """Close the connection; never raises."""

    def __enter__(self) -> Adapter:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- primitives --------------------------------------------------------------------
    @abstractmethod
    def execute(self, sql: str, *, timeout_s: float | None = None) -> None:
        """Run one statement whose result is not needed (CTAS, DROP, session settings).

        Raises :class:`QueryTimeout` past ``timeout_s`` (warehouse timeout where it has
        one), :class:`QueryCancelled` after :meth:`cancel`, :class:`WarehouseError` else.
        """

    @abstractmethod
    def fetch(
        self,
        sql: str,
        *,
        timeout_s: float | None = None,
        max_rows: int | None = None,
        batch_size: int = 10_000,
    ) -> Iterator[RowBatch]:
        """Run one query and yield its rows in batches (memory bounded by ``batch_size``)."""

    @abstractmethod
    def cancel(self) -> None:
        """Cancel whatever runs on this connection now. Thread-safe; never raises."""

    @abstractmethod
    def list_tables(self) -> list[TableInfo]:
        """Tables and views the identity can see in the source's schema."""

    def list_build_tables(self) -> list[BuildTable]:
        """Builds' tables (:data:`BUILD_TABLE_NAME`) in the source's schema, with their
        creation time: one catalog query. What ``cdisql builds sweep`` drops."""
        raise WarehouseError(f"{self.warehouse.title} cannot list build tables yet")

    @abstractmethod
    def discover_catalog(self) -> Catalog:
        """Tables, views, columns, types, nullability, descriptions, partition/cluster keys
        in a constant number of queries per schema."""

    # -- written once on top of the primitives; adapters may override ----------------------
    @property
    def schema_name(self) -> str:
        """The source's schema (dataset) as the warehouse stores it (``--schema CDI`` is
        ``cdi`` on Redshift): what catalog queries compare and SQL names."""
        return self.warehouse.stored_name(self.source.schema)

    def qualified(self, name: str) -> str:
        """``name`` qualified with the source's database/schema, quoted for the warehouse."""
        w = self.warehouse
        database = None if w.database_file_title else self.source.database
        parts = [p for p in (database, self.source.schema) if p]
        return ".".join([*(w.render_stored(p) for p in parts), w.quote(name)])

    def temp_table_name(self) -> str:
        """A unique, dialect-correct name for one build's temporary table (unquoted)."""
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        name = f"{SEGMENT_TABLE_PREFIX}{stamp}_{_secrets.token_hex(4)}"
        return self.warehouse.fold(name)

    def create_temp_table(self, table: str, query: str, *, timeout_s: float | None) -> None:
        self.execute(
            self.warehouse.create_temp_table_sql(self.qualified(table), query), timeout_s=timeout_s
        )

    def drop_table(self, table: str) -> None:
        self.execute(self.warehouse.drop_table_sql(self.qualified(table)), timeout_s=60)

    def count_members(self, table: str, *, timeout_s: float | None) -> int:
        column = self.warehouse.render_name(self.warehouse.fold("external_user_id"))
        sql = f"SELECT COUNT(DISTINCT {column}) FROM {self.qualified(table)}"
        for batch in self.fetch(sql, timeout_s=timeout_s, max_rows=1):
            return int(batch.rows[0][0]) if batch.rows else 0
        return 0

    def ids_sql(self, table: str) -> str:
        """The query an export reads: the distinct non-null ids of a build's table, in no
        particular order (a global sort costs more than it gives on a warehouse)."""
        column = self.warehouse.render_name(self.warehouse.fold("external_user_id"))
        return f"SELECT DISTINCT {column} FROM {self.qualified(table)} WHERE {column} IS NOT NULL"

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
        """Write the ids of build table ``table`` to ``path`` as CSV; return how many.

        The export interface, one method per adapter:

        - the file has one column with the header ``external_user_id`` and the distinct
          non-null ids of :meth:`ids_sql`, in no promised order;
        - it appears at ``path`` only when complete (:func:`cdisql.sources.export.id_csv`
          writes a temp file and renames it): an error, a timeout or a cancel leaves no
          partial file behind;
        - memory stays flat in the id count: rows come ``batch_rows`` at a time;
        - ``progress(n)`` is told the ids written so far after each batch;
          ``should_stop()`` is asked between batches (True raises
          :class:`~cdisql.sources.export.ExportStopped`, a :class:`QueryCancelled`), and
          :meth:`cancel` from another thread stops a batch in flight;
        - ``timeout_s`` caps the export query like :meth:`fetch`.

        This default reads :meth:`fetch` batches into the stdlib CSV writer. Adapters
        override it with their driver's bulk path (DuckDB ``COPY``, a Redshift server-side
        cursor, Arrow batches through ``IdCsvWriter.write_arrow``) and keep the same
        contract.
        """
        from cdisql.sources.export import id_csv

        with id_csv(path, progress=progress, should_stop=should_stop) as out:
            for batch in self.fetch(
                self.ids_sql(table), timeout_s=timeout_s, batch_size=batch_rows
            ):
                out.write_values(row[0] for row in batch.rows)
        return out.count

    def check_create_table(self) -> Check:
        """Create and drop a scratch table in the schema: the build needs CREATE TABLE."""
        table = self.temp_table_name()
        try:
            self.create_temp_table(table, "SELECT 1 AS probe", timeout_s=60)
        except WarehouseError as error:
            return Check(
                "create table",
                False,
                str(error),
                fix=f"grant CREATE TABLE on {self.warehouse.schema_word} {self.source.schema} "
                "to the source's identity",
            )
        try:
            self.drop_table(table)
        except WarehouseError as error:
            return Check(
                "create table",
                False,
                f"created but could not drop {table}: {error}",
                fix="grant the identity ownership of the tables it creates",
            )
        return Check(
            "create table", True, f"created and dropped a scratch table in {self.source.schema}"
        )

    @staticmethod
    def parse_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        """The figures (fields of :class:`~cdisql.sources.estimate.Estimate`) in the rows of
        this warehouse's ``EXPLAIN``; by default its text, line by line."""
        from cdisql.sources.plans import plan_lines

        return {"plan": plan_lines(rows)}

    def create_table_problem(self) -> str | None:
        """Why the identity could not create a build's table, asked without creating one
        (``cdisql validate``); None when it can, or the warehouse has no such question."""
        return None

    def extra_checks(self) -> list[Check]:
        """Warehouse-specific checks for the connection test (warehouse auto-resume...)."""
        return []

    # -- for subclasses ----------------------------------------------------------------------
    def error_names(self) -> dict[str, str]:
        """The source's real names for error hints (``GRANT USAGE ON WAREHOUSE {warehouse}
        TO ROLE {role}``): database, schema and the warehouse, role, user, host settings."""
        names = {"database": self.source.database, "schema": self.source.schema}
        for key in ("warehouse", "role", "user", "host"):
            names[key] = self.source.settings.get(key)
        return {key: str(value) for key, value in names.items() if value}

    def is_build_table(self, name: Any) -> bool:
        """True for a build's own table, which table lists and catalogs leave out."""
        return str(name).startswith(SEGMENT_TABLE_PREFIX)

    def make_catalog(self, tables: Iterable[Table]) -> Catalog:
        """The source's catalog of ``tables``, stamped now."""
        from cdisql.catalog import Catalog

        return Catalog(
            self.warehouse, tuple(tables), source=self.source.name, generated_at=now_iso()
        )

    def import_driver(self, module: str) -> Any:
        """The driver ``module`` (``snowflake.connector``...), imported now; raises
        :class:`MissingDriverError` naming :attr:`driver_package` when it is not installed."""
        try:
            __import__(module)
        except ImportError:
            raise MissingDriverError(self.kind, self.driver_package or module) from None
        return sys.modules[module]


class ConnectionAdapter(Adapter):
    """An adapter over one driver connection, held in ``_conn`` once connected."""

    def __init__(self, source: Source, *, progress: Progress | None = None) -> None:
        super().__init__(source, progress=progress)
        self._conn: Any = None

    @property
    def connection(self) -> Any:
        if self._conn is None:
            raise WarehouseError("not connected", hint="call connect() first")
        return self._conn

    def close(self) -> None:
        conn, self._conn = self._conn, None
        close_quietly(conn)


def adapter_class(kind: str) -> type[Adapter]:
    """The adapter class of source type ``kind`` (its module, never its driver, is imported)."""
    import importlib

    cls: type[Adapter] = importlib.import_module(f"cdisql.sources.{kind}").ADAPTER
    return cls


def adapter_for(source: Source, *, progress: Progress | None = None) -> Adapter:
    """The adapter for ``source``'s type; drivers are imported only on ``connect``."""
    return adapter_class(source.type)(source, progress=progress)
