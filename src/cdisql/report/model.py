"""What every output format renders: one file's text and its diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cdisql.lint.diagnostics import Diagnostic, Fix, Severity
from cdisql.textindex import LineIndex


@dataclass(frozen=True, slots=True)
class Position:
    """1-based row and 1-based column in code points."""

    row: int
    column: int

    def to_dict(self) -> dict[str, int]:
        return {"row": self.row, "column": self.column}


@dataclass(frozen=True)
class FileReport:
    """One linted file: the name shown to the user, its (final) text and diagnostics."""

    filename: str
    text: str
    diagnostics: tuple[Diagnostic, ...] = ()
    fixed: int = 0
    """Fixes ``--fix`` applied to this file."""

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    def position(self, offset: int) -> Position:
        pos = self.lines.position(offset)
        return Position(pos.line + 1, pos.column + 1)

    def span(self, start: int, end: int) -> tuple[Position, Position]:
        return self.position(start), self.position(max(end, start))

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def fix_to_dict(report: FileReport, fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    edits = []
    for edit in fix.edits:
        start, end = report.span(edit.start, edit.end)
        edits.append(
            {
                "content": edit.replacement,
                "location": start.to_dict(),
                "end_location": end.to_dict(),
            }
        )
    return {"title": fix.title, "safe": fix.safe, "edits": edits}


def diagnostic_to_dict(report: FileReport, diagnostic: Diagnostic) -> dict[str, Any]:
    """The JSON form of one diagnostic (``--format json``)."""
    from cdisql.lint.registry import get_rule

    start, end = report.span(diagnostic.start, diagnostic.end)
    rule = get_rule(diagnostic.code)
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "filename": report.filename,
        "location": start.to_dict(),
        "end_location": end.to_dict(),
        "fix": fix_to_dict(report, diagnostic.fix),
        "suggestions": list(diagnostic.suggestions),
        "url": rule.docs_url() if rule is not None else None,
    }
