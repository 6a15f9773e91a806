"""Offsets <-> LSP positions in the negotiated encoding (UTF-16 unless the client asks).

The server's one position codec: lines break only at ``\n``, ``\r\n`` and ``\r`` (as LSP
says; :class:`~cdisql.textindex.LineIndex`), never at U+2028 and the other breaks of
``str.splitlines``. Incoming edits (lsp/documents.py) and every range sent use it.
"""

from __future__ import annotations

from lsprotocol import types as lsp

from cdisql.textindex import LineIndex


class Positions:
    """Conversions for one text, in ``utf-16`` (the default), ``utf-32`` or ``utf-8``."""

    __slots__ = ("encoding", "lines", "text")

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.encoding = encoding

    def position(self, offset: int) -> lsp.Position:
        if self.encoding == "utf-16":
            at = self.lines.utf16_position(offset)
            return lsp.Position(line=at.line, character=at.column)
        pos = self.lines.position(offset)
        if self.encoding == "utf-8":
            start = self.lines.line_start(pos.line)
            prefix = self.text[start : start + pos.column]
            return lsp.Position(
                line=pos.line, character=len(prefix.encode("utf-8", "surrogatepass"))
            )
        return lsp.Position(line=pos.line, character=pos.column)

    def range(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self.position(start), end=self.position(max(start, end)))

    def offset(self, pos: lsp.Position) -> int:
        line = max(0, pos.line)
        character = max(0, pos.character)
        if self.encoding == "utf-16":
            return self.lines.offset_from_utf16(line, character)
        if self.encoding == "utf-8":
            if line >= self.lines.line_count:
                return len(self.text)
            start = self.lines.line_start(line)
            end = self.lines.line_end(line)
            raw = self.text[start:end].encode("utf-8", "surrogatepass")[:character]
            return start + len(raw.decode("utf-8", "ignore"))
        return self.lines.offset(line, character)
