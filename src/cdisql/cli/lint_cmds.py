"""``cdisql lint`` (``rules`` and ``rule`` live in :mod:`cdisql.cli.rule_cmds`,
``format`` in :mod:`cdisql.cli.format_cmd`: each command imports only its own module).

A thin face over :mod:`cdisql.project.runner` and :mod:`cdisql.report`.
Exit codes: 0 clean (nothing at or above ``--fail-on``), 1 problems found, 2 usage,
settings or file errors. Imports stay lazy so ``cdisql lint one.sql`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from cdisql.cli import echo as _echo
from cdisql.cli import tolerant_output as _tolerant_output
from cdisql.cli import use_color as _use_color
from cdisql.cli.output import output_path
from cdisql.dialects import DIALECTS

OUTPUT_FORMATS = ("text", "json", "sarif", "github", "junit")
SEVERITIES = ("error", "warning", "info")
EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


# the report options `cdisql validate` shares
FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
FAIL_ON_OPTION = click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="warning",
    show_default=True,
    help="Exit with 1 when a diagnostic at or above this severity remains.",
)
FAIL_ON_EMPTY_OPTION = click.option(
    "--fail-on-empty",
    is_flag=True,
    help="Exit with 2 when no .sql file is found (a wrong path in CI); without it, "
    "a warning on stderr and exit 0.",
)
OUTPUT_FILE_OPTION = click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    callback=output_path,
    help="Write the report to this file instead of stdout (SARIF for code scanning, ...).",
)


def _say(message: str) -> None:
    """A ``cdisql: …`` line on stderr (control characters in paths or values made visible)."""
    _echo(f"cdisql: {message}", err=True)


def say_nothing_found(done: str, paths: Sequence[str], fail_on_empty: bool) -> None:
    """No .sql file among ``paths``: said on stderr, so a wrong path in CI is visible;
    with ``--fail-on-empty`` it ends the command with exit 2."""
    where = ", ".join(paths or (".",))
    _say(
        f"{'error' if fail_on_empty else 'warning'}: nothing {done}: no .sql file found "
        f"in {where} (or each one is excluded by the settings file's [lint] exclude)"
    )
    if fail_on_empty:
        sys.exit(EXIT_ERROR)


def _fail(message: str) -> NoReturn:
    _say(f"error: {message}")
    sys.exit(EXIT_ERROR)


def _codes(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> tuple[str, ...] | None:
    """``--select CDI1,CDI301 --select CDI2`` -> ("CDI1", "CDI301", "CDI2"); None if absent."""
    if not values:
        return None
    from cdisql.project.config import parse_code

    codes: list[str] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            try:
                codes.append(parse_code(part))
            except ValueError as error:
                raise click.BadParameter(str(error), ctx=ctx, param=param) from None
    return tuple(codes)


# -- lint --------------------------------------------------------------------------------
@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--dialect",
    type=click.Choice(DIALECTS, case_sensitive=False),
    help="Warehouse dialect (default: the settings file's, else duckdb). "
    "A `-- cdisql: dialect=…` comment in a file wins.",
)
@click.option(
    "--catalog",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Catalog JSON file for the catalog rules (CDI2xx, CDI304/305).",
)
@click.option("--source", help="Lint with the cached catalog and dialect of this source.")
@click.option(
    "--select",
    multiple=True,
    callback=_codes,
    metavar="CODES",
    help="Rules to run: codes or prefixes, comma-separated (CDI1,CDI301). Replaces the settings file's.",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=_codes,
    metavar="CODES",
    help="Rules not to run: codes or prefixes, comma-separated. Replaces the settings file's.",
)
@FORMAT_OPTION
@click.option("--fix", is_flag=True, help="Apply safe fixes in place and report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, apply unsafe fixes too.")
@FAIL_ON_OPTION
@FAIL_ON_EMPTY_OPTION
@click.option("--no-cache", is_flag=True, help="Lint every file, ignoring the result cache.")
@OUTPUT_FILE_OPTION
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Path to use for `-` (settings lookup, per-file-ignores, reports).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: by CPU count for large sets of files).",
)
def lint(
    paths: tuple[str, ...],
    dialect: str | None,
    catalog: Path | None,
    source: str | None,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    output_format: str,
    fix: bool,
    unsafe_fixes: bool,
    fail_on: str,
    fail_on_empty: bool,
    no_cache: bool,
    output_file: Path | None,
    stdin_filename: str | None,
    jobs: int | None,
) -> None:
    """Lint segment SQL files (folders are searched for *.sql; `-` reads stdin)."""
    from cdisql.lint.diagnostics import Severity
    from cdisql.project.runner import LintOptions, RunError, run_lint

    _tolerant_output()
    if unsafe_fixes and not fix:
        _say("warning: --unsafe-fixes does nothing without --fix")
    if stdin_filename and "-" not in paths:
        _say("warning: --stdin-filename names `-` (stdin), which is not among the paths")

    options = LintOptions(
        dialect=dialect.lower() if dialect else None,
        catalog=catalog.absolute() if catalog else None,
        source=source,
        select=select,
        ignore=ignore,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        use_cache=not no_cache,
        stdin_filename=stdin_filename,
        jobs=jobs,
    )
    try:
        result = run_lint(paths or (".",), options)
    except RunError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a bug must still end in a clear message, not a traceback
        _fail(f"internal error ({type(error).__name__}: {error}); please report it")

    for notice in result.notices:
        _say(f"warning: {notice}")
    for problem in result.errors:
        _say(f"error: {problem}")
    nothing_found = not result.reports and not result.errors
    if nothing_found:
        say_nothing_found("linted", paths, fail_on_empty)

    from cdisql.report import render

    to_stderr = result.fixed_stdin is not None
    if to_stderr:
        sys.stdout.write(result.fixed_stdin or "")
        sys.stdout.flush()
    stream = sys.stderr if to_stderr else sys.stdout
    output, color = "", False
    if output_file is not None:
        from cdisql.fileio import atomic_write_text

        try:
            atomic_write_text(output_file, render(output_format, result.reports))
        except OSError as error:
            _fail(f"{output_file}: cannot write the report: {error.strerror or error}")
    elif result.reports or (output_format != "text" and not result.errors):
        color = _use_color(stream)
        output = render(output_format, result.reports, color=color)
        stream.write(output)
        stream.flush()

    if result.errors:
        sys.exit(EXIT_ERROR)
    threshold = Severity.parse(fail_on)
    failing = any(d.severity >= threshold for r in result.reports for d in r.diagnostics)
    code = EXIT_PROBLEMS if failing else EXIT_CLEAN
    if (
        options.use_cache
        and not options.fix
        and output_file is None
        and not to_stderr
        and result.replayable
        and not result.notices
        and not nothing_found
    ):
        _record_run(result.inputs, output, color, code)
    sys.exit(code)


def _record_run(inputs: list[str], output: str, color: bool, code: int) -> None:
    """Let :mod:`cdisql.project.replay` answer the same command on the same files next time."""
    root = click.get_current_context().find_root().obj
    if not isinstance(root, dict) or root.get("argv", [])[:1] != ["lint"]:
        return  # not started by ``cdisql.cli.main`` (tests with a CliRunner)
    from cdisql.project.replay import record

    argv: list[str] = root["argv"]
    record(argv[1:], color, inputs, output, code, started_ns=root["started_ns"])
