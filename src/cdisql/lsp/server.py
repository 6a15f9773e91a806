"""The cdisql language server (pygls 2): handlers translate LSP <-> the core.

Every feature is a short handler: fetch the document and its configuration, call a
pure function of :mod:`cdisql.assist`, :mod:`cdisql.lint`, :mod:`cdisql.format` or
:mod:`cdisql.sources`, convert the result to lsprotocol types. No handler raises: a
failure is logged and answered with an empty result, so no document and no malformed
request can take the server down.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from cdisql import __version__
from cdisql.lsp import convert
from cdisql.lsp.documents import Document, Documents
from cdisql.lsp.jobs import JobRegistry
from cdisql.lsp.positions import Positions
from cdisql.lsp.protocol import CdisqlProtocol, cancel_pending, quiet_routine_cancels
from cdisql.lsp.settings import ClientSettings, parse_settings
from cdisql.lsp.state import (
    LOAD_FAILED,
    LOADING,
    CatalogState,
    DocumentConfig,
    Folder,
    catalog_key,
    load_catalog_state,
    next_version,
    overrides_of,
)

if TYPE_CHECKING:
    from cdisql.project.resolve import FolderPlan, Resolver

log = logging.getLogger("cdisql.lsp")

CMD_TEST = "cdisql.testConnection"
CMD_REFRESH = "cdisql.refreshCatalog"
CMD_PREVIEW = "cdisql.previewSegment"
CMD_BUILD = "cdisql.buildSegment"
CMD_STATUS = "cdisql.status"
CMD_SOURCES = "cdisql.listSources"
CMD_FIX_ALL = "cdisql.fixAll"
STATUS_NOTIFICATION = "cdisql/status"
CONFIG_FILES = ("cdisql.toml", "pyproject.toml")
JOB_CLEANUP_S = 60.0
"""At exit, how long running builds get to stop, drop their table and record history."""
CATALOG_WAIT_S = 120.0
"""How long a pull from a client that cannot be asked to pull again waits for a loading
catalog (a large one takes seconds, more on a busy machine), so its first answer has the
catalog rules."""
COLLECT_AFTER_CHARS = 20_000
"""Texts at least this long are followed by a full garbage collection once linted."""

F = TypeVar("F", bound=Callable[..., Any])


def _safe(default: Any = None) -> Callable[[F], F]:
    """Never let a handler raise: log and answer ``default``."""

    def wrap(fn: F) -> F:
        if asyncio.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                try:
                    return await fn(*args, **kwargs)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("%s failed", fn.__name__)
                    return default

            return run_async  # type: ignore[return-value]

        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception:
                log.exception("%s failed", fn.__name__)
                return default

        return run  # type: ignore[return-value]

    return wrap


@dataclass
class _LintSlot:
    running: bool = False
    again: bool = False
    published: int = -1


@dataclass(frozen=True)
class _Diagnostics:
    """What is kept of a lint result: the diagnostics (not the analysis and its trees)."""

    diagnostics: tuple[Any, ...]


@dataclass(frozen=True)
class _Linted:
    version: int
    key: tuple[Any, ...]
    text: str
    result: _Diagnostics | None
    """None when the file is excluded by the project settings."""


class CdisqlServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "cdisql",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            protocol_cls=CdisqlProtocol,
            max_workers=4,
        )
        self.init_settings = ClientSettings()
        self.folders: dict[str, Folder] = {}
        self.catalogs: dict[tuple[Any, ...], CatalogState] = {}
        self.catalog_args: dict[tuple[Any, ...], FolderPlan] = {}
        self.resolver = _resolver()
        self.doc_configs: dict[str, DocumentConfig] = {}
        self.lint_slots: dict[str, _LintSlot] = {}
        self.linted: dict[str, _Linted] = {}
        self.documents = Documents()
        self.jobs = JobRegistry()
        self.lint_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cdisql-lint")
        self.job_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="cdisql-job")
        self.shown: set[str] = set()
        self.pending_problems: list[str] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self._lint_tasks: set[asyncio.Future[None]] = set()
        self.lock = threading.Lock()

    # -- client facts ------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        try:
            value = self.server_capabilities.position_encoding
        except Exception:
            return "utf-16"
        if value is None:
            return "utf-16"
        return str(getattr(value, "value", value))

    def client_pulls_diagnostics(self) -> bool:
        try:
            caps = self.client_capabilities.text_document
        except Exception:
            return False
        return caps is not None and caps.diagnostic is not None

    def client_refreshes_diagnostics(self) -> bool:
        """The client pulls and can be asked to pull again (``workspace/diagnostic/refresh``)."""
        return self.client_pulls_diagnostics() and self.client_supports(
            "workspace", "diagnostics", "refresh_support"
        )

    def client_supports(self, *path: str) -> bool:
        node: Any = self.client_capabilities
        for part in path:
            node = getattr(node, part, None)
            if node is None:
                return False
        return bool(node)

    def markup(self, value: str, *formats_path: str) -> lsp.MarkupContent:
        """Markdown when the client renders it there, else plain text."""
        node: Any = self.client_capabilities
        for part in formats_path:
            node = getattr(node, part, None) if node is not None else None
        if node is None or lsp.MarkupKind.Markdown in node:
            return lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=value)
        return lsp.MarkupContent(kind=lsp.MarkupKind.PlainText, value=value)

    def report_server_error(self, error: Exception, source: Any) -> None:
        log.error("server error: %s", error)

    # -- messages ------------------------------------------------------------------------
    def message(self, text: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        try:
            self.window_show_message(lsp.ShowMessageParams(type=kind, message=f"cdisql: {text}"))
        except Exception:
            log.exception("cannot show a message")

    def message_once(self, text: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        if text not in self.shown:
            self.shown.add(text)
            self.message(text, kind)

    def notify_status(self) -> None:
        try:
            self.protocol.notify(STATUS_NOTIFICATION, self.status())
        except Exception:
            log.exception("cannot send the status")

    def status(self) -> dict[str, Any]:
        folders = []
        for folder in self.folders.values():
            # the folder's own cdisql.toml counts, as it does for its documents
            plan = self.resolver.plan(
                folder.path or Path.cwd(), overrides_of(folder.settings, folder.path)
            )
            state = self._catalog_for_plan(plan)
            folders.append({"folder": folder.uri, **state.status()})
        return {"folders": folders, "jobs": self.jobs.running()}

    # -- configuration -------------------------------------------------------------------
    def folder_for(self, uri: str) -> Folder:
        best: Folder | None = None
        for folder in self.folders.values():
            if uri.startswith(folder.uri.rstrip("/") + "/") and (
                best is None or len(folder.uri) > len(best.uri)
            ):
                best = folder
        if best is not None:
            return best
        if "" not in self.folders:
            self.folders[""] = Folder("", None, self.init_settings)
        return self.folders[""]

    def _catalog_for_plan(self, plan: FolderPlan) -> CatalogState:
        key = catalog_key(plan)
        state = self.catalogs.get(key)
        if state is None:
            if plan.catalog is None:
                state = load_catalog_state(self.resolver, plan)  # nothing to read: instant
            else:
                state = CatalogState(LOADING, next_version())
                self.catalog_args[key] = plan
                self._load_catalog(key, plan)
            self.catalogs[key] = state
        return state

    def _load_catalog(self, key: tuple[Any, ...], plan: FolderPlan) -> None:
        def done(state: CatalogState) -> None:
            previous = self.catalogs.get(key)
            if state.state == LOAD_FAILED and previous is not None and previous.catalog is not None:
                # keep completing with the last good catalog, and say what failed
                state = replace(previous, version=next_version(), message=state.message)
            self.catalogs[key] = state
            if state.message:
                self.message_once(state.message)
            self.config_changed()

        def load() -> None:
            state = load_catalog_state(self.resolver, plan)
            # a loaded catalog is long-lived: collect the load's garbage, then keep the
            # catalog out of every later collection (it holds no cycles; refcounting
            # still frees it when it is replaced)
            _freeze_long_lived()
            self._call_soon(done, state)

        self.job_pool.submit(load)

    def _call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(fn, *args)

    def document(self, uri: str) -> Document:
        """``uri``'s open document, else the file on disk (version 0) if it is a regular
        file under the segment size cap (not a FIFO read forever, nor all of /dev/zero).
        Raises ``OSError`` (the handler logs it) otherwise."""
        doc = self.documents.get(uri)
        if doc is not None:
            return doc
        from cdisql.fileio import read_regular_text
        from cdisql.limits import MAX_SEGMENT_BYTES

        path = to_fs_path(uri)
        if path is None:
            return Document(uri, "", 0)
        return Document(uri, read_regular_text(path, limit=MAX_SEGMENT_BYTES, what="a segment"), 0)

    def document_text(self, uri: str) -> str:
        """The text of ``uri``, as :meth:`document` finds it."""
        return self.document(uri).text

    def doc_config(self, uri: str) -> DocumentConfig:
        cached = self.doc_configs.get(uri)
        if cached is not None and cached.catalog.state != LOADING:
            return cached
        folder = self.folder_for(uri)
        path = _path_of(uri)
        plan = self.resolver.plan(
            path.parent if path is not None else (folder.path or Path.cwd()),
            overrides_of(folder.settings, folder.path),
        )
        for notice in plan.notices:
            self.message_once(notice)
        state = self._catalog_for_plan(plan)
        context = plan.context(path, state.catalog)
        on_change = folder.settings.lint_on_change
        config = DocumentConfig(
            warehouse=context.warehouse,
            lint=context.settings,
            lint_on_change=True if on_change is None else on_change,
            max_runtime=folder.settings.max_runtime,
            source_name=context.source_name,
            catalog=state,
            excluded=context.excluded,
        )
        self.doc_configs[uri] = config
        return config

    async def catalog_settled(self, uri: str, timeout: float = CATALOG_WAIT_S) -> DocumentConfig:
        """The document's configuration once its catalog is no longer loading (or after
        ``timeout`` seconds). A pull waiting here is cancelled as usual by the client's
        next one (Neovim cancels a buffer's pending pull when it sends another)."""
        deadline = asyncio.get_running_loop().time() + timeout
        config = self.doc_config(uri)
        while config.catalog.state == LOADING and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
            config = self.doc_config(uri)
        return config

    def reload_catalogs(self, which: Callable[[tuple[Any, ...]], bool]) -> None:
        """Reload the catalogs whose key matches; features keep the old one meanwhile."""
        for key, plan in list(self.catalog_args.items()):
            if which(key):
                self._load_catalog(key, plan)
        undecided = [k for k in self.catalogs if k[0] is None and which(k)]
        for key in undecided:
            del self.catalogs[key]
        if undecided:  # a source without a cached catalog may have one now: decide again
            self.config_changed()

    def config_changed(self) -> None:
        """Settings, a project file or a catalog changed: recompute and re-lint."""
        self.resolver.forget_plans()
        self.doc_configs.clear()
        self.linted.clear()
        for uri in list(self.documents):
            self.schedule_lint(uri)
        if self.client_refreshes_diagnostics():
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:
                log.debug("client refused diagnostic refresh")
        self.notify_status()

    async def refresh_settings(self) -> None:
        """Ask the client for the ``cdisql`` section of each folder (when it can answer)."""
        folders = [f for f in self.folders.values() if f.uri]
        if not self.client_supports("workspace", "configuration"):
            for folder in self.folders.values():
                folder.settings = self.init_settings
            return
        items = [lsp.ConfigurationItem(scope_uri=f.uri, section="cdisql") for f in folders]
        items.append(lsp.ConfigurationItem(section="cdisql"))
        try:
            answers = await asyncio.wait_for(
                self.workspace_configuration_async(lsp.ConfigurationParams(items=items)), 10
            )
        except Exception as error:
            log.warning("workspace/configuration failed: %s", error)
            return
        answers = list(answers or [])
        global_settings = self.init_settings
        if len(answers) == len(items):
            parsed, problems = parse_settings(answers[-1], origin="settings")
            for problem in problems:
                self.message_once(problem)
            global_settings = parsed.over(self.init_settings)
        for folder, answer in zip(folders, answers, strict=False):
            parsed, problems = parse_settings(answer, origin=f"settings of {folder.uri}")
            for problem in problems:
                self.message_once(problem)
            folder.settings = parsed.over(global_settings)
        if "" in self.folders:
            self.folders[""].settings = global_settings

    # -- linting -------------------------------------------------------------------------
    def schedule_lint(self, uri: str) -> None:
        """Lint the latest version soon; while a lint runs, later edits coalesce into one."""
        slot = self.lint_slots.setdefault(uri, _LintSlot())
        if slot.running:
            slot.again = True
            return
        slot.running = True
        task = asyncio.ensure_future(self._lint_loop(uri, slot))
        self._lint_tasks.add(task)
        task.add_done_callback(self._lint_tasks.discard)

    async def _lint_loop(self, uri: str, slot: _LintSlot) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                slot.again = False
                doc = self.documents.get(uri)
                if doc is None:
                    return
                version, text = doc.version, doc.text
                config = self.doc_config(uri)
                linted = await loop.run_in_executor(
                    self.lint_pool, self._lint_now, uri, version, text, config
                )
                # let edits that arrived while linting be read first: they make this
                # result stale, and a stale result is not worth publishing
                await asyncio.sleep(0)
                await asyncio.sleep(0)
                current = self.documents.get(uri)
                if current is None:
                    return
                if slot.again or current.version != version:
                    continue  # newer text arrived: its lint supersedes this one
                if linted is not None and version >= slot.published:
                    slot.published = version
                    if not self.client_pulls_diagnostics():
                        self._publish(uri, version, text, linted, config)
                if not slot.again:
                    return
        except Exception:
            log.exception("linting %s failed", uri)
        finally:
            slot.running = False

    def _lint_now(
        self, uri: str, version: int, text: str, config: DocumentConfig
    ) -> _Linted | None:
        from cdisql.lint import lint_text

        key = (config.catalog.version, id(config))
        cached = self.linted.get(uri)
        if cached is not None and cached.version == version and cached.key == key:
            return cached
        if config.excluded:
            result = None
        else:
            result = _Diagnostics(
                lint_text(
                    text, config.warehouse, catalog=config.catalog.catalog, settings=config.lint
                ).diagnostics
            )
            if len(text) >= COLLECT_AFTER_CHARS:
                # the analysis of a large text is one big reference cycle (sqlglot nodes
                # point to their parents, scopes to their children): free it now, not
                # once several versions' trees have piled up and raised the process's
                # memory for good
                gc.collect()
        linted = _Linted(version, key, text, result)
        self.linted[uri] = linted
        return linted

    def _publish(
        self, uri: str, version: int, text: str, linted: _Linted, config: DocumentConfig
    ) -> None:
        items = self.lsp_diagnostics(uri, text, linted)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version)
        )

    def lsp_diagnostics(self, uri: str, text: str, linted: _Linted) -> list[lsp.Diagnostic]:
        if linted.result is None:
            return []
        pos = Positions(text, self.encoding)
        return [convert.diagnostic(uri, pos, d) for d in linted.result.diagnostics]

    def lint_sync(self, uri: str) -> _Linted | None:
        """The lint result of the document's current version (computed when missing)."""
        doc = self.document(uri)
        return self._lint_now(uri, doc.version, doc.text, self.doc_config(uri))


