"""Logging for the CLI and the language server: every line scrubbed, drivers kept quiet.

The one handler writes to stderr through :class:`ScrubbingFormatter`, which removes every
secret this process read (:func:`cdisql.sources.errors.register_secret`) and anything
shaped like a password, key or token from the whole formatted record, traceback
included: a driver's logger (``redshift_connector`` echoing a hostile server's error
with the password in it) cannot write one unscrubbed.

``CDISQL_LOG_LEVEL`` sets cdisql's own loggers (and pygls'); every other logger stays at
WARNING unless named: ``CDISQL_LOG_LEVEL=DEBUG,redshift_connector=DEBUG``.
"""

from __future__ import annotations

import logging
import os
from typing import TextIO

OWN_LOGGERS = ("cdisql", "pygls")
THIRD_PARTY_LEVEL = logging.WARNING


class ScrubbingFormatter(logging.Formatter):
    """A formatter whose output never holds a known secret."""

    def format(self, record: logging.LogRecord) -> str:
        from cdisql.sources.errors import scrub

        return scrub(super().format(record))


class _NamedLevels(logging.Filter):
    """Lets a record through at the level configured for its logger (or the nearest
    named parent); any other logger's records only from WARNING up, even when a driver
    turned its own logger to DEBUG."""

    def __init__(self, levels: dict[str, int]) -> None:
        super().__init__()
        self.levels = levels

    def filter(self, record: logging.LogRecord) -> bool:
        name = record.name
        while True:
            if name in self.levels:
                return record.levelno >= self.levels[name]
            if "." not in name:
                return record.levelno >= THIRD_PARTY_LEVEL
            name = name.rpartition(".")[0]


def _level(name: str) -> int | None:
    value = logging.getLevelName(name.strip().upper())
    return value if isinstance(value, int) else None


def parse_levels(spec: str) -> dict[str, int]:
    """``"DEBUG,redshift_connector=INFO"`` -> {"cdisql": DEBUG, "pygls": DEBUG,
    "redshift_connector": INFO}; unknown level names are ignored."""
    levels: dict[str, int] = {}
    for part in spec.split(","):
        name, sep, value = part.partition("=")
        if sep:
            level = _level(value)
            if level is not None and name.strip():
                levels[name.strip()] = level
        else:
            level = _level(name)
            if level is not None:
                levels.update(dict.fromkeys(OWN_LOGGERS, level))
    return levels


def configure(stream: TextIO | None = None, *, spec: str | None = None) -> logging.Handler:
    """Install the scrubbing stderr handler on the root logger (replacing any other) and
    set the levels from ``spec`` (default: ``$CDISQL_LOG_LEVEL``). Returns the handler."""
    handler: logging.Handler = logging.StreamHandler(stream)
    handler.setFormatter(ScrubbingFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(THIRD_PARTY_LEVEL)
    levels = dict.fromkeys(OWN_LOGGERS, logging.WARNING)
    levels.update(
        parse_levels(spec if spec is not None else os.environ.get("CDISQL_LOG_LEVEL", ""))
    )
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    handler.addFilter(_NamedLevels(levels))
    return handler
