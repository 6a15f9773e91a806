"""Incremental edits over the real server: after edits around U+2028 and the other
characters ``str.splitlines`` breaks at (LSP does not), astral characters and CRLF, the
diagnostics' ranges point at the text the editor shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsp_harness import diagnostics_for, open_doc, session, write_catalog
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from cdisql.lsp.positions import Positions

SNOWFLAKE = {"dialect": "snowflake", "catalog": "catalog.json"}
PIECES = ["\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]
PIECES += ["\r\n", "\r", "\n", "🎉", "é", "a", " "]


def _send(
    client: LanguageClient, uri: str, version: int, text: str, start: int, end: int, new: str
) -> str:
    """Replace ``text[start:end]`` with ``new`` as an editor does (the range in UTF-16
    positions of the text it shows); the text it shows afterwards."""
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                lsp.TextDocumentContentChangePartial(
                    range=Positions(text).range(start, end), text=new
                )
            ],
        )
    )
    return text[:start] + new + text[end:]


def _spans(text: str, found: list[lsp.Diagnostic], code: str) -> list[str]:
    pos = Positions(text)
    return [
        text[pos.offset(d.range.start) : pos.offset(d.range.end)] for d in found if d.code == code
    ]


START = "/* owner\u2028team 🎉\r\n\x85 */\r\nSELECT user_id FROM users"
edits = st.lists(
    st.tuples(
        st.integers(0, 1000),
        st.integers(0, 2),
        st.lists(st.sampled_from(PIECES), max_size=3).map("".join),
    ),
    min_size=1,
    max_size=12,
)


async def _edit_then_check(root: Path, programs: list[list[tuple[int, int, str]]]) -> None:
    write_catalog(root / "catalog.json")
    async with session(root, init_options=SNOWFLAKE) as client:
        for n, program in enumerate(programs):
            text = START
            uri = open_doc(client, root / f"edited_{n}.sql", text)
            version = 1
            for spot, length, new in program:
                # inside the comment (after its "/*", before its "*/"), never inside a CRLF
                inside = [
                    i for i in range(2, text.index("*/") + 1) if text[i - 1 : i + 1] != "\r\n"
                ]
                k = spot % len(inside)
                start, end = inside[k], inside[min(k + length, len(inside) - 1)]
                version += 1
                text = _send(client, uri, version, text, start, end, new)
            # then a typo in the table's name, after every one of those characters
            at = text.rindex("users")
            version += 1
            text = _send(client, uri, version, text, at, at + len("users"), "userz")
            found = await diagnostics_for(
                client, uri, lambda ds: any(d.code == "CDI201" for d in ds)
            )
            assert _spans(text, found, "CDI201") == ["userz"], (repr(text), found)


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(programs=st.lists(edits, min_size=1, max_size=4))
def test_diagnostics_after_edits_around_unicode_line_breaks_point_at_the_text(
    tmp_path: Path, programs: list[list[tuple[int, int, str]]]
) -> None:
    """Random incremental edits inside a comment holding those characters (each sent as
    the range the codec gives in the text the editor shows), then a typo after them: the
    server's CDI201 covers exactly the typo."""
    asyncio.run(_edit_then_check(tmp_path, programs))


async def test_a_change_batch_applies_each_range_to_the_text_the_previous_left(
    workspace: Path,
) -> None:
    write_catalog(workspace / "catalog.json")
    text = "-- a\u2028b\nSELECT user_id FROM users\u2028"
    async with session(workspace, init_options=SNOWFLAKE) as client:
        uri = open_doc(client, workspace / "batch.sql", text)
        first = Positions(text).range(text.index("user_id"), text.index("user_id") + 7)
        after_first = text.replace("user_id", "USER_ID")
        at = after_first.rindex("users")
        second = Positions(after_first).range(at, at + 5)
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(range=first, text="USER_ID"),
                    lsp.TextDocumentContentChangePartial(range=second, text="userz"),
                ],
            )
        )
        final = after_first[:at] + "userz" + after_first[at + 5 :]
        found = await diagnostics_for(client, uri, lambda ds: any(d.code == "CDI201" for d in ds))
        assert _spans(final, found, "CDI201") == ["userz"], found
