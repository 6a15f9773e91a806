"""What the DB-API warehouses (Snowflake, Redshift, Databricks) share.

One connection, one statement at a time. A statement runs under the warehouse's own
timeout statement (``Warehouse.timeout_sql``, sent when the wanted cap changes) and a
client-side watchdog a little later, in case the warehouse does not stop it; ``cancel``
comes from another thread and each adapter says how its warehouse is told to stop
(:meth:`DbApiAdapter.interrupt`). Driver errors are translated by
:mod:`cdisql.sources.errors`, with the secrets read at connect time scrubbed out.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from cdisql.sources import credentials
from cdisql.sources.base import (
    ConnectError,
    ConnectionAdapter,
    Progress,
    QueryCancelled,
    QueryTimeout,
    RowBatch,
    WarehouseError,
    close_quietly,
)
from cdisql.sources.errors import register_secret, translate

if TYPE_CHECKING:
    from cdisql.sources.export import ExportProgress, StopCheck
    from cdisql.sources.model import Source

T = TypeVar("T")


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _columns_and_rows(batches: Iterator[RowBatch]) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    columns: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = []
    for batch in batches:
        columns = batch.columns
        rows.extend(tuple(r) for r in batch.rows)
    return columns, rows


class DbApiAdapter(ConnectionAdapter):
    """A DB-API 2 connection with timeouts, cancel and translated errors."""

    watchdog_grace_s: ClassVar[float] = 2.0
    """How long after the cap the client stops waiting for the warehouse to stop itself."""
    abandon_after_s: ClassVar[float] = 10.0
    """How long a driver call may ignore a cancel before it is abandoned: the connection is
    dropped (and opened again on next use), so a hung driver never outlives the cap."""
    explain_prefix: ClassVar[str] = "EXPLAIN"
    """What :meth:`explain` puts before a query (``EXPLAIN COST`` on Databricks...)."""

    def __init__(self, source: Source, *, progress: Progress | None = None) -> None:
        super().__init__(source, progress=progress)
        self._cursor: Any = None
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._timed_out = threading.Event()
        self._session_timeout: str | None = None
        self._secrets: list[str | bytes] = []
        self._abandoned = False
        self.sent: list[str] = []
        """Every statement sent on this connection, in order (for tests and --verbose)."""

    # -- for subclasses ---------------------------------------------------------------------
    def remember_secret(self, value: str | bytes | None) -> None:
        """Keep ``value`` out of every message this adapter produces."""
        if value:
            self._secrets.append(value)
            register_secret(value)  # and out of every log record, whoever writes it

    def env_secret(self, setting_name: str, *, what: str) -> str:
        """The secret in the environment variable the ``setting_name`` setting names (a
        :class:`ConnectError` when it is unset), kept out of every message from now on."""
        value = credentials.env_secret(
            self.source.settings.get(setting_name), what=what, setting_name=setting_name
        )
        self.remember_secret(value)
        return value

    def translate(self, error: BaseException) -> WarehouseError:
        return translate(self.kind, error, secrets=self._secrets, names=self.error_names())

    def translate_connect(self, error: BaseException) -> WarehouseError:
        """Like :meth:`translate`, an error nothing more precise names a :class:`ConnectError`."""
        translated = self.translate(error)
        if type(translated) is WarehouseError:
            return ConnectError(str(translated.args[0]), hint=translated.hint)
        return translated

    def interrupt(self, cursor: Any) -> None:
        """Tell the warehouse to stop what ``cursor`` runs (called from another thread)."""
        cursor.cancel()

    def run(self, cursor: Any, sql: str, timeout_s: float | None, params: Any = None) -> None:
        """Send one statement (with driver ``params``, if any) on ``cursor`` and return
        once its result can be fetched (Snowflake: an asynchronous query, polled)."""
        if params is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, params)

    def session_timeout(self, cursor: Any, timeout_s: float | None) -> None:
        """Send the warehouse's timeout statement when the cap differs from the session's."""
        if timeout_s is None:
            return
        statement = self.warehouse.timeout_sql(timeout_s)
        if statement is None or statement == self._session_timeout:
            return
        self.sent.append(statement)
        cursor.execute(statement)
        self._session_timeout = statement

    # -- lifecycle ----------------------------------------------------------------------------
    def close(self) -> None:
        self._session_timeout = None
        super().close()

    # -- primitives ---------------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancelled.set()
        self._interrupt_current()

    def _interrupt_current(self) -> None:
        with self._lock:
            cursor = self._cursor
        if cursor is not None:
            with contextlib.suppress(Exception):
                self.interrupt(cursor)

    def _watchdog_fired(self) -> None:
        self._timed_out.set()
        self._interrupt_current()

    @contextlib.contextmanager
    def _running(self, cursor: Any, timeout_s: float | None) -> Iterator[None]:
        """Run a block on ``cursor`` under ``timeout_s``; translate what goes wrong."""
        self._cancelled.clear()
        self._timed_out.clear()
        timer: threading.Timer | None = None
        if timeout_s is not None:
            timer = threading.Timer(timeout_s + self.watchdog_grace_s, self._watchdog_fired)
            timer.daemon = True
            timer.start()
        with self._lock:
            self._cursor = cursor
        try:
            yield
        except WarehouseError as error:
            raise self._stopped_error(timeout_s) or error from None
        except Exception as error:  # the driver's errors have no common base we can import
            stopped = self._stopped_error(timeout_s)
            if stopped is not None:
                raise stopped from None
            raise self.translate(error) from None
        finally:
            if timer is not None:
                timer.cancel()
            with self._lock:
                self._cursor = None

    def _stopped_error(self, timeout_s: float | None) -> WarehouseError | None:
        if self._timed_out.is_set():
            return QueryTimeout(f"query stopped after {timeout_s:g}s (maximum runtime reached)")
        if self._cancelled.is_set():
            return QueryCancelled("query cancelled")
        return None

    def _is_timeout_statement(self, sql: str) -> bool:
        template = self.warehouse.timeout_statement
        return bool(template) and sql.startswith(str(template).split("{")[0])

    def execute(self, sql: str, *, timeout_s: float | None = None) -> None:
        cursor = self._new_cursor()
        try:
            with self._running(cursor, timeout_s):
                if self._is_timeout_statement(sql):
                    if sql == self._session_timeout:
                        return
                    self.sent.append(sql)
                    cursor.execute(sql)
                    self._session_timeout = sql
                    return
                self.session_timeout(cursor, timeout_s)
                self.sent.append(sql)
                self._bounded(lambda: self.run(cursor, sql, timeout_s))
        finally:
            close_quietly(cursor)

    def _send(self, cursor: Any, sql: str, timeout_s: float | None) -> None:
        """Send the query ``sql`` on ``cursor`` under the cap, its result left to fetch."""
        self.session_timeout(cursor, timeout_s)
        self.sent.append(sql)
        self._bounded(lambda: self.run(cursor, sql, timeout_s))

    def fetch(
        self,
        sql: str,
        *,
        timeout_s: float | None = None,
        max_rows: int | None = None,
        batch_size: int = 10_000,
    ) -> Iterator[RowBatch]:
        cursor = self._new_cursor()
        read_only = self.warehouse.read_only_transaction if self.reads_only else None
        try:
            with self._running(cursor, timeout_s):
                if read_only:  # a preview or estimate: the warehouse refuses any write
                    self.session_timeout(cursor, timeout_s)  # outside the transaction it outlives
                    self.sent.append(read_only)
                    cursor.execute(read_only)
                self._send(cursor, sql, timeout_s)
            seen = 0
            columns: tuple[str, ...] | None = None
            while max_rows is None or seen < max_rows:
                size = batch_size if max_rows is None else min(batch_size, max_rows - seen)
                with self._running(cursor, timeout_s):
                    rows = self._bounded(functools.partial(cursor.fetchmany, size))
                    if columns is None:
                        columns = tuple(str(d[0]) for d in (cursor.description or ()))
                if not rows:
                    break
                seen += len(rows)
                yield RowBatch(columns, [tuple(r) for r in rows])
                if len(rows) < size:
                    break
        finally:
            if read_only:
                with contextlib.suppress(Exception):
                    cursor.execute("ROLLBACK")
            close_quietly(cursor)

    # -- export: the driver's Arrow batches where it has them -------------------------------
    def arrow_batches(self, cursor: Any, batch_rows: int) -> Iterator[Any]:
        """The result on ``cursor`` as the driver's Arrow batches (Snowflake
        ``fetch_arrow_batches``, Databricks ``fetchmany_arrow``); adapters whose driver has
        them override this."""
        raise NotImplementedError

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
        """The ids as the driver's Arrow batches written by pyarrow's CSV writer (one
        batch in memory at a time), when the adapter has :meth:`arrow_batches` and pyarrow
        is installed; the DB-API rows of :meth:`fetch` otherwise."""
        if type(self).arrow_batches is DbApiAdapter.arrow_batches or not _has_pyarrow():
            return super().export_ids(
                table,
                path,
                timeout_s=timeout_s,
                batch_rows=batch_rows,
                progress=progress,
                should_stop=should_stop,
            )
        from cdisql.sources.export import id_csv

        sql = self.ids_sql(table)
        cursor = self._new_cursor()
        try:
            with self._running(cursor, timeout_s):
                self._send(cursor, sql, timeout_s)
                batches = self.arrow_batches(cursor, batch_rows)
            with id_csv(path, progress=progress, should_stop=should_stop) as out:
                while True:
                    with self._running(cursor, timeout_s):
                        batch = self._bounded(lambda: next(batches, None))
                    if batch is None:
                        break
                    if batch.num_rows:
                        out.write_arrow(batch)
            return out.count
        finally:
            close_quietly(cursor)

    def _bounded(self, call: Callable[[], T]) -> T:
        """``call()`` in a worker thread, so that a driver that ignores a cancel or the
        watchdog is abandoned ``abandon_after_s`` later instead of blocking the caller."""
        box: dict[str, Any] = {}
        done = threading.Event()

        def work() -> None:
            try:
                box["value"] = call()
            except BaseException as error:
                box["error"] = error
            finally:
                done.set()

        threading.Thread(target=work, name="cdisql-driver-call", daemon=True).start()
        stopped_at: float | None = None
        while not done.wait(0.05):
            if self._timed_out.is_set() or self._cancelled.is_set():
                stopped_at = stopped_at or time.monotonic()
                if time.monotonic() - stopped_at >= self.abandon_after_s:
                    self._abandon()
                    raise WarehouseError("the driver did not stop; its connection was dropped")
        if "error" in box:
            raise box["error"]
        value: T = box["value"]
        return value

    def _abandon(self) -> None:
        """Drop a connection whose driver call hangs; the next statement opens a new one."""
        conn, self._conn = self._conn, None
        self._session_timeout = None
        self._abandoned = True
        if conn is not None:
            threading.Thread(target=close_quietly, args=(conn,), daemon=True).start()

    def _new_cursor(self) -> Any:
        if self._conn is None and self._abandoned:
            self._abandoned = False
            self.connect()
        try:
            return self.connection.cursor()
        except WarehouseError:
            raise
        except Exception as error:
            raise self.translate(error) from None

    def explain(
        self, sql: str, *, timeout_s: float = 60
    ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """The warehouse's plan for ``sql``: columns and rows of ``explain_prefix sql``."""
        return _columns_and_rows(self.fetch(f"{self.explain_prefix} {sql}", timeout_s=timeout_s))

    def query_all(
        self, sql: str, params: Any = None, *, timeout_s: float = 120
    ) -> list[tuple[Any, ...]]:
        """Rows of a small metadata query (with driver parameters); translated errors."""
        return self._metadata_query(
            sql, params, timeout_s, lambda cursor: [tuple(r) for r in cursor.fetchall()]
        )

    def query_dicts(
        self, sql: str, params: Any = None, *, timeout_s: float = 120
    ) -> list[dict[str, Any]]:
        """Like :meth:`query_all`, each row keyed by lower-cased column name (SHOW output)."""

        def keyed(cursor: Any) -> list[dict[str, Any]]:
            rows = cursor.fetchall()
            names = [str(d[0]).lower() for d in (cursor.description or ())]
            return [dict(zip(names, row, strict=False)) for row in rows]

        return self._metadata_query(sql, params, timeout_s, keyed)

    def _metadata_query(
        self, sql: str, params: Any, timeout_s: float, result: Callable[[Any], T]
    ) -> T:
        """Send ``sql`` (with ``params``, if any) and read its rows with ``result(cursor)``."""
        cursor = self._new_cursor()
        try:
            with self._running(cursor, timeout_s):
                self.sent.append(sql)
                self.run(cursor, sql, timeout_s, params)
                return result(cursor)
        finally:
            close_quietly(cursor)
