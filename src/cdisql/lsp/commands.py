"""``workspace/executeCommand`` for the source commands: test, refresh, preview, build.

Each runs its blocking call from :mod:`cdisql.sources` in a worker thread, reports
work-done progress (elapsed vs the max runtime for builds) and stops when the client
cancels the request or the progress. The result is the command's answer and a message.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from cdisql.lsp.jobs import Job, format_duration
from cdisql.lsp.protocol import when_cancelled
from cdisql.sources.store import get_source

if TYPE_CHECKING:
    from cdisql.lsp.server import CdisqlServer
    from cdisql.sources.model import Source
    from cdisql.sources.watchdog import PhaseProgress


def _args(args: Any) -> tuple[str | None, dict[str, Any]]:
    uri: str | None = None
    options: dict[str, Any] = {}
    for arg in args or ():
        if isinstance(arg, str) and uri is None:
            uri = arg
        elif isinstance(arg, dict):
            options.update(arg)
            if isinstance(arg.get("uri"), str):
                uri = arg["uri"]
    return uri, options


class _Progress:
    """Work-done progress for one job; a no-op when the client offers no token."""

    def __init__(self, ls: CdisqlServer, token: Any, job: Job) -> None:
        self.ls = ls
        self.token = token
        self.job = job
        self.last = 0.0
        self.phase: str | None = None

    def begin(self, title: str, message: str) -> None:
        if self.token is None:
            return
        self.ls.work_done_progress.begin(
            self.token,
            lsp.WorkDoneProgressBegin(title=title, message=message, cancellable=True, percentage=0),
        )
        future = self.ls.work_done_progress.tokens.get(self.token)
        if future is not None:
            future.add_done_callback(lambda f: self.job.cancel.set() if f.cancelled() else None)

    def report(self, message: str, percentage: int | None = None) -> None:
        if self.token is not None:
            self.ls.work_done_progress.report(
                self.token, lsp.WorkDoneProgressReport(message=message, percentage=percentage)
            )

    def end(self, message: str) -> None:
        if self.token is not None:
            self.ls.work_done_progress.end(self.token, lsp.WorkDoneProgressEnd(message=message))
            self.ls.work_done_progress.tokens.pop(self.token, None)


async def _token(ls: CdisqlServer, given: Any) -> Any:
    if given is not None:
        return given
    if not ls.client_supports("window", "work_done_progress"):
        return None
    token = f"cdisql-{uuid.uuid4().hex[:12]}"
    try:
        await asyncio.wait_for(ls.work_done_progress.create_async(token), 5)
    except Exception:
        return None
    return token


@dataclass(frozen=True)
class _Run:
    """What one command's core call is given."""

    source: Source
    text: str
    uri: str | None
    options: dict[str, Any]
    config: Any
    cancel: threading.Event
    on_warmup: PhaseProgress
    on_progress: PhaseProgress

    @property
    def max_runtime(self) -> Any:
        return self.options.get("maxRuntime") or (self.config.max_runtime if self.config else None)


def _test(run: _Run) -> dict[str, Any]:
    from cdisql.sources.connection_test import run_connection_test

    tested = run_connection_test(run.source, cancel=run.cancel)
    status = "ok" if tested.ok else "error"
    return {**tested.to_json(), "status": status, "message": tested.summary()}


def _refresh(run: _Run) -> dict[str, Any]:
    from cdisql.sources.catalog_cache import refresh_catalog, refresh_summary

    catalog = refresh_catalog(run.source)
    return {
        "status": "ok",
        "source": run.source.name,
        "tables": len(catalog),
        "message": refresh_summary(run.source.name, catalog),
    }


def _preview(run: _Run) -> dict[str, Any]:
    from cdisql.sources.preview import run_preview

    preview = run_preview(
        run.source,
        run.text,
        cancel=run.cancel,
        on_warmup=run.on_warmup,
        on_progress=run.on_progress,
    )
    data = {**preview.to_json(), "message": preview.summary()}
    if preview.status == "ok":
        data["table"] = preview.text_table()
    return data


def _build(run: _Run) -> dict[str, Any]:
    from cdisql.sources.build import run_build
    from cdisql.sources.history import find_build, membership_diff

    result = run_build(
        run.source,
        run.text,
        segment=str(run.uri),
        max_runtime=run.max_runtime,
        output=run.options.get("output") or _default_output(str(run.uri)),
        cancel=run.cancel,
        on_warmup=run.on_warmup,
        on_progress=run.on_progress,
        catalog=run.config.catalog.catalog if run.config else None,
    )
    data = {**result.to_json(), "message": result.summary()}
    record = find_build(result.build_id) if result.status == "ok" and result.build_id else None
    if record is not None:  # who entered and left since the previous build
        data["diff"] = membership_diff(record).to_json()
    return data


