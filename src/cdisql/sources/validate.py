"""Ask the warehouse to compile linted segments without running them: ``cdisql validate``.

Each segment that lint passes (no error) goes through the guard, then to the
warehouse's own compiler: a BigQuery dry run, Snowflake ``EXPLAIN USING JSON``,
``EXPLAIN`` on Redshift, Databricks and DuckDB (:func:`cdisql.sources.estimate.
estimate_with`). Nothing runs and nothing is created. What the warehouse answers becomes
diagnostics on the file, at the line the warehouse points to (mapped back from the SQL
sent to the file's text): CDI401 when it refuses the segment, CDI402 when its estimate
is over the budget, CDI403 when the build's CREATE TABLE would be refused.

Segments are validated concurrently over a bounded pool of connections; the first
connection is opened once before any segment (its warm-up shown once), and a source
that cannot be reached is one error for the run, not one per file.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.sources.adapters import AdapterFactory, create_adapter
from cdisql.sources.base import (
    Adapter,
    ConnectError,
    WarehouseError,
    adapter_for,
    close_quietly,
)
from cdisql.sources.estimate import DUCKDB_EXPLAIN, Estimate, estimate_with, format_bytes
from cdisql.sources.guard import guard_segment

if TYPE_CHECKING:
    from cdisql.catalog import Catalog
    from cdisql.lint.settings import LintSettings
    from cdisql.report.model import FileReport
    from cdisql.sources.model import Source

DEFAULT_CONNECTIONS = 4
_BUDGET_DIRECTIVE = r"cdisql:.*?\b(max_bytes|max_rows)\s*=\s*([\w.]+)"


@dataclass(frozen=True)
class Budget:
    """What one segment may cost, and where that limit was set (for the message)."""

    max_bytes: int | None = None
    max_rows: int | None = None
    origin: str = ""


def file_budget(text: str, project: Budget) -> Budget:
    """``project``'s budget with a file's ``-- cdisql: max_bytes=10GB`` comment on top."""
    if "cdisql" not in text.lower():
        return project
    from cdisql.analysis import scan_comments
    from cdisql.limits import parse_size

    found: dict[str, int] = {}
    for comment in scan_comments(text):
        for match in re.finditer(_BUDGET_DIRECTIVE, comment.text, re.I):
            key, value = match.group(1).lower(), match.group(2)
            try:
                found[key] = parse_size(value) if key == "max_bytes" else int(value)
            except ValueError as error:
                raise ValueError(f"{key}={value} in the `-- cdisql:` comment: {error}") from None
    if not found:
        return project
    return Budget(
        found.get("max_bytes", project.max_bytes),
        found.get("max_rows", project.max_rows),
        "the file's `-- cdisql:` comment",
    )


@dataclass
class SegmentResult:
    """One segment: its report (lint and warehouse diagnostics) and the estimate."""

    report: FileReport
    status: str = "not sent"
    """``ok``, ``rejected`` (CDI401), ``over budget``, ``refused`` (by the guard), or
    ``not sent`` (lint found an error)."""
    estimate: Estimate | None = None
    budget: Budget = field(default_factory=Budget)


@dataclass
class ValidationRun:
    source: Source
    segments: list[SegmentResult] = field(default_factory=list)
    fatal: str | None = None
    """The source could not be reached: one error for the run, nothing was validated."""
    notices: list[str] = field(default_factory=list)
    incomplete: int = 0
    """Segments not validated because the connection was lost during the run."""
    connections: int = 0
    duration_s: float = 0.0

    @property
    def reports(self) -> list[FileReport]:
        return [s.report for s in self.segments]

    def estimated(self) -> list[SegmentResult]:
        """Segments with an estimate, most expensive first (bytes, then rows)."""
        done = [s for s in self.segments if s.estimate is not None and s.estimate.ok]
        return sorted(done, key=lambda s: (-_bytes(s), -_rows(s), s.report.filename))


def _bytes(segment: SegmentResult) -> int:
    return (segment.estimate.bytes_processed or 0) if segment.estimate else 0


def _rows(segment: SegmentResult) -> int:
    return (segment.estimate.rows_scanned or 0) if segment.estimate else 0


Progress = Callable[[int, int, str], None]
"""``(done, total, filename)`` after each segment."""


def validate_reports(
    reports: Sequence[FileReport],
    source: Source,
    *,
    budgets: Callable[[FileReport], Budget] = lambda report: Budget(),
    settings: Callable[[FileReport], LintSettings | None] = lambda report: None,
    catalog: Catalog | None = None,
    connections: int = DEFAULT_CONNECTIONS,
    adapter_factory: AdapterFactory = adapter_for,
    on_message: Callable[[str], None] | None = None,
    on_progress: Progress | None = None,
    timeout_s: float = 60,
) -> ValidationRun:
    """Validate each linted file of ``reports`` on ``source``. Never raises for warehouse
    problems: they are diagnostics, or :attr:`ValidationRun.fatal`."""
    started = time.monotonic()
    run = ValidationRun(source)
    todo: list[tuple[SegmentResult, _Sent]] = []
    for report in reports:
        try:
            budget = budgets(report)
        except ValueError as error:
            run.notices.append(f"{report.filename}: {error}")
            budget = Budget()
        segment = SegmentResult(report, budget=budget)
        run.segments.append(segment)
        if any(d.severity is Severity.ERROR for d in report.diagnostics):
            continue  # lint found an error: the warehouse would be asked in vain
        verdict = guard_segment(report.text, source, catalog=catalog)
        if not verdict.ok or verdict.query is None or verdict.analysis is None:
            segment.status = "refused"
            _add(segment, verdict.diagnostics)
            continue
        statement = verdict.analysis.statements[0]
        todo.append(
            (segment, _Sent(report.text, statement.start, statement.end, source, verdict.query))
        )
    if not todo:
        run.duration_s = time.monotonic() - started
        return run

    say = _once(on_message)
    pool = _Pool(source, adapter_factory, say, min(max(connections, 1), len(todo)))
    try:
        try:
            first = pool.warm_up()
        except WarehouseError as error:
            run.fatal = f"cannot connect to source {source.name!r} ({source.type}): {error}"
            run.duration_s = time.monotonic() - started
            return run
        permission = build_permission_problem(first)
        prefix = _explain_prefix(first)
        done = 0
        lock = threading.Lock()

        def one(item: tuple[SegmentResult, _Sent]) -> None:
            nonlocal done
            segment, sent = item
            estimate = pool.estimate(sent.query, timeout_s)
            _settle(
                segment,
                estimate,
                replace(sent, prefix=prefix),
                permission,
                settings(segment.report),
            )
            with lock:
                done += 1
                count = done
            if on_progress is not None:
                on_progress(count, len(todo), segment.report.filename)

        with ThreadPoolExecutor(max_workers=pool.size, thread_name_prefix="cdisql-validate") as ex:
            list(ex.map(one, todo))
        run.connections = pool.size
        run.notices.extend(pool.notices)
    finally:
        pool.close()
    unreachable = [s for s in run.segments if s.status == "unreachable"]
    if unreachable:
        reason = unreachable[0].estimate.message if unreachable[0].estimate else "unreachable"
        if len(unreachable) == len(todo):
            run.fatal = f"cannot reach source {source.name!r} ({source.type}): {reason}"
        else:  # the connection dropped mid-way: said once, and the run is incomplete
            run.incomplete = len(unreachable)
            run.notices.append(
                f"{len(unreachable)} segment(s) were not validated, the connection was lost: "
                f"{reason}"
            )
    _budget_notices(run)
    run.duration_s = time.monotonic() - started
    return run


# -- one segment's answer -> diagnostics --------------------------------------------------------
@dataclass(frozen=True)
class _Sent:
    """The file's text, the span of its statement, the source it was sent to, and what
    was sent: ``prefix`` (``EXPLAIN …``) then ``query`` (generated from the checked tree)."""

    text: str
    start: int
    end: int
    source: Source
    query: str
    prefix: str = ""


def _settle(
    segment: SegmentResult,
    estimate: Estimate,
    sent: _Sent,
    permission: str | None,
    settings: LintSettings | None,
) -> None:
    segment.estimate = estimate
    out: list[Diagnostic] = []
    if estimate.status == "unreachable":
        segment.status = "unreachable"
        return
    if not estimate.ok:
        segment.status = "rejected"
        start, end = _error_span(estimate, sent)
        out.append(
            Diagnostic(
                "CDI401",
                "warehouse-rejected",
                Severity.ERROR,
                f"{sent.source.type} refused to compile the segment: {estimate.message}",
                start,
                end,
            )
        )
    else:
        segment.status = "ok"
        over = over_budget(estimate, segment.budget)
        if over is not None:
            segment.status = "over budget"
            out.append(
                Diagnostic("CDI402", "over-budget", Severity.ERROR, over, *_first_line(sent))
            )
        if permission is not None:
            out.append(
                Diagnostic(
                    "CDI403",
                    "build-permission",
                    Severity.ERROR,
                    f"the build of this segment would fail: {permission}",
                    *_first_line(sent),
                )
            )
    _add(segment, out, settings)


def _add(
    segment: SegmentResult,
    diagnostics: Sequence[Diagnostic],
    settings: LintSettings | None = None,
) -> None:
    kept: list[Diagnostic] = []
    for d in diagnostics:
        if settings is not None:
            if d.code.startswith("CDI") and not settings.enabled(d.code):
                continue
            severity = settings.severity_for(d.code, d.severity)
            if severity is not d.severity:
                d = replace(d, severity=severity)
        kept.append(d)
    if kept:
        merged = tuple(sorted((*segment.report.diagnostics, *kept), key=Diagnostic.sort_key))
        segment.report = replace(segment.report, diagnostics=merged)


def over_budget(estimate: Estimate, budget: Budget) -> str | None:
    """The CDI402 message when ``estimate`` exceeds ``budget``, else None."""
    where = f" ({budget.origin})" if budget.origin else ""
    scanned = estimate.bytes_processed
    if budget.max_bytes is not None and scanned is not None and scanned > budget.max_bytes:
        return (
            f"{estimate.kind} estimates {format_bytes(scanned)} to scan, over the budget of "
            f"max_bytes = {_size(budget.max_bytes)}{where}: filter on a partition column "
            "or read fewer columns"
        )
    rows = estimate.rows_scanned
    if budget.max_rows is not None and rows is not None and rows > budget.max_rows:
        return (
            f"{estimate.kind} estimates {rows:,} rows scanned, over the budget of "
            f"max_rows = {budget.max_rows:,}{where}: filter the largest tables first"
        )
    return None


def _size(n: int) -> str:
    for unit, size in (("PB", 10**15), ("TB", 10**12), ("GB", 10**9), ("MB", 10**6)):
        if n >= size and n % (size // 1000 or 1) == 0:
            return f"{n / size:g}{unit}"
    return format_bytes(n)


def _budget_notices(run: ValidationRun) -> None:
    """Say once when a budget cannot be checked because the plan gives no such figure."""
    unchecked = [
        s
        for s in run.segments
        if s.budget.max_bytes is not None
        and s.estimate is not None
        and s.estimate.ok
        and s.estimate.bytes_processed is None
    ]
    if unchecked:
        run.notices.append(
            f"max_bytes is not checked for {len(unchecked)} segment(s): the {run.source.type} "
            "plan gives no byte figure (max_rows is checked where it gives rows)"
        )


def _first_line(sent: _Sent) -> tuple[int, int]:
    end = sent.text.find("\n", sent.start, sent.end)
    return sent.start, end if end > sent.start else max(sent.end, sent.start + 1)


def _error_span(estimate: Estimate, sent: _Sent) -> tuple[int, int]:
    """Where in the file the warehouse's error points (see :func:`map_error`)."""
    error = estimate.error
    return map_error(sent, estimate.message, error.detail if error is not None else None)