def _resolver() -> Resolver:
    """The server's resolver: it notices changed settings files, catalogs and sources,
    says a problem instead of raising it, and reads a large catalog in a child process."""
    from cdisql.assist.catalog_loader import load_catalog_compact
    from cdisql.project.resolve import Resolver

    return Resolver(
        load_catalog=lambda path, warehouse: load_catalog_compact(path, warehouse=warehouse),
        watch=True,
        strict=False,
    )


def _path_of(uri: str) -> Path | None:
    try:
        path = to_fs_path(uri)
    except Exception:
        return None
    return Path(path) if path and uri.startswith("file:") else None


SERVER = CdisqlServer()


def _doc(ls: CdisqlServer, uri: str) -> tuple[str, Positions]:
    text = ls.document_text(uri)
    return text, Positions(text, ls.encoding)


# -- lifecycle ---------------------------------------------------------------------------------
@SERVER.feature(lsp.INITIALIZE)
@_safe()
def initialize(ls: CdisqlServer, params: lsp.InitializeParams) -> None:
    settings, problems = parse_settings(
        params.initialization_options, origin="initializationOptions"
    )
    ls.init_settings = settings
    ls.loop = asyncio.get_event_loop()
    # the client cannot show messages before `initialized`: queue them
    ls.pending_problems.extend(problems)
    folders = params.workspace_folders or []
    if not folders and params.root_uri:
        folders = [lsp.WorkspaceFolder(uri=params.root_uri, name="root")]
    for folder in folders:
        ls.folders[folder.uri] = Folder(folder.uri, _path_of(folder.uri), settings)


