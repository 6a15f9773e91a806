"""``noqa`` comments: the one reader used by lint and by the editor's "Suppress" action.

Every comment on a line counts, in each form the dialect has (``--``, ``/* */``, BigQuery's
``#``, Snowflake's ``//``), as :attr:`Analysis.comments <cdisql.analysis.Analysis.comments>`
reads them from the gaps between tokens (never from a string). The codes of every
``noqa`` on a line are merged; a bare ``noqa`` anywhere on the line suppresses every
rule there. The guard never reads them (``LintSettings.noqa=False``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cdisql.lint.diagnostics import Edit

if TYPE_CHECKING:
    from cdisql.analysis import Comment, LineIndex
    from cdisql.dialects import Warehouse

# ``\bnoqa\b(?:\s*:\s*(?P<codes>[A-Za-z]+\d+(?:\s*,\s*[A-Za-z]+\d+)*))?`` with
# re.IGNORECASE, spelled out: compiling ``[A-Za-z]`` case-insensitively builds Unicode
# case tables (~9 ms, most of what cdisql adds to a one-file lint). The letters class
# holds what IGNORECASE adds to it (dotted/dotless i, long s, Kelvin sign): the same
# matches, checked over every code point.
_LETTER = "[A-Za-z\u0130\u0131\u017f\u212a]"
_NOQA = re.compile(
    rf"\b[nN][oO][qQ][aA]\b(?:\s*:\s*(?P<codes>{_LETTER}+\d+(?:\s*,\s*{_LETTER}+\d+)*))?"
)


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``noqa`` written in one comment."""

    start: int
    end: int
    """The range of the comment that holds it."""
    codes: tuple[str, ...] | None
    """Upper-cased codes; None for a bare ``noqa`` (every rule)."""
    codes_end: int | None
    """Offset right after its last code, where another code is added (None: bare)."""


@dataclass(slots=True)
class LineNoqa:
    """Every ``noqa`` of one line, merged."""

    line: int
    directives: list[Directive]
    used: set[str] = field(default_factory=set)
    """Codes of the diagnostics this line suppressed in this run."""

    @property
    def codes(self) -> frozenset[str] | None:
        """The codes suppressed on the line; None when a bare ``noqa`` suppresses all."""
        merged: set[str] = set()
        for directive in self.directives:
            if directive.codes is None:
                return None
            merged.update(directive.codes)
        return frozenset(merged)

    def covers(self, code: str) -> bool:
        codes = self.codes
        return codes is None or code in codes


def find_noqa(text: str, comments: list[Comment], lines: LineIndex) -> dict[int, LineNoqa]:
    """The ``noqa`` of ``comments`` (those of ``text``) by the 0-based line each starts on."""
    found: dict[int, LineNoqa] = {}
    for comment in comments:
        matches = list(_NOQA.finditer(comment.text))
        if not matches:
            continue
        # the content follows the opening marker: one character for ``#``, two otherwise
        content_start = comment.start + (1 if text.startswith("#", comment.start) else 2)
        codes: tuple[str, ...] | None = ()
        codes_end = None
        for match in matches:
            codes_text = match.group("codes")
            if not codes_text:
                codes = None
            elif codes is not None:
                codes += tuple(c.strip().upper() for c in codes_text.split(","))
                codes_end = content_start + match.end("codes")
        line = lines.line_of(comment.start)
        entry = found.get(line)
        if entry is None:
            entry = found[line] = LineNoqa(line, [])
        entry.directives.append(
            Directive(comment.start, comment.end, codes, codes_end if codes else None)
        )
    return found


def suppression_edit(
    text: str, offset: int, code: str, dialect: str | Warehouse = "duckdb"
) -> Edit | None:
    """The edit that suppresses ``code`` on the line of ``offset`` of ``text``.

    It adds the code to the line's ``noqa`` when there is one, or appends
    ``  -- noqa: CODE``; None when the line already suppresses ``code`` (or every rule).
    The comments are read as lint reads them in ``dialect``.
    """
    from cdisql.analysis import LineIndex, read_comments  # the lines Analysis.lines counts

    lines = LineIndex(text)
    line = lines.line_of(offset)
    entry = find_noqa(text, read_comments(text, dialect), lines).get(line)
    code = code.upper()
    if entry is not None:
        if entry.covers(code):
            return None
        at = max(d.codes_end for d in entry.directives if d.codes_end is not None)
        return Edit(at, at, f", {code}")
    start, end = lines.line_start(line), lines.line_end(line)
    trimmed = len(text[start:end].rstrip())
    return Edit(start + trimmed, end, f"  -- noqa: {code}")
