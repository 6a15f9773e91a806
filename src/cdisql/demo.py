"""``cdisql demo``: the whole journey on an embedded warehouse, with no account.

Creates (idempotently) a deterministic DuckDB warehouse from the package's
``data/demo/warehouse.sql`` (also linked from ``fixtures/demo/``) under the user data
dir, registers a ``demo`` source, tests it, lints the demo segments, previews one and
builds one, printing what happened at each step.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cdisql import paths

DEMO_SOURCE = "demo"
DEMO_MAX_RUNTIME = "5m"
PREVIEW_SEGMENT = "premium_opt_in.sql"
BUILD_SEGMENT = "big_spenders.sql"
FIRST_TRY = "first_try.sql"
"""A segment with the mistakes people make first: a numeric id, a misspelt column."""


class DemoError(RuntimeError):
    """The demo could not run; the message says why and what to do."""


@dataclass(frozen=True)
class DemoSegment:
    name: str
    text: str


def warehouse_sql() -> str:
    """The SQL that creates the demo warehouse (from the installed package)."""
    return resources.files("cdisql").joinpath("data/demo/warehouse.sql").read_text("utf-8")


def first_try() -> DemoSegment:
    """The segment with typical mistakes the demo lints and fixes (never changed on disk)."""
    path = resources.files("cdisql").joinpath("data/demo").joinpath(FIRST_TRY)
    return DemoSegment(FIRST_TRY, path.read_text("utf-8"))


def demo_segments() -> list[DemoSegment]:
    folder = resources.files("cdisql").joinpath("data/demo/segments")
    found = [
        DemoSegment(entry.name, entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    ]
    return sorted(found, key=lambda s: s.name)


def demo_database() -> Path:
    return paths.demo_dir() / "demo.duckdb"


def ensure_demo_database(*, fresh: bool = False) -> tuple[Path, bool]:
    """Create the demo database unless an identical one exists; (path, created)."""
    import duckdb

    sql = warehouse_sql()
    version = hashlib.sha256(sql.encode("utf-8")).hexdigest()[:16]
    path = demo_database()
    stamp = path.with_suffix(".version")
    if (
        not fresh
        and path.exists()
        and stamp.exists()
        and stamp.read_text(encoding="utf-8").strip() == version
        and _opens(path)
    ):
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = duckdb.connect(str(tmp), config={"enable_external_access": False})
        try:
            conn.execute(sql)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
        # the old file's write-ahead log (left by a killed process) must not be
        # replayed into the new file: DuckDB would refuse to open it
        wal_of(path).unlink(missing_ok=True)
        os.replace(tmp, path)
        wal_of(tmp).unlink(missing_ok=True)
    except duckdb.Error as error:
        raise DemoError(f"cannot create the demo warehouse at {path}: {error}") from None
    finally:
        tmp.unlink(missing_ok=True)
    from cdisql.fileio import atomic_write_text

    atomic_write_text(stamp, version + "\n")
    return path, True


def wal_of(database: Path) -> Path:
    """DuckDB's write-ahead log next to ``database``."""
    return database.with_name(database.name + ".wal")


def _opens(path: Path) -> bool:
    """Whether DuckDB can open the demo database (a killed build may leave a WAL it
    cannot replay); an unusable demo database is recreated, it holds nothing of the user's."""
    import duckdb

    try:
        duckdb.connect(str(path), config={"enable_external_access": False}).close()
    except duckdb.Error:
        return False
    return True


def register_demo_source(database: Path) -> Any:
    from cdisql.sources.model import MaxRuntime, Source
    from cdisql.sources.store import add_source, load_sources

    existing = load_sources().get(DEMO_SOURCE)
    if existing is not None:
        if existing.type == "duckdb" and existing.database == str(database):
            return existing
        raise DemoError(
            f"a source named {DEMO_SOURCE!r} already exists and is not the demo warehouse "
            f"({existing.type}, {existing.database}): the demo never replaces it; rename "
            f"yours, or remove it with `cdisql sources remove {DEMO_SOURCE}`"
        )
    source = Source(
        DEMO_SOURCE,
        "duckdb",
        "main",
        database=str(database),
        max_runtime=MaxRuntime.parse(DEMO_MAX_RUNTIME),
    )
    return add_source(source)