@SERVER.feature(lsp.INITIALIZED)
@_safe()
async def initialized(ls: CdisqlServer, params: lsp.InitializedParams) -> None:
    for problem in ls.pending_problems:
        ls.message_once(problem)
    ls.pending_problems.clear()
    if ls.client_supports("workspace", "did_change_watched_files", "dynamic_registration"):
        watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
        watchers.append(lsp.FileSystemWatcher(glob_pattern="**/*.json"))
        try:
            await ls.client_register_capability_async(
                lsp.RegistrationParams(
                    registrations=[
                        lsp.Registration(
                            id="cdisql-config-files",
                            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                                watchers=watchers
                            ),
                        )
                    ]
                )
            )
        except Exception as error:
            log.info("file watching not registered: %s", error)
    await ls.refresh_settings()
    ls.config_changed()


@SERVER.feature(lsp.SHUTDOWN)
@_safe()
def shutdown(ls: CdisqlServer, *args: Any) -> None:
    # running builds stop now (and drop their temporary table) instead of holding the exit
    ls.jobs.cancel_all()
    cancel_pending(ls.protocol)


@SERVER.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
@_safe()
async def did_change_configuration(
    ls: CdisqlServer, params: lsp.DidChangeConfigurationParams
) -> None:
    settings = params.settings
    if (
        isinstance(settings, dict)
        and "cdisql" in settings
        and not ls.client_supports("workspace", "configuration")
    ):
        parsed, problems = parse_settings(settings["cdisql"], origin="settings")
        for problem in problems:
            ls.message(problem)
        for folder in ls.folders.values():
            folder.settings = parsed.over(ls.init_settings)
    else:
        ls.shown.clear()
        await ls.refresh_settings()
    ls.config_changed()


