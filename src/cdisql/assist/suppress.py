"""The edit that suppresses a rule on one line with a ``-- noqa: CODE`` comment."""

from __future__ import annotations

import re

from cdisql.lint.diagnostics import Edit
from cdisql.textindex import LineIndex

_NOQA = re.compile(
    r"--.*?\bnoqa\b(?P<colon>\s*:\s*(?P<codes>[A-Za-z]+\d+(?:\s*,\s*[A-Za-z]+\d+)*))?", re.I
)


def suppression_edit(text: str, offset: int, code: str) -> Edit | None:
    """Add ``code`` to the line's ``noqa`` comment, or append ``  -- noqa: CODE``.

    None when the line already suppresses ``code`` (or everything).
    """
    lines = LineIndex(text)
    line = lines.line_of(offset)
    start, end = lines.line_start(line), lines.line_end(line)
    content = text[start:end]
    match = _NOQA.search(content)
    if match:
        codes = match.group("codes")
        if codes is None:
            return None  # a bare noqa already suppresses every rule on the line
        if code.upper() in {c.strip().upper() for c in codes.split(",")}:
            return None
        at = start + match.end("codes")
        return Edit(at, at, f", {code}")
    trimmed = len(content.rstrip())
    return Edit(start + trimmed, end, f"  -- noqa: {code}")
