"""Offsets <-> line/column, exact with CRLF, lone CR and non-ASCII text.

The core speaks in character offsets into the Python string (what sqlglot's tokens
carry). Faces convert: the CLI reports 1-based rows and columns in code points, the
language server 0-based lines and UTF-16 code units.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_KEPT_IN_LINES = frozenset("\n\t")


def printable(text: str, limit: int | None = 40, *, lines: bool = False) -> str:
    """``text`` safe to show anywhere: every control character (an ANSI escape's ESC, a
    bell, a carriage return...) written visibly as ``\\x1b``, so no terminal acts on
    it; cut at ``limit`` characters. With ``lines``, newlines and tabs stay as they are."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():
        return text
    kept = _KEPT_IN_LINES if lines else frozenset()
    return "".join(ch if ch.isprintable() or ch in kept else repr(ch)[1:-1] for ch in text)


@dataclass(frozen=True, slots=True)
class LineCol:
    """0-based line and 0-based column in code points."""

    line: int
    column: int


class LineIndex:
    """Line starts of one text, for fast conversions in both directions."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        if "\r" in text:
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        else:  # the usual case, four times faster than the regex: a start after each LF
            self._starts = [0, *accumulate(len(line) + 1 for line in text.split("\n"))]
            self._starts.pop()

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        return self._starts[min(max(line, 0), len(self._starts) - 1)]

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line``, excluding its line break."""
        line = min(max(line, 0), len(self._starts) - 1)
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self._text)
        while end > self._starts[line] and self._text[end - 1] in "\r\n":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        return self._text[self.line_start(line) : self.line_end(line)]

    def line_of(self, offset: int) -> int:
        offset = min(max(offset, 0), len(self._text))
        return bisect.bisect_right(self._starts, offset) - 1

    def position(self, offset: int) -> LineCol:
        offset = min(max(offset, 0), len(self._text))
        line = self.line_of(offset)
        # an offset inside a CRLF pair belongs to the end of its line
        return LineCol(line, min(offset, self.line_end(line)) - self._starts[line])

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based line/column (code points), clamped into the text."""
        if line >= len(self._starts):
            return len(self._text)
        start = self.line_start(line)
        return min(start + max(column, 0), self.line_end(line))

    # -- UTF-16 (the language server's default position encoding) ----------------------
    def utf16_position(self, offset: int) -> LineCol:
        pos = self.position(offset)
        start = self._starts[pos.line]
        prefix = self._text[start : start + pos.column]
        return LineCol(pos.line, utf16_len(prefix))

    def offset_from_utf16(self, line: int, character: int) -> int:
        if line >= len(self._starts):
            return len(self._text)
        start = self.line_start(line)
        end = self.line_end(line)
        units = 0
        i = start
        while i < end and units < character:
            units += 2 if ord(self._text[i]) > 0xFFFF else 1
            i += 1
        return i


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units.

    A lone surrogate (valid in JSON, so a client can send one) counts one unit.
    """
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