def _build_limit(run: _Run) -> str:
    from cdisql.sources.build import effective_max_runtime

    try:
        return f" (max {effective_max_runtime(run.source, run.max_runtime)})"
    except ValueError:  # the build itself says why
        return ""


@dataclass(frozen=True)
class _Command:
    title: str
    call: Callable[[_Run], dict[str, Any]]
    needs_segment: bool = False
    reloads_catalog: bool = False
    limit: Callable[[_Run], str] = lambda _run: ""
    """Added to the progress title: the build's maximum runtime."""


COMMANDS: dict[str, _Command] = {
    "test": _Command("Testing source", _test, reloads_catalog=True),
    "refresh": _Command("Refreshing catalog", _refresh, reloads_catalog=True),
    "preview": _Command("Previewing segment", _preview, needs_segment=True),
    "build": _Command("Building segment", _build, needs_segment=True, limit=_build_limit),
}


def _refuse(ls: CdisqlServer, message: str) -> dict[str, Any]:
    ls.message(message, lsp.MessageType.Error)
    return {"status": "error", "message": message}


async def run_command(ls: CdisqlServer, kind: str, args: Any) -> dict[str, Any]:
    """Run source command ``kind`` (:data:`COMMANDS`) on the document's source in a worker
    thread, with work-done progress; the answer is the core result's JSON and sentence."""
    command = COMMANDS[kind]
    uri, options = _args(args)
    config = ls.doc_config(uri) if uri else None
    source_name = options.get("source") or (config.source_name if config else None)
    if not source_name:
        folder_sources = [f.settings.source for f in ls.folders.values() if f.settings.source]
        source_name = folder_sources[0] if len(folder_sources) == 1 else None
    if not source_name:
        return _refuse(ls, "no source configured: set `cdisql.source` (or `source` in cdisql.toml)")
    if command.needs_segment and uri is None:
        return _refuse(ls, "no segment given: run the command from a .sql document")
    text = ls.document_text(uri) if command.needs_segment and uri is not None else ""
    try:
        source = get_source(source_name)
    except Exception as error:
        return _refuse(ls, str(error))

    title = f"{command.title} on {source.name}"
    token = await _token(ls, options.get("workDoneToken"))
    job = ls.jobs.start(title, token=token)
    when_cancelled(ls.protocol, job.cancel.set)  # $/cancelRequest, through pygls
    progress = _Progress(ls, token, job)
    loop = asyncio.get_running_loop()
    started = time.monotonic()

    def phase_progress(phase: str) -> Callable[[float, float], None]:
        """Reports for one phase of a run: the warm-up (connecting, a warehouse starting,
        under its own bound) or the query (under the max runtime); a new phase at once."""

        def report(elapsed: float, limit: float) -> None:
            now = time.monotonic()
            if now - progress.last < 0.5 and progress.phase == phase:
                return
            progress.last, progress.phase = now, phase
            pct = int(min(100, 100 * elapsed / limit)) if limit else None
            bound = f"{format_duration(elapsed)} / max {format_duration(limit)}"
            loop.call_soon_threadsafe(progress.report, f"{phase}: {bound}" if phase else bound, pct)

        return report

    run = _Run(
        source,
        text,
        uri,
        options,
        config,
        job.cancel,
        on_warmup=phase_progress("connecting / warming up"),
        on_progress=phase_progress(""),
    )
    progress.begin(title + command.limit(run), "starting")
    # the worker finishes the job: a server stopping mid-build waits for its cleanup
    outcome = await loop.run_in_executor(
        ls.job_pool, ls.jobs.run, job, lambda: _guarded(lambda: command.call(run))
    )
    if job.cancel.is_set() and outcome.get("status") not in ("ok",):
        outcome.setdefault("status", "cancelled")
    message = str(outcome.get("message") or outcome.get("status"))
    progress.end(message)
    ok = outcome.get("status") == "ok"
    ls.message(message, lsp.MessageType.Info if ok else lsp.MessageType.Error)
    if command.reloads_catalog:
        ls.reload_catalogs(lambda key: key[1] == source.name)
    outcome["elapsed_s"] = round(time.monotonic() - started, 3)
    return outcome


def _guarded(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return dict(work())
    except Exception as error:  # a failure is the command's answer, never a dead server
        return {"status": "error", "message": f"{type(error).__name__}: {error}"}


def _default_output(uri: str) -> str:
    """Where an editor's build writes its ids when the client names no file: the data
    dir's ``exports/``, one CSV per build, named after the segment file."""
    from cdisql import paths
    from cdisql.lsp.server import _path_of

    path = _path_of(uri)
    stem = path.stem if path is not None else "segment"
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    return str(paths.data_dir() / "exports" / f"{stem}-{stamp}.csv")
