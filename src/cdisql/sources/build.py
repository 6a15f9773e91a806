"""One segment build, the way the platform runs it, shared by the CLI and the server.

:func:`run_build`: guard the SQL (nothing is sent if refused), connect, create one
temporary table in the source's schema as the segment query, count its distinct
non-null ``external_user_id``, export the ids to a CSV file through the adapter's bulk
path (:meth:`~cdisql.sources.base.Adapter.export_ids`: constant memory, no partial
file) and keep a compressed copy in the history, and drop the table, whatever happens (success, error, timeout, cancel,
Ctrl-C). The maximum runtime is enforced by the warehouse's own timeout where it has
one and by a :class:`~cdisql.sources.watchdog.Watchdog` that cancels the running query;
it starts once the warehouse is reachable: connecting and a warehouse's warm-up are a
phase of their own, with their own bound (:func:`~cdisql.sources.watchdog.connect_within`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdisql.fileio import place_file
from cdisql.lint.diagnostics import Diagnostic
from cdisql.sources.adapters import AdapterFactory, create_adapter, is_config_error
from cdisql.sources.base import (
    Adapter,
    QueryCancelled,
    QueryTimeout,
    WarehouseError,
    WarmupTimeout,
    adapter_for,
    close_quietly,
)
from cdisql.sources.guard import guard_segment
from cdisql.sources.history import (
    BuildRecord,
    discard_ids,
    new_build_id,
    record_build,
    segment_hash,
    spool_file,
    store_ids,
    sweep_spools,
)
from cdisql.sources.model import MaxRuntime, SourceState
from cdisql.sources.sweep import old_tables_warning
from cdisql.sources.watchdog import PhaseProgress, Watchdog, connect_within

if TYPE_CHECKING:
    from cdisql.catalog import Catalog
    from cdisql.sources.model import Source


@dataclass(frozen=True)
class BuildResult:
    source: str
    segment: str
    status: str
    """``ok``, ``timeout``, ``cancelled``, ``refused`` or ``error``."""
    members: int | None = None
    duration_s: float = 0.0
    temp_table: str | None = None
    dropped: bool | None = None
    """True once the temporary table is gone; None when none was created."""
    message: str = ""
    """What happened, without the status word (``summary`` puts it in front)."""
    diagnostics: tuple[Diagnostic, ...] = ()
    max_runtime_s: float | None = None
    output: str | None = None
    build_id: str | None = None
    segment_hash: str | None = None
    config_error: bool = False
    """The build never started because of the source's setup (a driver not installed)."""

    def summary(self) -> str:
        """The line a person reads: ``status: message``, then the time and what became of
        the temporary table once the build started (a build refused or stopped before it
        reached the warehouse took no time worth showing). ``message`` never repeats the
        status, so neither does this line."""
        line = f"{self.status}: {self.message}"
        if self.build_id is None:
            return line
        details = [f"{self.duration_s:.2f}s"]
        if self.temp_table is not None:
            fate = "dropped" if self.dropped else "NOT dropped"
            details.append(f"temporary table {self.temp_table} {fate}")
        return f"{line} ({'; '.join(details)})"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "segment": self.segment,
            "status": self.status,
            "members": self.members,
            "duration_s": round(self.duration_s, 3),
            "temp_table": self.temp_table,
            "dropped": self.dropped,
            "message": self.message,
            "max_runtime_s": self.max_runtime_s,
            "output": self.output,
            "build_id": self.build_id,
        }


def effective_max_runtime(source: Source, override: MaxRuntime | str | float | None) -> MaxRuntime:
    """The source's max runtime, or a shorter override (never a longer one)."""
    if override is None:
        return source.max_runtime
    return min(source.max_runtime, MaxRuntime.parse(override))


@dataclass
class _Run:
    adapter: Adapter | None = None
    table: str | None = None
    created: bool = False
    dropped: bool | None = None
    members: int | None = None
    has_ids: bool = False
    extra: list[str] = field(default_factory=list)
    config_error: bool = False


