"""``cdisql validate``: lint, then ask the warehouse to compile each segment without
running it. A thin face over :mod:`cdisql.project.runner` and :mod:`cdisql.sources.validate`.

Exit codes: 0 clean, 1 problems at or above ``--fail-on`` (lint or warehouse), 2 usage,
settings or file errors, 3 the source cannot be reached (one error for the run).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cdisql.cli.lint_cmds import (
    FAIL_ON_EMPTY_OPTION,
    FAIL_ON_OPTION,
    FORMAT_OPTION,
    OUTPUT_FILE_OPTION,
    say_nothing_found,
)
from cdisql.cli.source_common import (
    EXIT_CONFIG,
    EXIT_WAREHOUSE,
    _echo,
    _fail,
    _segment_source,
)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--source",
    "source_name",
    help="The connected source to ask (default: the settings file's `source`).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1, max=32),
    default=4,
    show_default=True,
    help="Connections to the warehouse, used concurrently.",
)
@FORMAT_OPTION
@OUTPUT_FILE_OPTION
@FAIL_ON_OPTION
@FAIL_ON_EMPTY_OPTION
@click.option(
    "--max-bytes",
    metavar="SIZE",
    help='Budget for every segment (e.g. "50GB"); replaces [validate] max_bytes.',
)
def validate(
    paths: tuple[str, ...],
    source_name: str | None,
    jobs: int,
    output_format: str,
    output_file: Path | None,
    fail_on: str,
    fail_on_empty: bool,
    max_bytes: str | None,
) -> None:
    """Lint segment SQL files, then have the source's warehouse compile each one that
    passes, without running it: BigQuery dry run, Snowflake EXPLAIN USING JSON,
    Redshift / Databricks / DuckDB EXPLAIN. Reports what only the warehouse knows
    (CDI401), segments over their budget (CDI402), a missing CREATE TABLE grant
    (CDI403), and each segment's estimate.
    """
    from cdisql.cli import tolerant_output, use_color
    from cdisql.limits import parse_size
    from cdisql.lint.diagnostics import Severity
    from cdisql.project.resolve import Overrides, Resolver
    from cdisql.project.runner import LintOptions, RunError, run_lint
    from cdisql.report import render
    from cdisql.sources.store import cached_catalog
    from cdisql.sources.validate import Budget, file_budget, validate_reports

    tolerant_output()
    override: int | None = None
    if max_bytes is not None:
        try:
            override = parse_size(max_bytes)
        except ValueError as error:
            _fail(f"--max-bytes: {error}")
    # the settings file that applies to the first path names the default source
    anchor = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    source = _segment_source(source_name, str(anchor / "-" if anchor.is_dir() else anchor))
    source_name = source.name
    try:
        linted = run_lint(paths or (".",), LintOptions(source=source_name))
    except RunError as error:
        _fail(str(error))
    for notice in linted.notices:
        _echo(f"cdisql: warning: {notice}", err=True)
    for problem in linted.errors:
        _echo(f"cdisql: error: {problem}", err=True)
    if not linted.reports:
        # nothing to validate: no connection is opened, and no report says "passed"
        if not linted.errors:
            say_nothing_found("validated", paths, fail_on_empty)
        sys.exit(EXIT_CONFIG if linted.errors else 0)

    resolver = Resolver()
    overrides = Overrides(source=source_name)

    def budget(report: Any) -> Budget:
        base = resolver.config_for(Path(report.filename).absolute().parent).budget()
        if override is not None:
            base = Budget(override, base.max_rows, "--max-bytes")
        return file_budget(report.text, base)

    def settings(report: Any) -> Any:
        """The file's lint settings (select, ignore, severity) for the CDI4xx diagnostics."""
        try:
            return resolver.resolve(Path(report.filename), overrides).settings
        except RunError:
            return None

    progress = _Progress(source_name)
    run = validate_reports(
        linted.reports,
        source,
        budgets=budget,
        settings=settings,
        catalog=cached_catalog(source),
        connections=jobs,
        on_message=progress.message,
        on_progress=progress.step,
    )
    progress.stop()
    if run.fatal is not None:
        _echo(f"cdisql: error: {run.fatal}", err=True)
        _echo(
            f"cdisql: nothing was validated; `cdisql sources test {source_name}` says why",
            err=True,
        )
        sys.exit(EXIT_WAREHOUSE)
    for notice in run.notices:
        _echo(f"cdisql: warning: {notice}", err=True)

    reports = run.reports
    if output_file is not None:
        from cdisql.fileio import atomic_write_text

        try:
            atomic_write_text(output_file, render(output_format, reports))
        except OSError as error:
            _fail(f"{output_file}: cannot write the report: {error.strerror or error}")
    else:
        color = use_color(sys.stdout)
        sys.stdout.write(render(output_format, reports, color=color))
        sys.stdout.flush()
    human = output_format == "text" and output_file is None
    for line in estimate_table(run):
        _echo(line, err=not human)
    sent = sum(1 for s in run.segments if s.estimate is not None) - run.incomplete
    _echo(
        f"validated {sent} of {len(run.segments)} segment(s) on {source_name} in "
        f"{run.duration_s:.1f}s over {run.connections} connection(s)",
        err=True,
    )
    if linted.errors:
        sys.exit(EXIT_CONFIG)
    if run.incomplete:
        sys.exit(EXIT_WAREHOUSE)
    threshold = Severity.parse(fail_on)
    failing = any(d.severity >= threshold for r in reports for d in r.diagnostics)
    sys.exit(1 if failing else 0)


