"""The server's document store applies edits on LSP's lines (``\\n``, ``\\r\\n``, ``\\r``
only) with its one position codec, whatever the text holds: U+2028 and the other breaks
of ``str.splitlines``, astral characters (two UTF-16 units), CRLF, lone CR."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types as lsp

from cdisql.lsp.documents import Documents, apply_change
from cdisql.lsp.positions import Positions
from cdisql.textindex import LineIndex

URI = "file:///w/segment.sql"
SPLITLINES_ONLY = "\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"
"""Characters ``str.splitlines`` breaks at and LSP does not."""

PIECES = [*SPLITLINES_ONLY, "\r\n", "\r", "\n", "😀", "🎉", "a", "é", " ", "SELECT "]
texts = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)
encodings = st.sampled_from(["utf-16", "utf-8", "utf-32"])


def _edit(
    start: tuple[int, int], end: tuple[int, int], text: str
) -> lsp.TextDocumentContentChangePartial:
    return lsp.TextDocumentContentChangePartial(
        range=lsp.Range(
            start=lsp.Position(line=start[0], character=start[1]),
            end=lsp.Position(line=end[0], character=end[1]),
        ),
        text=text,
    )


def _offsets(text: str) -> list[int]:
    """Offsets an LSP position can name: not between the CR and LF of one line break."""
    return [
        i for i in range(len(text) + 1) if not (0 < i < len(text) and text[i - 1 : i + 1] == "\r\n")
    ]


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_the_codec_lines_are_lsp_lines(text: str) -> None:
    """Lines start after each ``\r\n``, ``\r`` or ``\n`` and nowhere else (with or
    without a CR in the text: the index has a fast path for LF-only texts)."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    lines = LineIndex(text)
    assert [lines.line_start(i) for i in range(lines.line_count)] == starts
    pos = Positions(text)
    for offset in _offsets(text):
        assert pos.offset(pos.position(offset)) == offset


@pytest.mark.parametrize("brk", SPLITLINES_ONLY)
def test_an_edit_after_a_unicode_break_lands_on_the_lsp_line(brk: str) -> None:
    text = f"/* a{brk}b */\nSELECT x"
    # LSP: line 0 is "/* a{brk}b */" (the break is an ordinary character), line 1 "SELECT x"
    assert apply_change(text, _edit((1, 7), (1, 8), "y")) == f"/* a{brk}b */\nSELECT y"
    assert apply_change(text, _edit((0, 5), (0, 6), "B")) == f"/* a{brk}B */\nSELECT x"
    # a character past the line's end means the end of that line, not the next line
    assert apply_change(text, _edit((0, 99), (0, 99), "!")) == f"/* a{brk}b */!\nSELECT x"


def test_utf16_units_crlf_and_lone_cr() -> None:
    text = "🎉x\r\n\u2028é\rSELECT 1"
    # "x" is at UTF-16 unit 2 of line 0 (the emoji counts two); line 2 follows the lone CR
    assert apply_change(text, _edit((0, 2), (0, 3), "y")) == "🎉y\r\n\u2028é\rSELECT 1"
    assert apply_change(text, _edit((1, 1), (1, 2), "e")) == "🎉x\r\n\u2028e\rSELECT 1"
    assert apply_change(text, _edit((2, 7), (2, 8), "2")) == "🎉x\r\n\u2028é\rSELECT 2"
    # UTF-8 positions count bytes
    assert apply_change(text, _edit((1, 3), (1, 5), "e"), "utf-8") == "🎉x\r\n\u2028e\rSELECT 1"


def test_a_whole_text_change_replaces_the_text_and_close_forgets_it() -> None:
    docs = Documents()
    docs.open(URI, "a\u2028b", 1)
    doc = docs.change(URI, 2, [lsp.TextDocumentContentChangeWholeDocument(text="SELECT 1")])
    assert doc is not None and (doc.text, doc.version) == ("SELECT 1", 2)
    # one URI spelled two ways is one document
    assert docs.get(URI.replace("segment", "%73egment")) is doc
    docs.close(URI)
    assert docs.get(URI) is None
    assert docs.change(URI, 3, []) is None


@settings(max_examples=300, deadline=None)
@given(
    text=texts,
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), texts), max_size=8),
    encoding=encodings,
    batched=st.booleans(),
)
def test_random_edits_match_the_reference_applied_with_the_codec(
    text: str, edits: list[tuple[int, int, str]], encoding: str, batched: bool
) -> None:
    """Each edit is made on code-point offsets (the reference), sent as the range the codec
    gives for them, and applied by the store: the texts agree after every edit, whether
    the edits come one notification each or all in one (each range in the text the
    previous left)."""
    docs = Documents()
    docs.open(URI, text, 1)
    expected = text
    changes = []
    for a, b, new in edits:
        spots = _offsets(expected)
        start, end = sorted((spots[a % len(spots)], spots[b % len(spots)]))
        change = lsp.TextDocumentContentChangePartial(
            range=Positions(expected, encoding).range(start, end), text=new
        )
        expected = expected[:start] + new + expected[end:]
        if batched:
            changes.append(change)
        else:
            doc = docs.change(URI, len(changes) + 2, [change], encoding)
            assert doc is not None and doc.text == expected
    if batched:
        doc = docs.change(URI, 2, changes, encoding)
        assert doc is not None and doc.text == expected


@settings(max_examples=200, deadline=None)
@given(
    text=texts,
    lines=st.tuples(st.integers(0, 12), st.integers(0, 12)),
    chars=st.tuples(st.integers(0, 40), st.integers(0, 40)),
    new=texts,
    encoding=encodings,
)
def test_any_range_a_client_sends_replaces_one_span_and_never_raises(
    text: str, lines: tuple[int, int], chars: tuple[int, int], new: str, encoding: str
) -> None:
    """Out-of-range, reversed or mid-character positions are clamped, never fatal: the
    result is the text with one span replaced."""
    change = _edit((lines[0], chars[0]), (lines[1], chars[1]), new)
    result = apply_change(text, change, encoding)
    spans = [(s, e) for s in range(len(text) + 1) for e in range(s, len(text) + 1)]
    assert any(result == text[:s] + new + text[e:] for s, e in spans), (text, result)