def run_build(
    source: Source,
    sql: str,
    *,
    segment: str = "<segment>",
    max_runtime: MaxRuntime | str | float | None = None,
    output: str | Path | None = None,
    cancel: threading.Event | None = None,
    on_progress: Callable[[float, float], None] | None = None,
    adapter_factory: AdapterFactory = adapter_for,
    catalog: Catalog | None = None,
    record: bool = True,
    on_message: Callable[[str], None] | None = None,
    on_warmup: PhaseProgress | None = None,
) -> BuildResult:
    """Build ``sql`` on ``source``; never raises for warehouse, guard or runtime problems.

    ``cancel`` (set from any thread) stops the build like Ctrl-C; ``on_warmup(elapsed,
    limit)`` then ``on_progress(elapsed, limit)`` are called about ten times a second from
    the watchdog threads, for the warm-up (connecting, a warehouse starting) and for the
    queries under the max runtime; ``on_message`` receives the adapter's progress lines
    (warehouse warming up...). The result says whether the temporary table was dropped;
    ``record`` adds it to the history.
    """
    started = time.monotonic()
    seg_hash = segment_hash(sql)
    out_path = Path(output) if output is not None else None

    def result(status: str, message: str, **extra: Any) -> BuildResult:
        return BuildResult(
            source=source.name,
            segment=segment,
            status=status,
            message=message,
            duration_s=time.monotonic() - started,
            segment_hash=seg_hash,
            output=str(out_path) if out_path is not None and status == "ok" else None,
            **extra,
        )

    try:
        limit = effective_max_runtime(source, max_runtime)
    except ValueError as error:
        return result("error", str(error), config_error=True)
    if source.state is not SourceState.ACTIVE:
        return result(
            "error",
            f"source {source.name!r} is a draft: test it first with `cdisql sources test {source.name}`",
            config_error=True,
            max_runtime_s=limit.seconds,
        )
    verdict = guard_segment(sql, source, catalog=catalog)
    if not verdict.ok or verdict.query is None:
        return result(
            "refused",
            "nothing was sent: " + "; ".join(verdict.messages()),
            diagnostics=verdict.diagnostics,
            max_runtime_s=limit.seconds,
        )

    build_id = new_build_id()
    run = _Run()
    watchdog = Watchdog(limit.seconds, cancel=cancel, on_progress=on_progress)
    status, message = "ok", ""
    try:
        status, message = _execute(
            source,
            verdict.query,
            run,
            watchdog,
            out_path,
            record,
            build_id,
            adapter_factory,
            on_message,
            on_warmup,
        )
    finally:
        watchdog.stop()
        _cleanup(run)
    if run.dropped is False and run.table is not None:
        message = (
            f"{message}; the temporary table {run.table} could not be dropped: "
            f"drop it by hand ({run.extra[-1] if run.extra else 'see the warehouse error'})"
        )
    outcome = result(
        status,
        message,
        members=run.members if status == "ok" else None,
        temp_table=run.table,
        dropped=run.dropped,
        max_runtime_s=limit.seconds,
        build_id=build_id,
        config_error=run.config_error,
    )
    if run.has_ids and status != "ok":
        discard_ids(build_id)
    if record:
        record_build(
            BuildRecord(
                build_id=build_id,
                time=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                source=source.name,
                segment=segment,
                segment_hash=seg_hash,
                status=status,
                members=outcome.members,
                duration_s=round(outcome.duration_s, 3),
                has_ids=status == "ok" and run.has_ids,
            )
        )
    return outcome