def estimate_table(run: Any) -> list[str]:
    """Each segment's estimate, most expensive first, and the total."""
    from cdisql.sources.estimate import format_bytes

    rows = run.estimated()
    if not rows:
        return []
    header = ("segment", "bytes to scan", "rows scanned", "partitions")
    table: list[tuple[str, str, str, str]] = []
    total_bytes = total_rows = 0
    for segment in rows:
        e = segment.estimate
        scanned = e.rows_scanned
        parts = ""
        if e.partitions_scanned is not None:
            of = f"/{e.partitions_total}" if e.partitions_total is not None else ""
            parts = f"{e.partitions_scanned}{of}"
        table.append(
            (
                segment.report.filename,
                format_bytes(e.bytes_processed) if e.bytes_processed is not None else "-",
                f"{scanned:,}" if scanned is not None else "-",
                parts or "-",
            )
        )
        total_bytes += e.bytes_processed or 0
        total_rows += scanned or 0
    any_bytes = any(s.estimate.bytes_processed is not None for s in rows)
    any_rows = any(s.estimate.rows_scanned is not None for s in rows)
    footer = (
        f"total ({len(rows)})",
        format_bytes(total_bytes) if any_bytes else "-",
        f"{total_rows:,}" if any_rows else "-",
        "",
    )
    widths = [max(len(r[i]) for r in (header, *table, footer)) for i in range(4)]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        return "  ".join(cells).rstrip()

    return ["", "estimates:", line(header), *(line(r) for r in table), line(footer)]


class _Progress:
    """A progress bar on a terminal (stderr); in a CI log, a line every tenth of the way.
    The connection warm-up's messages are shown once, whatever the number of connections."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tty = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._shown = -1

    def message(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(f"… {text}", markup=False, highlight=False)
        else:
            _echo(f"… {text}", err=True)

    def step(self, done: int, total: int, name: str) -> None:
        if self.tty:
            if self._bar is None:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                self._bar = Progress(
                    TextColumn(f"validating on {self.source}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=Console(stderr=True, highlight=False),
                    transient=True,
                )
                self._task = self._bar.add_task("validate", total=total)
                self._bar.start()
            self._bar.update(self._task, completed=done)
            return
        tenth = done * 10 // total
        if tenth != self._shown and (tenth > self._shown or done == total):
            self._shown = tenth
            _echo(f"… validated {done}/{total}", err=True)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