def map_error(sent: _Sent, message: str, detail: str | None) -> tuple[int, int]:
    """The file span a warehouse error points to.

    The warehouse's position is in the SQL sent (``prefix`` + ``query``, generated from
    the checked tree, so its layout differs from the file's): the token there is found
    again in the file's statement by aligning the two token streams. With no position,
    a name quoted in the message is looked for in the statement; else the statement's
    first line.
    """
    from cdisql.sources.errors import error_offset

    file_tokens = _tokens(sent.text[sent.start : sent.end], sent.source.lint_warehouse.dialect)
    offset = error_offset(sent.source.type, detail, sent.prefix + sent.query)
    if offset is not None:
        sent_tokens = _tokens(sent.query, sent.source.warehouse.dialect)
        mapped = _align(sent_tokens, file_tokens, offset - len(sent.prefix))
        if mapped is not None:
            return sent.start + mapped[0], sent.start + mapped[1]
    for name in re.findall(r"['\"`]([A-Za-z_][\w$]*)['\"`]", message):
        for text, start, end in file_tokens:
            if _norm(text) == _norm(name):
                return sent.start + start, sent.start + end
    return _first_line(sent)


def _norm(text: str) -> str:
    return text.strip("\"'`[]").casefold()


def _tokens(sql: str, dialect: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of each token of ``sql``; end exclusive."""
    from sqlglot.dialects.dialect import Dialect

    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(sql)
    except Exception:
        return []
    return [(sql[t.start : t.end + 1], t.start, t.end + 1) for t in tokens]


def _align(
    sent: list[tuple[str, int, int]], file: list[tuple[str, int, int]], offset: int
) -> tuple[int, int] | None:
    import difflib

    if not sent or not file:
        return None
    index = next((i for i, (_, start, end) in enumerate(sent) if offset < end), len(sent) - 1)
    matcher = difflib.SequenceMatcher(
        a=[_norm(t[0]) for t in sent], b=[_norm(t[0]) for t in file], autojunk=False
    )
    best: tuple[int, int] | None = None
    for a, b, size in matcher.get_matching_blocks():
        if a <= index < a + size:
            _, start, end = file[b + index - a]
            return start, end
        if a + size <= index and size:
            _, start, end = file[b + size - 1]
            best = (start, end)  # the last token both agree on before the error
    return best


# -- the pool of connections -------------------------------------------------------------------
class _Pool:
    """Up to ``size`` connected adapters; the first is opened (warm-up) before any work."""

    def __init__(
        self,
        source: Source,
        factory: AdapterFactory,
        say: Callable[[str], None] | None,
        size: int,
    ) -> None:
        self.source = source
        self.factory = factory
        self.say = say
        self.wanted = size
        self.size = 0
        self.idle: queue.Queue[Adapter] = queue.Queue()
        self.every: list[Adapter] = []
        self.notices: list[str] = []
        self._lock = threading.Lock()

    def _open(self) -> Adapter:
        adapter = create_adapter(self.source, self.factory, on_message=self.say)
        try:
            adapter.connect()
        except BaseException:
            close_quietly(adapter)
            raise
        with self._lock:
            self.every.append(adapter)
        return adapter

    def _register(self, opener: Callable[[], Adapter]) -> Callable[[], Adapter]:
        def open_one() -> Adapter:
            adapter = opener()
            with self._lock:
                self.every.append(adapter)
            return adapter

        return open_one

    def warm_up(self) -> Adapter:
        first = self._open()
        self.size = 1
        self.idle.put(first)
        if self.wanted > 1:
            # the embedded DuckDB shares one open database between its connections
            sibling: Callable[[], Adapter] | None = getattr(first, "sibling", None)
            if sibling is not None:  # cheap, and made from the first: one at a time
                opened = _open_many(self._register(sibling), self.wanted - 1, parallel=False)
            else:
                opened = _open_many(self._open, self.wanted - 1)
            for adapter in opened:
                self.idle.put(adapter)
            self.size += len(opened)
            if len(opened) < self.wanted - 1:
                self.notices.append(
                    f"only {self.size} of {self.wanted} connections could be opened"
                )
        return first

    def estimate(self, query: str, timeout_s: float) -> Estimate:
        adapter = self.idle.get()
        started = time.monotonic()
        try:
            figures = estimate_with(adapter, query, timeout_s=timeout_s)
            return Estimate(
                self.source.name,
                self.source.type,
                "ok",
                duration_s=time.monotonic() - started,
                **figures,
            )
        except ConnectError as error:
            return Estimate(
                self.source.name, self.source.type, "unreachable", message=str(error), error=error
            )
        except WarehouseError as error:
            return Estimate(
                self.source.name,
                self.source.type,
                "error",
                message=_reason(error),
                duration_s=time.monotonic() - started,
                error=error,
            )
        finally:
            self.idle.put(adapter)

    def close(self) -> None:
        for adapter in self.every:
            close_quietly(adapter)


def _open_many(
    open_one: Callable[[], Adapter], count: int, *, parallel: bool = True
) -> list[Adapter]:
    """Up to ``count`` more connections; those that fail are left out."""
    opened: list[Adapter] = []
    if not parallel:
        for _ in range(count):
            try:
                opened.append(open_one())
            except WarehouseError:
                break
        return opened
    with ThreadPoolExecutor(max_workers=count) as ex:
        futures = [ex.submit(open_one) for _ in range(count)]
        for future in futures:
            try:
                opened.append(future.result())
            except WarehouseError:
                continue
    return opened


def _explain_prefix(adapter: Adapter) -> str:
    """What the warehouse received before the query (:func:`estimate_with`)."""
    if getattr(adapter, "dry_run_bytes", None) is not None:
        return ""
    prefix = getattr(adapter, "explain_prefix", None)
    return f"{prefix or DUCKDB_EXPLAIN} "


def _reason(error: WarehouseError) -> str:
    """The warehouse's words, without cdisql's generic lead-in for a known failure."""
    text = str(error.args[0]) if error.args else str(error)
    hint = f" ({error.hint})" if error.hint else ""
    return text + hint


def _once(say: Callable[[str], None] | None) -> Callable[[str], None] | None:
    """``say``, each distinct line once: N connections warm up, the user reads it once."""
    if say is None:
        return None
    seen: set[str] = set()
    lock = threading.Lock()

    def once(message: str) -> None:
        with lock:
            if message in seen:
                return
            seen.add(message)
        say(message)

    return once


# -- the build's CREATE TABLE, checked without creating anything ------------------------------
def build_permission_problem(adapter: Adapter) -> str | None:
    """Why the source's identity could not create the build's table, or None when it
    can (or the warehouse offers no read-only way to ask)."""
    try:
        return adapter.create_table_problem()
    except WarehouseError:
        return None  # the question itself is not allowed: the connection test will say
