"""``cdisql demo``: the whole journey on the embedded demo warehouse (:mod:`cdisql.demo`),
printed step by step: create, register, test, lint and fix, preview, build."""

from __future__ import annotations

import sys
from typing import Any

import click

from cdisql import paths
from cdisql.cli.source_common import EXIT_WAREHOUSE, _console, _fail
from cdisql.demo import (
    BUILD_SEGMENT,
    FIRST_TRY,
    PREVIEW_SEGMENT,
    DemoError,
    demo_file_hint,
    demo_segments,
    ensure_demo_database,
    first_try,
    register_demo_source,
    segment_hint,
)


@click.command()
@click.option("--fresh", is_flag=True, help="rebuild the demo warehouse from scratch")
def demo(fresh: bool) -> None:
    """Create the demo DuckDB warehouse, test it, lint, preview and build a segment."""
    try:
        ok = run_demo(_console(), fresh=fresh)
    except DemoError as error:
        _fail(str(error), EXIT_WAREHOUSE)
    sys.exit(0 if ok else EXIT_WAREHOUSE)


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
        f"cdisql lint --source demo {demo_file_hint(FIRST_TRY)}   (and --fix)",
        "cdisql lint fixtures/segments   (in a clone: every warehouse; the bad_*.sql fail)",
        "cdisql sources list",
        "cdisql catalog show demo users",
        f"cdisql preview {segment_hint(PREVIEW_SEGMENT)} --source demo",
        f"cdisql build {segment_hint(BUILD_SEGMENT)} --source demo --output ids.csv",
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