def _execute(
    source: Source,
    query: str,
    run: _Run,
    watchdog: Watchdog,
    out_path: Path | None,
    record: bool,
    build_id: str,
    adapter_factory: AdapterFactory,
    on_message: Callable[[str], None] | None = None,
    on_warmup: PhaseProgress | None = None,
) -> tuple[str, str]:
    limit = watchdog.limit_s
    try:
        adapter = create_adapter(source, adapter_factory, on_message=on_message)
        run.adapter = adapter
        connect_within(adapter, cancel=watchdog.cancel_event, on_progress=on_warmup)
        watchdog.adapter = adapter
        watchdog.start()  # the max runtime counts from here: the warehouse is reachable
        _checkpoint(watchdog)
        timeout_sql = adapter.warehouse.timeout_sql(watchdog.remaining())
        if timeout_sql:
            adapter.execute(timeout_sql, timeout_s=watchdog.remaining())
        if on_message is not None:  # reported, never dropped here (see sources.sweep)
            warning = old_tables_warning(adapter, source.max_runtime.seconds)
            if warning:
                on_message(f"warning: {warning}")
        table = adapter.temp_table_name()
        run.table = table
        _checkpoint(watchdog)
        run.created = True  # from here on the table may exist: always try to drop it
        adapter.create_temp_table(table, query, timeout_s=watchdog.remaining())
        _checkpoint(watchdog)
        run.members = adapter.count_members(table, timeout_s=watchdog.remaining())
        _checkpoint(watchdog)
        spool = None
        if out_path is not None or record:
            spool = _write_ids(
                adapter, table, run, watchdog, build_id if record else None, on_message
            )
        try:
            _checkpoint(watchdog)
            if out_path is not None and spool is not None:
                # the output appears only for a build nothing can stop any more: a
                # cancelled or timed-out build never leaves (or replaces) an ids file
                place_file(spool, out_path)
        finally:
            if spool is not None:
                spool.unlink(missing_ok=True)
    except (QueryTimeout, QueryCancelled, WarehouseError) as error:
        if isinstance(error, WarmupTimeout):
            return "timeout", str(error)
        if watchdog.timed_out.is_set() or isinstance(error, QueryTimeout):
            return "timeout", (
                f"stopped at the maximum runtime ({MaxRuntime(limit)}): the query took too long; "
                "make it cheaper (filter on partition columns, fewer joins) or raise "
                "the source's max runtime"
            )
        if watchdog.cancelled.is_set() or isinstance(error, QueryCancelled):
            return "cancelled", "the query was stopped on request"
        run.extra.append(str(error))
        if is_config_error(error):
            run.config_error = True
            return "error", str(error)
        return "error", f"the warehouse refused the query: {error}"
    except KeyboardInterrupt:
        watchdog.cancelled.set()
        return "cancelled", "interrupted; the query was stopped"
    except OSError as error:
        return "error", f"cannot write {out_path}: {error.strerror or error}"
    members = run.members or 0
    where = f" and written to {out_path}" if out_path is not None else ""
    return "ok", f"{members} member{'s' if members != 1 else ''} counted{where}"


def _checkpoint(watchdog: Watchdog) -> None:
    if watchdog.should_stop():
        if watchdog.cancelled.is_set():
            raise QueryCancelled("cancelled")
        watchdog.timed_out.set()
        raise QueryTimeout("maximum runtime reached")


def _write_ids(
    adapter: Adapter,
    table: str,
    run: _Run,
    watchdog: Watchdog,
    build_id: str | None,
    on_message: Callable[[str], None] | None,
) -> Path:
    """Export the ids once (the adapter's bulk path) to a private spool file, and keep
    them in the history; the caller places the spool on ``--output`` and removes it."""
    sweep_spools()
    spool = spool_file(build_id or new_build_id())
    try:
        adapter.export_ids(
            table,
            spool,
            timeout_s=watchdog.remaining(),
            progress=_export_progress(on_message),
            should_stop=lambda: _stop_requested(watchdog),
        )
        _checkpoint(watchdog)
        if build_id is not None:
            store_ids(build_id, spool)
            run.has_ids = True
    except BaseException:
        spool.unlink(missing_ok=True)
        raise
    return spool


def _stop_requested(watchdog: Watchdog) -> bool:
    try:
        _checkpoint(watchdog)
    except (QueryTimeout, QueryCancelled):
        return True
    return False


def _export_progress(
    on_message: Callable[[str], None] | None, *, every_s: float = 1.0
) -> Callable[[int], None] | None:
    """``exported N ids`` lines for the user, at most one per ``every_s`` seconds."""
    if on_message is None:
        return None
    last = [time.monotonic()]

    def report(count: int) -> None:
        now = time.monotonic()
        if now - last[0] >= every_s:
            last[0] = now
            on_message(f"exported {count:,} ids")

    return report


def _cleanup(run: _Run) -> None:
    """Drop the temporary table (if one may exist) and close; never raises."""
    adapter = run.adapter
    if adapter is None:
        return
    try:
        if run.created and run.table is not None:
            for attempt in range(2):
                try:
                    adapter.drop_table(run.table)
                    run.dropped = True
                    break
                except KeyboardInterrupt:
                    continue  # a second Ctrl-C must not leave the table behind
                except WarehouseError as error:
                    # a cancel that landed on the drop itself: try once more
                    if attempt == 1:
                        run.dropped = False
                        run.extra.append(str(error))
                    time.sleep(0.05)
    finally:
        close_quietly(adapter)
