"""What the source and warehouse command modules share: exit codes, printing text that
came from a user or a driver, failing with a message, reading a configured source by name.

Names, schemas, table descriptions, driver errors and row values are never markup and
never terminal control: :func:`_echo` and :func:`_console` show ``[bold]`` as typed and an
ANSI escape as the visible text ``\\x1b[31m``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NoReturn

from cdisql.cli import echo as _echo

if TYPE_CHECKING:
    from cdisql.sources.model import Source

EXIT_REFUSED = 1
EXIT_CONFIG = 2
EXIT_WAREHOUSE = 3


def _fail(message: str, code: int = EXIT_CONFIG) -> NoReturn:
    _echo(f"error: {message}", err=True)
    sys.exit(code)


def _console(stderr: bool = False) -> Any:
    """A rich console that reads no markup or emoji codes in the strings it prints and
    shows control characters visibly; styled text is passed as ``rich.text.Text``."""
    from cdisql.cli.console import plain_console

    return plain_console(stderr)


def _load_source(name: str) -> Source:
    from cdisql.sources.model import SourceError
    from cdisql.sources.store import get_source

    try:
        return get_source(name)
    except SourceError as error:
        _fail(str(error))
