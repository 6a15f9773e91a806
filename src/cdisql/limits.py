"""The largest inputs cdisql accepts, in one place, and how a size is written.

A cloned repository and an editor are untrusted input: a ``catalog = "/dev/zero"``
or a multi-gigabyte file must be refused with a message, never read into memory.
"""

from __future__ import annotations

import re

MIB = 1024 * 1024

MAX_CATALOG_BYTES = 256 * MIB
"""A catalog JSON file (``catalog =`` in cdisql.toml, the cached catalogs)."""

MAX_SEGMENT_BYTES = 16 * MIB
"""One segment file: linted, formatted, previewed, built or estimated."""

MAX_CONFIG_BYTES = 4 * MIB
"""A ``cdisql.toml`` or ``pyproject.toml``."""

MAX_LSP_MESSAGE_BYTES = 64 * MIB
"""One language-server message (its ``Content-Length``)."""


_SIZE_UNITS = {
    "": 1,
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,
    "PB": 10**15,
    "KIB": 1 << 10,
    "MIB": 1 << 20,
    "GIB": 1 << 30,
    "TIB": 1 << 40,
    "PIB": 1 << 50,
}


def parse_size(value: str | int) -> int:
    """``"50GB"`` -> 50_000_000_000, ``"1.5 TiB"``, ``1000``; :class:`ValueError` else."""
    if isinstance(value, bool):
        raise ValueError('a size is a number of bytes or a string such as "50GB"')
    if isinstance(value, int):
        if value < 0:
            raise ValueError("a size cannot be negative")
        return value
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$", str(value).replace("_", ""))
    unit = match.group(2).upper() if match else ""
    if match is None or unit not in _SIZE_UNITS:
        raise ValueError(
            f'{value!r} is not a size: write a number and a unit, e.g. "50GB" or "2TiB"'
        )
    return int(float(match.group(1)) * _SIZE_UNITS[unit])
