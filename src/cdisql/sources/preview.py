"""Preview a segment as the platform does: at most 100 rows, stopped after 60 seconds.

The ``external_user_id`` output rules do not apply to a preview; the guard still does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cdisql.lint.diagnostics import Diagnostic
from cdisql.platform import platform_facts
from cdisql.sources.adapters import AdapterFactory, create_adapter
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
from cdisql.sources.watchdog import PhaseProgress, Watchdog, connect_within

if TYPE_CHECKING:
    from cdisql.catalog import Catalog
    from cdisql.sources.model import Source


PREVIEW_MAX_ROWS = platform_facts().preview_max_rows
PREVIEW_MAX_SECONDS = platform_facts().preview_max_seconds


@dataclass(frozen=True)
class PreviewResult:
    source: str
    status: str
    """``ok``, ``timeout``, ``cancelled``, ``refused`` or ``error``."""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    truncated: bool = False
    """More rows exist than the preview shows."""
    duration_s: float = 0.0
    message: str = ""
    """What happened, without the status word (``summary`` puts it in front)."""
    diagnostics: tuple[Diagnostic, ...] = ()

    def summary(self) -> str:
        """The line a person reads: how many rows in what time, or ``status: message`` and
        the time once the query was sent."""
        if self.status == "ok":
            cap = f" (more rows exist; a preview shows at most {PREVIEW_MAX_ROWS})"
            more = cap if self.truncated else ""
            return f"{len(self.rows)} row(s) in {self.duration_s:.2f}s{more}"
        line = f"{self.status}: {self.message}"
        return line if self.status == "refused" else f"{line} ({self.duration_s:.2f}s)"

    def text_table(self) -> str:
        """The rows as plain text with aligned columns (what an editor shows verbatim)."""
        cells = [list(self.columns)] + [
            ["NULL" if v is None else str(v).replace("\n", " ") for v in row] for row in self.rows
        ]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.columns))]

        def line(values: list[str]) -> str:
            return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        rule = "-+-".join("-" * w for w in widths)
        return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])]) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "columns": list(self.columns),
            "rows": [[_jsonable(v) for v in row] for row in self.rows],
            "truncated": self.truncated,
            "duration_s": round(self.duration_s, 3),
            "message": self.message,
        }


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def preview_sql(query: str, limit: int) -> str:
    """``query`` (the guard's generated SQL, without comments) capped at ``limit`` rows."""
    return f"SELECT * FROM (\n{query}\n) AS cdisql_preview LIMIT {int(limit)}"


def run_preview(
    source: Source,
    sql: str,
    *,
    max_rows: int = PREVIEW_MAX_ROWS,
    timeout_s: float = PREVIEW_MAX_SECONDS,
    cancel: threading.Event | None = None,
    adapter_factory: AdapterFactory = adapter_for,
    catalog: Catalog | None = None,
    on_message: Callable[[str], None] | None = None,
    on_warmup: PhaseProgress | None = None,
    on_progress: PhaseProgress | None = None,
) -> PreviewResult:
    """Run ``sql`` on ``source`` and return at most ``max_rows`` (≤ 100) rows within
    ``timeout_s`` (≤ 60 s), counted once the warehouse is reachable: connecting and a
    warm-up have their own bound and ``on_warmup(elapsed, limit)`` reports, the query
    ``on_progress``. Never raises for warehouse, guard or runtime problems."""
    started = time.monotonic()
    max_rows = max(0, min(int(max_rows), PREVIEW_MAX_ROWS))
    timeout_s = min(float(timeout_s), PREVIEW_MAX_SECONDS, source.max_runtime.seconds)

    def result(status: str, message: str = "", **extra: Any) -> PreviewResult:
        return PreviewResult(
            source.name, status, duration_s=time.monotonic() - started, message=message, **extra
        )

    verdict = guard_segment(sql, source, preview=True, catalog=catalog)
    if not verdict.ok or verdict.query is None:
        return result(
            "refused",
            "nothing was sent: " + "; ".join(verdict.messages()),
            diagnostics=verdict.diagnostics,
        )
    watchdog = Watchdog(timeout_s, cancel=cancel, on_progress=on_progress)
    adapter: Adapter | None = None
    try:
        adapter = create_adapter(source, adapter_factory, on_message=on_message)
        adapter.reads_only = True
        connect_within(adapter, cancel=cancel, on_progress=on_warmup)
        watchdog.adapter = adapter
        watchdog.start()  # the 60 s count from here: the warehouse is reachable
        columns: tuple[str, ...] = ()
        rows: list[tuple[Any, ...]] = []
        query = preview_sql(verdict.query, max_rows + 1)
        for batch in adapter.fetch(
            query, timeout_s=watchdog.remaining(), max_rows=max_rows + 1, batch_size=max_rows + 1
        ):
            columns = batch.columns
            rows.extend(tuple(r) for r in batch.rows)
            if len(rows) > max_rows or watchdog.should_stop():
                break
        if watchdog.should_stop():
            raise QueryCancelled("stopped")
        truncated = len(rows) > max_rows
        return result(
            "ok",
            f"{min(len(rows), max_rows)} row(s)" + (f" (first {max_rows})" if truncated else ""),
            columns=columns,
            rows=tuple(rows[:max_rows]),
            truncated=truncated,
        )
    except (QueryTimeout, QueryCancelled, WarehouseError) as error:
        if isinstance(error, WarmupTimeout):
            return result("timeout", str(error))
        if watchdog.timed_out.is_set() or isinstance(error, QueryTimeout):
            return result(
                "timeout",
                f"preview stopped after {timeout_s:g}s: previews are capped at {PREVIEW_MAX_SECONDS:g} s",
            )
        if watchdog.cancelled.is_set() or isinstance(error, QueryCancelled):
            return result("cancelled", "the preview was stopped on request")
        return result("error", f"the warehouse refused the query: {error}")
    finally:
        watchdog.stop()
        close_quietly(adapter)
