"""Output formats for lint results: text, JSON, SARIF 2.1.0, GitHub annotations, JUnit.

Every format renders the same :class:`FileReport` values; rows and columns are 1-based
and counted in code points (end positions are exclusive), converted from the core's
character offsets with :class:`~cdisql.textindex.LineIndex`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from cdisql.report.model import FileReport, Position, diagnostic_to_dict, fix_to_dict

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "junit")


def render(fmt: str, reports: Sequence[FileReport], *, color: bool = False) -> str:
    """``reports`` in the output format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}: choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"cdisql.report.{fmt}_format")
    if fmt == "text":
        return module.render(reports, color=color)
    return module.render(reports)


__all__ = ["FORMATS", "FileReport", "Position", "diagnostic_to_dict", "fix_to_dict", "render"]
