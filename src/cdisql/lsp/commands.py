"""``workspace/executeCommand`` for the source commands: test, refresh, preview, build.

Each runs its blocking call from :mod:`cdisql.sources` in a worker thread, reports
work-done progress (elapsed vs the max runtime for builds) and stops when the client
cancels the request or the progress. The result is the command's answer and a message.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from cdisql.lsp.jobs import Job, format_duration

if TYPE_CHECKING:
    from cdisql.lsp.server import CdisqlServer

TITLES = {
    "test": "Testing source",
    "refresh": "Refreshing catalog",
    "preview": "Previewing segment",
    "build": "Building segment",
}


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


async def run_command(ls: CdisqlServer, kind: str, args: Any) -> dict[str, Any]:
    uri, options = _args(args)
    request_id = ls.protocol.msg_id
    config = ls.doc_config(uri) if uri else None
    source_name = options.get("source") or (config.source_name if config else None)
    if not source_name:
        folder_sources = [f.settings.source for f in ls.folders.values() if f.settings.source]
        source_name = folder_sources[0] if len(folder_sources) == 1 else None
    if not source_name:
        message = "no source configured: set `cdisql.source` (or `source` in cdisql.toml)"
        ls.message(message, lsp.MessageType.Error)
        return {"status": "error", "message": message}
    text = ""
    if kind in ("preview", "build"):
        if uri is None:
            message = "no segment given: run the command from a .sql document"
            ls.message(message, lsp.MessageType.Error)
            return {"status": "error", "message": message}
        text = ls.document_text(uri)
    try:
        from cdisql.sources.store import get_source

        source = get_source(source_name)
    except ImportError:
        message = "sources are not available in this build"
        ls.message(message, lsp.MessageType.Error)
        return {"status": "error", "message": message}
    except Exception as error:
        ls.message(str(error), lsp.MessageType.Error)
        return {"status": "error", "message": str(error)}

    token = await _token(ls, options.get("workDoneToken"))
    job = ls.jobs.start(f"{TITLES[kind]} on {source.name}", request_id=request_id, token=token)
    progress = _Progress(ls, token, job)
    loop = asyncio.get_running_loop()
    started = time.monotonic()
    max_runtime = options.get("maxRuntime") or (config.max_runtime if config else None)

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

    on_warmup = phase_progress("connecting / warming up")
    on_build_progress = phase_progress("")

    def work() -> dict[str, Any]:
        if kind == "build":
            from cdisql.sources.build import run_build

            result = run_build(
                source,
                text,
                segment=str(uri),
                max_runtime=max_runtime,
                output=options.get("output") or _default_output(str(uri)),
                cancel=job.cancel,
                on_warmup=on_warmup,
                on_progress=on_build_progress,
                catalog=config.catalog.catalog if config else None,
            )
            data = result.to_json()
            ok = result.status == "ok"
            data["message"] = (result.message or _build_message(result)) if ok else result.summary()
            if result.status == "ok" and result.build_id:
                data["diff"] = _history_diff(result.build_id)
            return data
        if kind == "preview":
            from cdisql.sources.preview import run_preview

            preview = run_preview(
                source, text, cancel=job.cancel, on_warmup=on_warmup, on_progress=on_build_progress
            )
            data = preview.to_json()
            if preview.status == "ok":
                more = " (more rows exist)" if preview.truncated else ""
                data["message"] = preview.message or f"preview: {len(preview.rows)} rows{more}"
                data["table"] = rows_table(preview.columns, data["rows"])
            else:
                data["message"] = preview.summary()
            return data
        if kind == "test":
            from cdisql.sources.connection_test import run_connection_test

            tested = run_connection_test(source, cancel=job.cancel)
            data = tested.to_json()
            failed = [c for c in tested.checks if not c.ok]
            data["message"] = (
                f"source {source.name} is active: {len(tested.tables)} tables visible"
                if tested.ok
                else "connection test failed: "
                + "; ".join(
                    f"{c.name}: {c.detail}" + (f" ({c.fix})" if c.fix else "") for c in failed
                )
            )
            data["status"] = "ok" if tested.ok else "error"
            return data
        from cdisql.sources.catalog_cache import refresh_catalog

        catalog = refresh_catalog(source)
        return {
            "status": "ok",
            "source": source.name,
            "tables": len(catalog),
            "message": f"catalog of {source.name} refreshed: {len(catalog)} tables",
        }

    limit_label = ""
    if kind == "build":
        try:
            from cdisql.sources.build import effective_max_runtime

            limit_label = f" (max {effective_max_runtime(source, max_runtime)})"
        except Exception:
            limit_label = ""
    progress.begin(f"{TITLES[kind]} on {source.name}{limit_label}", "starting")
    # the worker finishes the job: a server stopping mid-build waits for its cleanup
    outcome = await loop.run_in_executor(ls.job_pool, ls.jobs.run, job, lambda: _guarded(work))
    if job.cancel.is_set() and outcome.get("status") not in ("ok",):
        outcome.setdefault("status", "cancelled")
    message = str(outcome.get("message") or outcome.get("status"))
    progress.end(message)
    ok = outcome.get("status") == "ok"
    ls.message(message, lsp.MessageType.Info if ok else lsp.MessageType.Error)
    if kind in ("test", "refresh"):
        ls.reload_catalogs(lambda key: key[1] == source.name)
    outcome["elapsed_s"] = round(time.monotonic() - started, 3)
    return outcome


def _guarded(work: Any) -> dict[str, Any]:
    try:
        return dict(work())
    except Exception as error:  # a failure is the command's answer, never a dead server
        return {"status": "error", "message": f"{type(error).__name__}: {error}"}


def _build_message(result: Any) -> str:
    if result.status == "ok":
        where = f", ids in {result.output}" if result.output else ""
        return f"segment built: {result.members} users in {result.duration_s:.1f}s{where}"
    return f"build {result.status}"


def _default_output(uri: str) -> str:
    """Where an editor's build writes its ids when the client names no file: the data
    dir's ``exports/``, one CSV per build, named after the segment file."""
    from cdisql import paths
    from cdisql.lsp.server import _path_of

    path = _path_of(uri)
    stem = path.stem if path is not None else "segment"
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    return str(paths.data_dir() / "exports" / f"{stem}-{stamp}.csv")


def _history_diff(build_id: str) -> dict[str, Any] | None:
    """Who entered and left the segment since its previous build (``cdisql builds diff``)."""
    from cdisql.sources.history import find_build, membership_diff

    record = find_build(build_id)
    if record is None:
        return None
    diff = membership_diff(record)
    return {
        "previous": diff.previous.build_id if diff.previous else None,
        "previousMembers": diff.previous.members if diff.previous else None,
        "entered": len(diff.entered),
        "left": len(diff.left),
        "enteredSample": list(diff.entered[:5]),
        "leftSample": list(diff.left[:5]),
    }


def rows_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as a plain-text table with aligned columns (what an editor shows verbatim)."""
    cells = [[str(c) for c in columns]] + [
        ["NULL" if v is None else str(v).replace("\n", " ") for v in row] for row in rows
    ]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]

    def line(values: list[str]) -> str:
        return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])]) + "\n"
