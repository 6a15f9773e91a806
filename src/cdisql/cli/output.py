"""The ``--output`` options' check, before any work is done: a name, and a regular file.

cdisql writes its reports, catalogs and id files atomically (:class:`cdisql.fileio.AtomicFile`),
which would replace a FIFO, a device or a symbolic link (``/dev/stdout``) with a regular
file: such a target is refused up front, with the reason.
"""

from __future__ import annotations

from pathlib import Path

import click

from cdisql.fileio import UnsafeFileError, check_replaceable


def output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """A click callback: ``value`` as a :class:`Path`, or a usage error saying why not."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("is empty: give the name of the file to write")
    path = Path(value)
    try:
        check_replaceable(path)
    except UnsafeFileError as error:
        hint = ""
        if param.name == "output_file" and value.startswith(("/dev/", "/proc/")):
            hint = "; to print the report, leave --output-file out"  # lint prints by default
        raise click.BadParameter(f"{value}: {error.strerror}{hint}") from None
    return path
