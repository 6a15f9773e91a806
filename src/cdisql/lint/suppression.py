"""``-- noqa`` and ``-- noqa: CDI306, CDI301`` comments on the line a diagnostic starts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdisql.analysis import Analysis

# ``\bnoqa\b(?:\s*:\s*(?P<codes>[A-Za-z]+\d+(?:\s*,\s*[A-Za-z]+\d+)*))?`` with
# re.IGNORECASE, spelled out: compiling ``[A-Za-z]`` case-insensitively builds Unicode
# case tables (~9 ms, most of what cdisql adds to a one-file lint). The letters class
# holds what IGNORECASE adds to it (dotted/dotless i, long s, Kelvin sign): the same
# matches, checked over every code point.
_LETTER = "[A-Za-z\u0130\u0131\u017f\u212a]"
_NOQA = re.compile(
    rf"\b[nN][oO][qQ][aA]\b(?:\s*:\s*(?P<codes>{_LETTER}+\d+(?:\s*,\s*{_LETTER}+\d+)*))?"
)


@dataclass
class Suppression:
    line: int
    start: int
    end: int
    codes: tuple[str, ...] | None
    """None suppresses every code on the line."""
    used: set[str]

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def find_suppressions(analysis: Analysis) -> dict[int, Suppression]:
    """Suppressions by 0-based line, read only from real comments (never from strings)."""
    found: dict[int, Suppression] = {}
    for comment in analysis.comments:
        match = _NOQA.search(comment.text)
        if not match:
            continue
        codes_text = match.group("codes")
        codes = tuple(c.strip().upper() for c in codes_text.split(",")) if codes_text else None
        line = analysis.lines.line_of(comment.start)
        found[line] = Suppression(line, comment.start, comment.end, codes, set())
    return found
