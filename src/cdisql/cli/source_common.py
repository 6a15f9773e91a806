"""What the source and warehouse command modules share: exit codes, printing text that
came from a user or a driver, failing with a message, reading a configured source by name.

Names, schemas, table descriptions, driver errors and row values are never markup and
never terminal control: :func:`_echo` and :func:`_console` show ``[bold]`` as typed and an
ANSI escape as the visible text ``\\x1b[31m``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from cdisql.cli import closest
from cdisql.cli import echo as _echo

if TYPE_CHECKING:
    from cdisql.sources.model import Source

EXIT_REFUSED = 1
EXIT_CONFIG = 2
EXIT_WAREHOUSE = 3
EXIT_TIMEOUT = 4
EXIT_INTERRUPTED = 130
_EXIT_BY_STATUS = {
    "ok": 0,
    "refused": EXIT_REFUSED,
    "error": EXIT_WAREHOUSE,
    "timeout": EXIT_TIMEOUT,
    "cancelled": EXIT_INTERRUPTED,
}


def exit_code_of(result: Any) -> int:
    """The exit code of a build's or preview's result, by its status; a build that never
    started because of the source's setup (a driver not installed) is a configuration error."""
    if getattr(result, "config_error", False):
        return EXIT_CONFIG
    return _EXIT_BY_STATUS[result.status]


class SuggestingGroup(click.Group):
    """A command group whose unknown command gets the closest name ("did you mean …?")."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        known = self.list_commands(ctx)
        if args and name not in known and not name.startswith("-"):
            close = closest(name, known)
            hint = f" Did you mean {close!r}?" if close else f" Choose one of {', '.join(known)}."
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)


def _fail(message: str, code: int = EXIT_CONFIG) -> NoReturn:
    _echo(f"error: {message}", err=True)
    sys.exit(code)


def _console(stderr: bool = False) -> Any:
    """A rich console that reads no markup or emoji codes in the strings it prints and
    shows control characters visibly; styled text is passed as ``rich.text.Text``."""
    from cdisql.cli.console import plain_console

    return plain_console(stderr)


def _segment_source(name: str | None, segment: str) -> Source:
    """The source named by ``--source``, else by the settings file (``source = "NAME"`` in
    the ``cdisql.toml`` or ``pyproject.toml`` that applies to ``segment``)."""
    if name is None:
        from cdisql.project.resolve import Resolver, RunError

        folder = Path.cwd() if segment == "-" else Path(segment).absolute().parent
        try:
            name = Resolver().config_for(folder).source
        except RunError as error:
            _fail(str(error))
        if name is None:
            _fail(
                'which source? give --source NAME, or set source = "NAME" in the project\'s '
                "cdisql.toml (`cdisql sources list` lists them)"
            )
    return _load_source(name)


def _load_source(name: str) -> Source:
    from cdisql.sources.model import SourceError
    from cdisql.sources.store import get_source

    try:
        return get_source(name)
    except SourceError as error:
        _fail(str(error))


def _read_segment(path: str) -> tuple[str, str]:
    """(text, display name) of a segment file, ``-`` for stdin."""
    from cdisql.fileio import read_regular_text, read_stdin_bytes
    from cdisql.limits import MAX_SEGMENT_BYTES

    if path == "-":
        try:
            data = read_stdin_bytes(limit=MAX_SEGMENT_BYTES, what="a segment")
            return data.decode("utf-8"), "<stdin>"
        except UnicodeDecodeError:
            _fail("<stdin>: not UTF-8 text; save the segment as UTF-8")
        except OSError as error:
            _fail(f"<stdin>: {error.strerror or error}")

    try:
        return read_regular_text(path, limit=MAX_SEGMENT_BYTES, what="a segment"), path
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except IsADirectoryError:
        _fail(f"{path}: is a folder; give one segment file")
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text; save the segment as UTF-8")
    except OSError as error:
        _fail(f"{path}: cannot read: {error.strerror or error}")
