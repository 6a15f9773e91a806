"""Lint many files: find them, settle each file's settings, use the cache, fan out.

The CLI's ``cdisql lint`` is a thin face over :func:`run_lint`. For every file the
settings come from the nearest ``cdisql.toml`` / ``[tool.cdisql]`` with command-line
values on top; results come from the content-hash cache when nothing changed, and
large sets of files are linted by worker processes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdisql.lint.settings import LintSettings
from cdisql.project.config import ProjectConfig
from cdisql.project.resolve import FileContext, Overrides, Resolver, RunError

if TYPE_CHECKING:
    from cdisql.catalog import Catalog
    from cdisql.report.model import FileReport

STDIN = "-"
SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "site-packages",
    }
)
PARALLEL_THRESHOLD = 24
"""Below this many files to lint, one process is faster than starting workers."""
_BOM = "\ufeff"


@dataclass(frozen=True)
class LintOptions:
    """Command-line values; None means "take it from the settings file"."""

    dialect: str | None = None
    catalog: Path | None = None
    source: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    use_cache: bool = True
    stdin_filename: str | None = None
    jobs: int | None = None
    """Worker processes; None picks from the CPU count and the number of files."""


@dataclass
class RunResult:
    reports: list[FileReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """File problems (missing, unreadable, not UTF-8): the run exits with 2."""
    notices: list[str] = field(default_factory=list)
    """Things worth saying on stderr that do not fail the run."""
    fixed_stdin: str | None = None
    """With ``--fix`` on ``-``: the fixed text, for stdout."""
    cache_hits: int = 0
    inputs: list[str] = field(default_factory=list)
    """Every path the result depends on (files, folders searched, settings files looked
    for, catalogs), for :mod:`cdisql.project.replay`."""
    replayable: bool = True
    """False when the result depends on more than :attr:`inputs` (stdin, a source)."""


class _Job:
    """One text to lint and what came of it (a plain class: a dataclass costs ~1 ms to
    create at import, a tenth of what ``cdisql lint one.sql`` adds to sqlglot's import)."""

    __slots__ = (
        "bom",
        "catalog_key",
        "dialect",
        "display",
        "fixed",
        "fixed_text",
        "key",
        "path",
        "records",
        "settings",
        "stdin",
        "text",
    )

    def __init__(
        self,
        display: str,
        path: Path | None,
        text: str,
        bom: bool,
        dialect: str,
        settings: LintSettings,
        catalog_key: str | None,
    ) -> None:
        self.display = display
        self.path = path
        self.text = text
        self.bom = bom
        self.dialect = dialect
        self.settings = settings
        self.catalog_key = catalog_key
        self.stdin = False
        self.key = ""
        self.records: list[dict[str, Any]] | None = None
        self.fixed_text: str | None = None
        self.fixed = 0


# -- files -------------------------------------------------------------------------------
def iter_sql_files(folder: Path, config_for: Any) -> Iterator[Path]:
    """``*.sql`` files below ``folder``, sorted, skipping excluded and tool folders."""
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        config: ProjectConfig = config_for(here)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIPPED_FOLDERS
            and not d.startswith(".")
            and not config.is_excluded(here / d, is_dir=True)
        )
        for name in sorted(filenames):
            if name.lower().endswith(".sql"):
                path = here / name
                if not config.is_excluded(path):
                    yield path


def display_name(path: Path) -> str:
    """``path`` as the user should read it: relative to the current folder when inside."""
    name = str(path)
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            name = str(path.relative_to(Path.cwd()))
    if not name.isascii():  # a file name that is not UTF-8 decodes with surrogates
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return name


def read_sql(path: Path) -> str:
    from cdisql.fileio import read_regular_bytes
    from cdisql.limits import MAX_SEGMENT_BYTES

    try:
        data = read_regular_bytes(path, limit=MAX_SEGMENT_BYTES, what="a SQL file")
    except FileNotFoundError:
        raise RunError(f"{path}: no such file or folder") from None
    except IsADirectoryError:
        raise RunError(f"{path}: is a folder") from None
    except OSError as error:
        raise RunError(f"{path}: cannot read: {error.strerror or error}") from None
    return decode_sql(data, str(path))


def decode_sql(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RunError(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); save the file as UTF-8"
        ) from None


