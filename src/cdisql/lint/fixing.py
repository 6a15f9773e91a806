"""Apply the rules' fixes to a text until nothing more can be fixed.

``cdisql lint --fix`` and the language server's "fix all" call :func:`fix_text`: lint,
apply every safe fix whose edits do not overlap another chosen fix, lint again, and
repeat until the text is stable (at most :data:`MAX_ROUNDS` rounds). A round that
would add syntax errors is thrown away, so a fix can never break a segment.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdisql.dialects import Warehouse
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, apply_edits
from cdisql.lint.engine import LintResult, lint_text
from cdisql.lint.settings import LintSettings

if TYPE_CHECKING:
    from cdisql.catalog import Catalog

MAX_ROUNDS = 10
SYNTAX_ERROR = "CDI100"


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """One fix that was applied: its rule and title."""

    code: str
    title: str


@dataclass(frozen=True)
class FixOutcome:
    text: str
    """The fixed text (the input when nothing applied)."""
    applied: tuple[AppliedFix, ...]
    """Every fix applied, in order, over all rounds."""
    remaining: LintResult
    """The lint result of :attr:`text`: what is left to fix by hand."""

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def choose_fixes(diagnostics: tuple[Diagnostic, ...], *, unsafe: bool = False) -> list[Diagnostic]:
    """Diagnostics whose fixes can be applied together: whole fixes, no overlapping edits."""
    chosen: list[Diagnostic] = []
    taken: list[tuple[int, int]] = []
    candidates = [d for d in diagnostics if d.fix is not None and (d.fix.safe or unsafe)]
    for diagnostic in sorted(candidates, key=_first_edit):
        fix = diagnostic.fix
        assert fix is not None
        if not fix.edits or any(_overlaps(e, taken) for e in fix.edits):
            continue
        if _overlaps_itself(fix):
            continue
        chosen.append(diagnostic)
        taken.extend((e.start, e.end) for e in fix.edits)
    return chosen


def _first_edit(diagnostic: Diagnostic) -> tuple[int, int, str]:
    assert diagnostic.fix is not None
    starts = [e.start for e in diagnostic.fix.edits] or [diagnostic.start]
    return (min(starts), diagnostic.start, diagnostic.code)


def _overlaps(edit: Edit, taken: list[tuple[int, int]]) -> bool:
    for start, end in taken:
        # two insertions at one point, or an edit reaching into another, conflict
        if edit.start < end and start < edit.end:
            return True
        if edit.start == start or (edit.start == edit.end and start <= edit.start < end):
            return True
        if start == end and edit.start <= start < edit.end:
            return True
    return False


def _overlaps_itself(fix: Fix) -> bool:
    edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
    return any(b.start < a.end for a, b in itertools.pairwise(edits))


def fix_text(
    text: str,
    dialect: str | Warehouse = "duckdb",
    *,
    catalog: Catalog | None = None,
    settings: LintSettings | None = None,
    unsafe: bool = False,
) -> FixOutcome:
    """Apply safe fixes (and unsafe ones when ``unsafe``) until the text is stable."""
    result = lint_text(text, dialect, catalog=catalog, settings=settings)
    applied: list[AppliedFix] = []
    seen = {text}
    for _ in range(MAX_ROUNDS):
        chosen = choose_fixes(result.diagnostics, unsafe=unsafe)
        if not chosen:
            break
        edits = [e for d in chosen if d.fix is not None for e in d.fix.edits]
        candidate = apply_edits(text, edits)
        if candidate in seen:
            break  # fixes that undo each other: stop instead of cycling
        after = lint_text(candidate, dialect, catalog=catalog, settings=settings)
        if _syntax_errors(after) > _syntax_errors(result):
            break  # a fix that breaks the segment is not a fix
        applied.extend(AppliedFix(d.code, d.fix.title) for d in chosen if d.fix is not None)
        seen.add(candidate)
        text, result = candidate, after
    return FixOutcome(text, tuple(applied), result)


def _syntax_errors(result: LintResult) -> int:
    return len(result.analysis.problems) + sum(
        1 for d in result.diagnostics if d.code == SYNTAX_ERROR
    )
