"""``cdisql format``: lay out segment SQL, changing only blanks, line breaks, indentation
and keyword case (never a token or a comment).

Exit codes: 0 nothing to do (or done), 1 a file was left as is (the reason is on stderr),
or something would change with ``--check`` / ``--diff``; 2 usage, settings or file errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cdisql.cli import echo as _echo
from cdisql.cli import tolerant_output as _tolerant_output
from cdisql.cli.lint_cmds import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS, _fail, _say
from cdisql.dialects import DIALECTS

if TYPE_CHECKING:
    from cdisql.format import FormatResult


@click.command(name="format")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--check",
    is_flag=True,
    help="Change nothing; exit with 1 when a file would be reformatted or cannot be.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Change nothing; print a unified diff of what would change (exit 1 if anything).",
)
@click.option(
    "--dialect",
    type=click.Choice(DIALECTS, case_sensitive=False),
    help="Warehouse dialect (default: the settings file's, else duckdb).",
)
def format_(paths: tuple[str, ...], check: bool, diff: bool, dialect: str | None) -> None:
    """Lay out segment SQL: only blanks, line breaks, indentation and keyword case change."""
    _tolerant_output()
    check = check or diff
    from cdisql.dialects import Warehouse
    from cdisql.format import format_sql
    from cdisql.project.config import ProjectConfig
    from cdisql.project.resolve import Overrides, Resolver
    from cdisql.project.runner import RunError, decode_sql, iter_sql_files, read_sql, rewrite_sql

    resolver = Resolver()
    overrides = Overrides(dialect=dialect.lower() if dialect else None)

    def config_for(folder: Path) -> ProjectConfig:
        try:
            return resolver.config_for(folder)
        except RunError as error:
            _fail(str(error))

    def dialect_for(file: Path | None) -> Warehouse:
        """The warehouse lint reads ``file`` in (a `-- cdisql: dialect=` comment still wins)."""
        try:
            return resolver.warehouse(file, overrides)
        except RunError as error:
            _fail(str(error))

    if "-" in paths:
        if len(paths) > 1:
            _fail("`-` (stdin) cannot be combined with other paths")
        try:
            from cdisql.fileio import read_stdin_bytes
            from cdisql.limits import MAX_SEGMENT_BYTES

            text = decode_sql(
                read_stdin_bytes(limit=MAX_SEGMENT_BYTES, what="a SQL file"), "<stdin>"
            )
        except OSError as error:
            _fail(f"<stdin>: {error.strerror or error}")
        except RunError as error:
            _fail(str(error))
        result = format_sql(text, dialect_for(None))
        if result.refused:
            _say(f"{_where('-', result)}: not formatted: {result.refused}")
        if diff:
            _write_diff(result.original, result.text, "-")
        elif not check:
            sys.stdout.write(result.text)
        sys.exit(EXIT_PROBLEMS if result.refused or (check and result.changed) else EXIT_CLEAN)

    files: list[Path] = []
    errors = 0
    for target in paths:
        path = Path(target)
        if path.is_dir():
            files.extend(iter_sql_files(path, config_for))
        elif path.exists():
            files.append(path)
        else:
            _say(f"error: {target}: no such file or folder")
            errors += 1
    changed = unchanged = refused = 0
    for file in files:
        try:
            text = read_sql(file)
        except RunError as error:
            _say(f"error: {error}")
            errors += 1
            continue
        bom = text.startswith("\ufeff")
        result = format_sql(text[1:] if bom else text, dialect_for(file))
        if result.refused:
            refused += 1
            _echo(f"{_where(str(file), result)}: not formatted: {result.refused}", err=True)
        elif result.changed:
            changed += 1
            if diff:
                _write_diff(result.original, result.text, str(file))
            elif check:
                _echo(f"Would reformat: {file}")
            else:
                try:
                    rewrite_sql(file, ("\ufeff" if bom else "") + result.text)
                except OSError as error:
                    _say(f"error: {file}: cannot write: {error}")
                    errors += 1
        else:
            unchanged += 1
    if errors and not files:
        sys.exit(EXIT_ERROR)  # nothing was formatted: the errors above are the whole story
    verb = "would be reformatted" if check else "reformatted"
    parts = [f"{changed} file{'s' if changed != 1 else ''} {verb}"]
    parts.append(f"{unchanged} already formatted")
    if refused:
        parts.append(f"{refused} left as is (see above)")
    click.echo(", ".join(parts) + ".")
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_PROBLEMS if refused or (check and changed) else EXIT_CLEAN)


def _where(name: str, result: FormatResult) -> str:
    """``file:line:column`` of a refusal, as lint names a place."""
    if result.line is None:
        return name
    return f"{name}:{result.line}:{result.column}" if result.column else f"{name}:{result.line}"


def _write_diff(before: str, after: str, name: str) -> None:
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=name,
        tofile=f"{name} (formatted)",
    )
    if sys.stdout.isatty():  # a terminal shows a control character in the SQL, never obeys it
        from cdisql.textindex import printable

        lines = (printable(line, None, lines=True) for line in lines)
    sys.stdout.writelines(lines)