# -- the run -----------------------------------------------------------------------------
class _Settings:
    """The run's :class:`~cdisql.project.resolve.Resolver`, and lint settings per folder."""

    def __init__(self, options: LintOptions, result: RunResult) -> None:
        self.result = result
        self.overrides = Overrides(
            dialect=options.dialect,
            catalog=options.catalog,
            source=options.source,
            select=options.select,
            ignore=options.ignore,
        )
        self.resolver = Resolver()
        self._contexts: dict[Path, FileContext] = {}
        self._catalogs: dict[str | None, tuple[Catalog | None, str | None]] = {None: (None, None)}

    def config_for(self, folder: Path) -> ProjectConfig:
        return self.resolver.config_for(folder)

    def context(self, path: Path | None) -> FileContext:
        """The file's context; computed once per folder unless per-file-ignores apply."""
        folder = path.parent if path is not None else Path.cwd().absolute()
        found = self._contexts.get(folder)
        if found is None or (found.config.lint.per_file_ignores and path is not None):
            found = self.resolver.resolve(path, self.overrides)
            if not found.config.lint.per_file_ignores:
                self._contexts[folder] = found
            for notice in found.notices:
                if notice not in self.result.notices:
                    self.result.notices.append(notice)
        return found

    def job(self, display: str, path: Path | None, text: str) -> _Job:
        bom = text.startswith(_BOM)
        if bom:
            text = text[1:]
        context = self.context(path)
        key: str | None = None
        if context.catalog is not None:
            # one key per catalog read (workers receive each catalog once)
            key = f"{context.catalog_origin}#{id(context.catalog)}"
            self._catalogs.setdefault(key, (context.catalog, context.catalog_hash))
        return _Job(display, path, text, bom, context.warehouse.kind, context.settings, key)

    def catalog_by_key(self, key: str | None) -> Catalog | None:
        return self._catalogs[key][0]

    def catalog_hash(self, key: str | None) -> str | None:
        return self._catalogs[key][1]

    def has_sources(self) -> bool:
        return self.resolver.uses_sources()

    def inputs(self) -> list[str]:
        return self.resolver.inputs()


def run_lint(
    targets: Sequence[str], options: LintOptions, *, stdin_text: str | None = None
) -> RunResult:
    """Lint ``targets`` (files, folders, ``-`` for stdin). Raises :class:`RunError` on
    settings problems; file problems are collected in :attr:`RunResult.errors`."""
    with _quiet_gc():
        return _run_lint(targets, options, stdin_text)


@contextlib.contextmanager
def _quiet_gc() -> Iterator[None]:
    from cdisql.project import quietgc

    if not quietgc.quiet():
        yield  # someone else manages the collector
        return
    try:
        yield
    finally:
        quietgc.restore()


def _settle_gc() -> None:
    from cdisql.project.quietgc import settle

    settle()


def _run_lint(targets: Sequence[str], options: LintOptions, stdin_text: str | None) -> RunResult:
    result = RunResult()
    settings = _Settings(options, result)
    jobs: list[_Job] = []
    seen: set[Path] = set()
    for target in targets or (".",):
        if target == STDIN:
            text = stdin_text if stdin_text is not None else _read_stdin()
            name = options.stdin_filename
            path = Path(name).absolute() if name else None
            job = settings.job(name or STDIN, path, text)
            job.stdin = True
            result.replayable = False
            jobs.append(job)
            continue
        path = Path(target)
        result.inputs.append(str(path.absolute()))
        if path.is_dir():
            files = list(iter_sql_files(path, settings.config_for))
        elif path.exists() or path.is_symlink():
            if settings.config_for(path.absolute().parent).is_excluded(path):
                continue
            files = [path]
        else:
            result.errors.append(f"{target}: no such file or folder")
            continue
        for file in files:
            resolved = file.absolute()
            if resolved in seen:
                continue
            seen.add(resolved)
            try:
                text = read_sql(file)
            except RunError as error:
                result.errors.append(str(error))
                continue
            jobs.append(settings.job(display_name(file), resolved, text))
            result.inputs.append(str(resolved))
    _lint_jobs(jobs, settings, options, result)
    if options.use_cache and result.replayable and not settings.has_sources():
        result.inputs.extend(settings.inputs())
    else:
        result.replayable = False
    return result


def _read_stdin() -> str:
    from cdisql.fileio import read_stdin_bytes
    from cdisql.limits import MAX_SEGMENT_BYTES

    try:
        data = read_stdin_bytes(limit=MAX_SEGMENT_BYTES, what="a SQL file")
    except OSError as error:
        raise RunError(f"<stdin>: {error.strerror or error}") from None
    return decode_sql(data, "<stdin>")


