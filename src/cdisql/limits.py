"""The largest inputs cdisql accepts, in one place.

A cloned repository and an editor are untrusted input: a ``catalog = "/dev/zero"``
or a multi-gigabyte file must be refused with a message, never read into memory.
"""

from __future__ import annotations

MIB = 1024 * 1024

MAX_CATALOG_BYTES = 256 * MIB
"""A catalog JSON file (``catalog =`` in cdisql.toml, the cached catalogs)."""

MAX_SEGMENT_BYTES = 16 * MIB
"""One segment file: linted, formatted, previewed, built or estimated."""

MAX_CONFIG_BYTES = 4 * MIB
"""A ``cdisql.toml`` or ``pyproject.toml``."""

MAX_LSP_MESSAGE_BYTES = 64 * MIB
"""One language-server message (its ``Content-Length``)."""
