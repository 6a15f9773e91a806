"""The values every face consumes: diagnostics, their fixes and related information.

Ranges are character offsets into the analysed text (``start`` inclusive, ``end``
exclusive); faces convert them with :class:`cdisql.textindex.LineIndex`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """Ordered so that ``severity >= Severity.WARNING`` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r}: choose one of error, warning, info"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A titled set of non-overlapping edits. ``safe`` fixes are applied by ``--fix``."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """Extra information attached to a diagnostic ("did you mean USERS?")."""

    message: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None
    suggestions: tuple[str, ...] = ()
    related: tuple[Related, ...] = field(default=())

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` applied; overlapping edits after the first are skipped."""
    chosen: list[Edit] = []
    last_end = -1
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < last_end:
            continue
        chosen.append(edit)
        last_end = max(edit.end, edit.start)
    out: list[str] = []
    pos = 0
    for edit in chosen:
        out.append(text[pos : edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)