def _lint_jobs(
    jobs: list[_Job], settings: _Settings, options: LintOptions, result: RunResult
) -> None:
    from cdisql.project.records import records_to_diagnostics
    from cdisql.report.model import FileReport

    cache = None
    if options.use_cache:
        from cdisql.project.cache import LintCache, cache_key

        cache = LintCache(Path.cwd().absolute())
    todo: list[_Job] = []
    for job in jobs:
        if cache is not None:
            job.key = cache_key(
                job.text, job.dialect, job.settings, settings.catalog_hash(job.catalog_key)
            )
            job.records = cache.get(job.key)
            if job.records is not None:
                result.cache_hits += 1
                if not (options.fix and _has_fix(job.records, options.unsafe_fixes)):
                    continue
        todo.append(job)
    if todo:
        tasks = [
            (
                job.text,
                job.dialect,
                job.settings,
                job.catalog_key,
                options.fix,
                options.unsafe_fixes,
            )
            for job in todo
        ]
        catalogs = {key: settings.catalog_by_key(key) for key in {j.catalog_key for j in todo}}
        for job, (records, fixed_text, fixed) in zip(
            todo, _execute(tasks, catalogs, options.jobs), strict=True
        ):
            job.records = records
            if fixed_text is not None and fixed_text != job.text:
                job.fixed_text, job.fixed = fixed_text, fixed
                if not _write_fixed(job, result):
                    # the file keeps its text: report what that text has, not the fix's
                    _init_worker(catalogs)
                    unfixed = (job.text, job.dialect, job.settings, job.catalog_key, False, False)
                    job.records = _run_task(unfixed)[0]
            if cache is not None:
                key = cache_key(
                    job.fixed_text or job.text,
                    job.dialect,
                    job.settings,
                    settings.catalog_hash(job.catalog_key),
                )
                cache.put(key, records)
    if cache is not None:
        cache.save()
    for job in jobs:
        final = job.fixed_text if job.fixed_text is not None else job.text
        diagnostics = records_to_diagnostics(job.records or ())
        result.reports.append(FileReport(job.display, final, diagnostics, job.fixed))
        if options.fix and job.stdin:
            result.fixed_stdin = (_BOM if job.bom else "") + final


def _has_fix(records: list[dict[str, Any]], unsafe: bool) -> bool:
    return any(r.get("fix") and (unsafe or r["fix"]["safe"]) for r in records)


def _write_fixed(job: _Job, result: RunResult) -> bool:
    """Write ``job``'s fixed text to its file; False (and the error said) when it cannot."""
    if job.stdin or job.path is None or job.fixed_text is None:
        return True
    try:
        rewrite_sql(job.path, (_BOM if job.bom else "") + job.fixed_text)
    except OSError as error:
        result.errors.append(f"{job.display}: cannot write the fixed file: {error}")
        job.fixed_text, job.fixed = None, 0
        return False
    return True


def rewrite_sql(path: Path, text: str) -> None:
    """Replace a SQL file's text atomically, keeping its permissions. A linked segment is
    rewritten where it lives (the file that was read), and the link stays a link."""
    from cdisql.fileio import atomic_write_text

    path = Path(os.path.realpath(path))
    mode = path.stat().st_mode & 0o7777
    atomic_write_text(path, text)
    if mode != 0o644:
        os.chmod(path, mode)


# -- execution (in this process or in workers) -------------------------------------------
_Task = tuple[str, str, LintSettings, "str | None", bool, bool]
_Outcome = tuple[list[dict[str, Any]], "str | None", int]
_WORKER_CATALOGS: dict[str | None, Any] = {}


def _init_worker(catalogs: dict[str | None, Any]) -> None:
    _WORKER_CATALOGS.clear()
    _WORKER_CATALOGS.update(catalogs)


def _run_task(task: _Task) -> _Outcome:
    from cdisql.project.records import diagnostic_to_record

    text, dialect, settings, catalog_key, fix, unsafe = task
    catalog = _WORKER_CATALOGS.get(catalog_key)
    if fix:
        from cdisql.lint.fixing import fix_text

        outcome = fix_text(text, dialect, catalog=catalog, settings=settings, unsafe=unsafe)
        records = [diagnostic_to_record(d) for d in outcome.remaining.diagnostics]
        return records, outcome.text if outcome.changed else None, len(outcome.applied)
    from cdisql.lint.engine import lint_text

    lint_result = lint_text(text, dialect, catalog=catalog, settings=settings)
    return [diagnostic_to_record(d) for d in lint_result.diagnostics], None, 0


def _run_chunk(tasks: list[_Task]) -> list[_Outcome]:
    return [_run_task(t) for t in tasks]


def worker_count(files: int, requested: int | None = None) -> int:
    if requested is not None:
        return max(1, requested)
    if files < PARALLEL_THRESHOLD:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, files // (PARALLEL_THRESHOLD // 2), 8))


def _execute(
    tasks: list[_Task], catalogs: dict[str | None, Any], jobs: int | None
) -> list[_Outcome]:
    workers = worker_count(len(tasks), jobs)
    if workers <= 1:
        _init_worker(catalogs)
        first = _run_task(tasks[0])  # imports everything it needs
        _settle_gc()
        return [first, *_run_chunk(tasks[1:])]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # warm the parser before forking so that every worker inherits it
    from cdisql.lint.engine import lint_text

    lint_text("SELECT 1", tasks[0][1])
    _settle_gc()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    # a few chunks per worker balance uneven files without paying per-file overhead
    size = max(1, len(tasks) // (workers * 4))
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    outcomes: list[_Outcome] = []
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(catalogs,)
    ) as pool:
        for chunk_outcomes in pool.map(_run_chunk, chunks):
            outcomes.extend(chunk_outcomes)
    return outcomes