def run_demo(console: Any, *, fresh: bool = False) -> bool:
    """Run the demo, printing to a rich ``console``; True when every step worked."""
    from rich.table import Table
    from rich.text import Text

    from cdisql.lint import lint_text
    from cdisql.report import render
    from cdisql.report.model import FileReport
    from cdisql.sources.build import run_build
    from cdisql.sources.connection_test import run_connection_test
    from cdisql.sources.preview import run_preview

    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)

    def head(text: str) -> None:
        console.print(Text.assemble("\n", (text, "bold")), highlight=False)

    head("1. Demo warehouse")
    path, created = ensure_demo_database(fresh=fresh)
    say(f"{'created' if created else 'already there'}: {path}")

    head("2. Source")
    source = register_demo_source(path)
    say(f"source {source.name!r}: duckdb, schema {source.schema}, max runtime {source.max_runtime}")

    head("3. Connection test")
    tested = run_connection_test(source)
    for check in tested.checks:
        say(f"  {'✓' if check.ok else '✗'} {check.name}: {check.detail}")
        if not check.ok and check.fix:
            say(f"      what to do: {check.fix}")
    if not tested.ok:
        if fresh:  # never advise the command that just failed
            say(
                f"the connection test failed on a new demo warehouse: remove {path.parent} and retry"
            )
        else:
            say("the connection test failed: run `cdisql demo --fresh` to recreate the warehouse")
        return False
    for table in tested.tables:
        say(f"  {table.name} ({table.kind}) — {table.description or ''}")
    source = tested.source
    say(f"source {source.name!r} is now {source.state.value}")

    head(f"4. Lint catches mistakes: {FIRST_TRY}")
    _lint_first_try(console, say, source, tested.catalog)

    head("5. Lint the demo segments")
    segments = demo_segments()
    say(f"$ cdisql lint --source demo {' '.join(s.name for s in segments)}")
    reports = [
        FileReport(
            s.name,
            s.text,
            lint_text(s.text, source.lint_warehouse, catalog=tested.catalog).diagnostics,
        )
        for s in segments
    ]
    say(render("text", reports).rstrip("\n"))

    by_name = {s.name: s for s in segments}
    head(f"6. Preview of {PREVIEW_SEGMENT} (at most 100 rows, 60 s)")
    previewed = run_preview(source, by_name[PREVIEW_SEGMENT].text, catalog=tested.catalog)
    if previewed.status != "ok":
        say(f"  preview {previewed.status}: {previewed.message}")
        return False
    shown = Table(*previewed.columns)
    for row in previewed.rows[:5]:
        shown.add_row(*(str(v) for v in row))
    console.print(shown)
    more = " (more exist)" if previewed.truncated else ""
    say(f"  {len(previewed.rows)} row(s){more}, first 5 shown, in {previewed.duration_s:.2f}s")

    head(f"7. Build of {BUILD_SEGMENT}")
    output = paths.demo_dir() / "big_spenders.csv"
    built = run_build(
        source,
        by_name[BUILD_SEGMENT].text,
        segment=f"demo/{BUILD_SEGMENT}",
        output=output,
        catalog=tested.catalog,
    )
    say(f"  status: {built.status} — {built.message}")
    say(f"  temporary table {built.temp_table}: {'dropped' if built.dropped else 'NOT dropped'}")
    say(f"  took {built.duration_s:.2f}s (limit {source.max_runtime})")

    head("Next")
    for line in (
        f"cdisql lint --source demo {_demo_file_hint(FIRST_TRY)}   (and --fix)",
        "cdisql lint fixtures/segments   (in a clone: every warehouse; the bad_*.sql fail)",
        "cdisql sources list",
        "cdisql catalog show demo users",
        f"cdisql preview {_segment_hint(PREVIEW_SEGMENT)} --source demo",
        f"cdisql build {_segment_hint(BUILD_SEGMENT)} --source demo --output ids.csv",
        "cdisql builds diff --source demo",
        "in your editor: `cdisql serve` is the language server; set up VS Code or Neovim",
        "  with docs/lsp.md (Editors: VS Code, Neovim)",
    ):
        say(f"  {line}")
    return built.status == "ok"


def _lint_first_try(console: Any, say: Any, source: Any, catalog: Any) -> None:
    """Lint the first try as `cdisql lint` prints it, then show what `--fix` makes of it."""
    from cdisql.lint import lint_text
    from cdisql.lint.fixing import fix_text
    from cdisql.report import render
    from cdisql.report.model import FileReport

    segment = first_try()
    say(segment.text.rstrip("\n"))
    found = lint_text(segment.text, source.lint_warehouse, catalog=catalog)
    report = FileReport(segment.name, segment.text, found.diagnostics)
    say("")
    say(f"$ cdisql lint --source demo {segment.name}")
    say(render("text", [report]).rstrip("\n"))
    fixed = fix_text(segment.text, source.lint_warehouse, catalog=catalog)
    say("")
    say(f"$ cdisql lint --source demo --fix {segment.name}   writes the safe fixes ([*]):")
    say(fixed.text.rstrip("\n"))
    left = FileReport(
        segment.name, fixed.text, fixed.remaining.diagnostics, fixed=len(fixed.applied)
    )
    say(render("text", [left]).rstrip("\n"))
    if fixed.remaining.diagnostics:
        say("what is left needs you: the message says what to write instead")


def _segment_hint(name: str) -> str:
    return _demo_file_hint(f"segments/{name}")


def _demo_file_hint(name: str) -> str:
    """``fixtures/demo/NAME`` in a clone, else the file inside the installed package."""
    in_clone = Path("fixtures/demo") / name
    with contextlib.suppress(OSError):
        if in_clone.exists():
            return str(in_clone)
    return str(resources.files("cdisql").joinpath("data/demo").joinpath(name))
