"""The open documents: text and version, kept by the server with its one position codec.

LSP breaks lines only at ``\\n``, ``\\r\\n`` and ``\\r``. pygls' own document copy applies
incremental edits on ``str.splitlines()`` lines, which also break at U+2028, U+2029,
``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e`` and ``\\x85``: an edit after one of them lands in
the wrong place (and pygls rewrites a position past its line's end in the request). So
the server keeps the text here, converting each edit's range with
:class:`~cdisql.lsp.positions.Positions`, the codec every diagnostic, completion and
edit the server sends goes through; pygls keeps no copy (lsp/protocol.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from lsprotocol import types as lsp

from cdisql.lsp.positions import Positions


@dataclass(frozen=True, slots=True)
class Document:
    uri: str
    text: str
    version: int


def apply_change(
    text: str, change: lsp.TextDocumentContentChangeEvent, encoding: str = "utf-16"
) -> str:
    """``text`` after one ``contentChanges`` entry: the whole text, or a range replaced."""
    if not isinstance(change, lsp.TextDocumentContentChangePartial):
        return change.text
    pos = Positions(text, encoding)
    start = pos.offset(change.range.start)
    end = pos.offset(change.range.end)
    if end < start:  # a reversed range: the span between its ends
        start, end = end, start
    return text[:start] + change.text + text[end:]


class Documents:
    """Open documents by URI (percent-decoded, as clients spell one URI several ways)."""

    __slots__ = ("_docs",)

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}

    def open(self, uri: str, text: str, version: int) -> Document:
        doc = Document(uri, text, version)
        self._docs[unquote(uri)] = doc
        return doc

    def change(
        self,
        uri: str,
        version: int,
        changes: Iterable[lsp.TextDocumentContentChangeEvent],
        encoding: str = "utf-16",
    ) -> Document | None:
        """Apply ``changes`` in order (each range is in the text the previous one left);
        None for a document that is not open."""
        doc = self._docs.get(unquote(uri))
        if doc is None:
            return None
        text = doc.text
        for change in changes:
            text = apply_change(text, change, encoding)
        doc = Document(doc.uri, text, version)
        self._docs[unquote(uri)] = doc
        return doc

    def close(self, uri: str) -> None:
        self._docs.pop(unquote(uri), None)

    def get(self, uri: str) -> Document | None:
        return self._docs.get(unquote(uri))

    def __contains__(self, uri: str) -> bool:
        return unquote(uri) in self._docs

    def __iter__(self) -> Iterator[str]:
        return iter([doc.uri for doc in self._docs.values()])