@SERVER.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
@_safe()
async def did_change_folders(ls: CdisqlServer, params: lsp.DidChangeWorkspaceFoldersParams) -> None:
    for removed in params.event.removed:
        ls.folders.pop(removed.uri, None)
    for added in params.event.added:
        ls.folders[added.uri] = Folder(added.uri, _path_of(added.uri), ls.init_settings)
    await ls.refresh_settings()
    ls.config_changed()


@SERVER.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@_safe()
def did_change_watched_files(ls: CdisqlServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    names = {Path(_path_of(c.uri) or "x").name for c in params.changes}
    catalogs = {str(_path_of(c.uri)) for c in params.changes}
    ls.reload_catalogs(lambda key: key[0] in catalogs)
    if names & set(CONFIG_FILES):
        ls.shown.clear()
        ls.config_changed()


# -- documents ---------------------------------------------------------------------------------
@SERVER.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
@_safe()
def did_open(ls: CdisqlServer, params: lsp.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    ls.documents.open(item.uri, item.text, item.version)
    ls.schedule_lint(item.uri)


@SERVER.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
@_safe()
def did_change(ls: CdisqlServer, params: lsp.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.documents.change(uri, params.text_document.version, params.content_changes, ls.encoding)
    if ls.doc_config(uri).lint_on_change:
        ls.schedule_lint(uri)


@SERVER.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
@_safe()
def did_save(ls: CdisqlServer, params: lsp.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if Path(_path_of(uri) or "x").name in CONFIG_FILES:
        ls.shown.clear()
        ls.config_changed()
        return
    ls.schedule_lint(uri)


@SERVER.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
@_safe()
def did_close(ls: CdisqlServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.documents.close(uri)
    ls.linted.pop(uri, None)
    ls.doc_configs.pop(uri, None)
    ls.lint_slots.pop(uri, None)
    if not ls.client_pulls_diagnostics():
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@SERVER.feature(
    lsp.TEXT_DOCUMENT_DIAGNOSTIC,
    lsp.DiagnosticOptions(
        identifier="cdisql", inter_file_dependencies=False, workspace_diagnostics=False
    ),
)
@_safe()
async def pull_diagnostics(
    ls: CdisqlServer, params: lsp.DocumentDiagnosticParams
) -> lsp.DocumentDiagnosticReport:
    uri = params.text_document.uri
    doc = ls.document(uri)
    version, text = doc.version, doc.text
    config = ls.doc_config(uri)
    if config.catalog.state == LOADING and not ls.client_refreshes_diagnostics():
        # a client that cannot be told to pull again would keep the catalog-less result
        # (Neovim 0.10-0.12): answer once the catalog is loaded
        config = await ls.catalog_settled(uri)
    result_id = f"{version}.{config.catalog.version}"
    if params.previous_result_id == result_id:
        return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    loop = asyncio.get_running_loop()
    linted = await loop.run_in_executor(ls.lint_pool, ls._lint_now, uri, version, text, config)
    items = ls.lsp_diagnostics(uri, text, linted) if linted is not None else []
    return lsp.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)


# -- completion, hover, signature help -------------------------------------------------------
@SERVER.feature(
    lsp.TEXT_DOCUMENT_COMPLETION,
    lsp.CompletionOptions(trigger_characters=[".", " ", '"', "`"], resolve_provider=True),
)
@_safe()
def completion(ls: CdisqlServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    from cdisql.assist import complete

    uri = params.text_document.uri
    text, pos = _doc(ls, uri)
    config = ls.doc_config(uri)
    offset = pos.offset(params.position)
    found = complete(text, offset, config.warehouse, config.catalog.index)
    if (
        config.catalog.state == LOAD_FAILED
        and config.catalog.message
        and found.context
        in (
            "table",
            "qualified",
        )
    ):
        ls.message_once(f"completion without a catalog: {config.catalog.message}")
    replace_range = pos.range(found.start, offset)
    items = []
    for i, c in enumerate(found.candidates):
        items.append(
            lsp.CompletionItem(
                label=c.label,
                kind=convert.COMPLETION_KINDS.get(c.kind),
                detail=c.detail or None,
                sort_text=f"{c.sort_group}{i:05d}",
                text_edit=lsp.TextEdit(range=replace_range, new_text=c.insert_text),
                insert_text_format=lsp.InsertTextFormat.Snippet
                if c.snippet
                else lsp.InsertTextFormat.PlainText,
                data={"uri": uri, "ref": list(c.data)} if c.data else None,
            )
        )
    return lsp.CompletionList(is_incomplete=found.incomplete, items=items)


@SERVER.feature(lsp.COMPLETION_ITEM_RESOLVE)
@_safe()
def completion_resolve(ls: CdisqlServer, item: lsp.CompletionItem) -> lsp.CompletionItem:
    from cdisql.assist import describe_ref

    data = item.data if isinstance(item.data, dict) else {}
    ref = data.get("ref")
    uri = data.get("uri")
    if not isinstance(ref, list) or not all(isinstance(r, str) for r in ref):
        return item
    index = ls.doc_config(uri).catalog.index if isinstance(uri, str) else None
    doc = describe_ref(ref, index)
    if doc:
        item.documentation = ls.markup(
            doc, "text_document", "completion", "completion_item", "documentation_format"
        )
    return item


@SERVER.feature(lsp.TEXT_DOCUMENT_HOVER)
@_safe()
def hover(ls: CdisqlServer, params: lsp.HoverParams) -> lsp.Hover | None:
    from cdisql.assist import hover as hover_at

    uri = params.text_document.uri
    text, pos = _doc(ls, uri)
    config = ls.doc_config(uri)
    linted = ls.linted.get(uri)
    diagnostics = (
        linted.result.diagnostics if linted and linted.result and linted.text == text else ()
    )
    found = hover_at(
        text, pos.offset(params.position), config.warehouse, config.catalog.index, diagnostics
    )
    if found is None:
        return None
    return lsp.Hover(
        contents=ls.markup(found.markdown, "text_document", "hover", "content_format"),
        range=pos.range(found.start, found.end),
    )


@SERVER.feature(
    lsp.TEXT_DOCUMENT_SIGNATURE_HELP,
    lsp.SignatureHelpOptions(trigger_characters=["(", ","], retrigger_characters=[","]),
)
@_safe()
def signature_help(ls: CdisqlServer, params: lsp.SignatureHelpParams) -> lsp.SignatureHelp | None:
    from cdisql.assist import signature_help as help_at

    uri = params.text_document.uri
    text, pos = _doc(ls, uri)
    found = help_at(text, pos.offset(params.position), ls.doc_config(uri).warehouse)
    if found is None:
        return None
    sig = found.signature
    return lsp.SignatureHelp(
        signatures=[
            lsp.SignatureInformation(
                label=sig.label,
                documentation=sig.summary or None,
                parameters=[lsp.ParameterInformation(label=p) for p in sig.parameters],
            )
        ],
        active_signature=0,
        active_parameter=found.active_parameter,
    )


# -- navigation ------------------------------------------------------------------------------------
def _symbol(ls: CdisqlServer, uri: str, position: lsp.Position) -> tuple[Any, Positions] | None:
    from cdisql.assist import symbol_at

    text, pos = _doc(ls, uri)
    found = symbol_at(text, pos.offset(position), ls.doc_config(uri).warehouse)
    return (found, pos) if found is not None else None


@SERVER.feature(lsp.TEXT_DOCUMENT_DEFINITION)
@_safe()
def definition(ls: CdisqlServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
    found = _symbol(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    sym, pos = found
    return [
        lsp.Location(
            uri=params.text_document.uri, range=pos.range(sym.definition.start, sym.definition.end)
        )
    ]


@SERVER.feature(lsp.TEXT_DOCUMENT_REFERENCES)
@_safe()
def references(ls: CdisqlServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    found = _symbol(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    sym, pos = found
    spans = list(sym.references)
    if params.context.include_declaration:
        spans.insert(0, sym.definition)
    uri = params.text_document.uri
    return [lsp.Location(uri=uri, range=pos.range(s.start, s.end)) for s in spans]


@SERVER.feature(lsp.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
@_safe()
def highlight(
    ls: CdisqlServer, params: lsp.DocumentHighlightParams
) -> list[lsp.DocumentHighlight] | None:
    found = _symbol(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    sym, pos = found
    out = [
        lsp.DocumentHighlight(
            range=pos.range(sym.definition.start, sym.definition.end),
            kind=lsp.DocumentHighlightKind.Write,
        )
    ]
    out += [
        lsp.DocumentHighlight(range=pos.range(s.start, s.end), kind=lsp.DocumentHighlightKind.Read)
        for s in sym.references
    ]
    return out


@SERVER.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@_safe()
def document_symbols(
    ls: CdisqlServer, params: lsp.DocumentSymbolParams
) -> list[lsp.DocumentSymbol] | None:
    from cdisql.assist import document_symbols as symbols_of

    uri = params.text_document.uri
    text, pos = _doc(ls, uri)

    def convert_symbol(s: Any) -> lsp.DocumentSymbol:
        return lsp.DocumentSymbol(
            name=s.name,
            kind=convert.SYMBOL_KINDS.get(s.kind, lsp.SymbolKind.Object),
            range=pos.range(s.start, s.end),
            selection_range=pos.range(s.selection_start, s.selection_end),
            detail=s.detail or None,
            children=[convert_symbol(c) for c in s.children] or None,
        )

    return [convert_symbol(s) for s in symbols_of(text, ls.doc_config(uri).warehouse)]


# -- code actions -----------------------------------------------------------------------------------
@SERVER.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll],
    ),
)
@_safe()
def code_actions(ls: CdisqlServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    from cdisql.lsp.actions import actions_for

    return actions_for(ls, params)


@SERVER.feature(lsp.TEXT_DOCUMENT_FORMATTING)
@_safe()
def formatting(ls: CdisqlServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
    from cdisql.lsp.actions import format_edits

    return format_edits(ls, params.text_document.uri, None)


@SERVER.feature(lsp.TEXT_DOCUMENT_RANGE_FORMATTING)
@_safe()
def range_formatting(
    ls: CdisqlServer, params: lsp.DocumentRangeFormattingParams
) -> list[lsp.TextEdit] | None:
    from cdisql.lsp.actions import format_edits

    return format_edits(ls, params.text_document.uri, params.range)


@SERVER.feature(lsp.TEXT_DOCUMENT_CODE_LENS)
@_safe()
def code_lens(ls: CdisqlServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens] | None:
    from cdisql.lsp.actions import lenses_for

    return lenses_for(ls, params.text_document.uri)


# -- commands ---------------------------------------------------------------------------------------
@SERVER.command(CMD_STATUS)
@_safe()
def status_command(ls: CdisqlServer, *args: Any) -> dict[str, Any]:
    ls.notify_status()
    return ls.status()


@SERVER.command(CMD_SOURCES)
@_safe()
def sources_command(ls: CdisqlServer, *args: Any) -> dict[str, Any]:
    from cdisql.sources.store import load_sources

    listed = [
        {"name": s.name, "type": s.type, "schema": s.schema, "state": s.state.value}
        for s in load_sources().values()
    ]
    return {"sources": listed}


@SERVER.command(CMD_FIX_ALL)
@_safe()
def fix_all_command(ls: CdisqlServer, *args: Any) -> dict[str, Any]:
    from cdisql.lsp.actions import apply_fix_all

    return apply_fix_all(ls, args)


def _source_command(name: str, kind: str) -> None:
    """Register one long-running source command; :mod:`cdisql.lsp.commands` runs it."""

    async def handler(ls: CdisqlServer, *args: Any) -> Any:
        from cdisql.lsp.commands import run_command

        return await run_command(ls, kind, args)

    handler.__name__ = f"{kind}_command"
    SERVER.command(name)(_safe()(handler))


for _name, _kind in (
    (CMD_TEST, "test"),
    (CMD_REFRESH, "refresh"),
    (CMD_PREVIEW, "preview"),
    (CMD_BUILD, "build"),
):
    _source_command(_name, _kind)


@SERVER.feature(lsp.WINDOW_WORK_DONE_PROGRESS_CANCEL)
@_safe()
def progress_cancel(ls: CdisqlServer, params: lsp.WorkDoneProgressCancelParams) -> None:
    ls.jobs.cancel_token(params.token)


def _settle_memory() -> None:
    """Import what every lint needs now, then move it out of the collector's sight.

    Full collections otherwise walk every module, sqlglot table and catalog object
    each time linting a large file triggers one: that showed as tens of milliseconds
    of jitter per edit.
    """
    import cdisql.lint.rules  # noqa: F401  (registers the rules)
    from cdisql.assist.functions import function_names, keywords

    function_names("duckdb")
    keywords("duckdb")
    _freeze_long_lived()


def _freeze_long_lived() -> None:
    """Collect, then move every object alive now out of the collector's sight.

    The second, almost free, collection matters: CPython runs a full collection only
    once the objects waiting for one exceed a quarter of those the previous full
    collection kept. Left at the count before the freeze (hundreds of thousands with
    a large catalog), that threshold let the garbage trees of several lints of a
    large file pile up (each is a reference cycle, freed only by a full collection),
    and the process kept the memory of the pile.
    """
    gc.collect()
    gc.freeze()
    gc.collect()


def start(*, tcp: tuple[str, int] | None = None) -> None:
    """Run the server on stdio (or TCP) until the client disconnects."""
    import faulthandler
    import signal

    if hasattr(signal, "SIGUSR1"):  # `kill -USR1 PID` prints every thread's stack to stderr
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    _settle_memory()
    from cdisql.logs import configure

    configure()  # stderr, every record scrubbed of secrets; drivers at WARNING
    quiet_routine_cancels()
    stopped_by: int | None = None
    try:
        from cdisql.lsp.framing import serve_stdio, serve_tcp

        if tcp is not None:
            stopped_by = serve_tcp(SERVER, *tcp, on_signal=SERVER.jobs.cancel_all)
        else:
            stopped_by = serve_stdio(SERVER, on_signal=SERVER.jobs.cancel_all)
    finally:
        # the client went away or SIGTERM/SIGHUP came: stop builds and let them clean up
        # (drop the table, record the history) before the process ends
        SERVER.jobs.cancel_all()
        if not SERVER.jobs.wait_idle(JOB_CLEANUP_S):
            log.error("jobs still running at exit: %s", ", ".join(SERVER.jobs.running()))
    SERVER.lint_pool.shutdown(wait=False, cancel_futures=True)
    SERVER.job_pool.shutdown(wait=False, cancel_futures=True)
    if stopped_by is not None:
        from cdisql.signals import exit_code_for

        raise SystemExit(exit_code_for(stopped_by))
