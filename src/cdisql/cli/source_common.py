"""What the source and warehouse command modules share: exit codes, failing with a
message, and reading a configured source by name."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from cdisql.sources.model import Source

EXIT_REFUSED = 1
EXIT_CONFIG = 2
EXIT_WAREHOUSE = 3


def _fail(message: str, code: int = EXIT_CONFIG) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _load_source(name: str) -> Source:
    from cdisql.sources.model import SourceError
    from cdisql.sources.store import get_source

    try:
        return get_source(name)
    except SourceError as error:
        _fail(str(error))
