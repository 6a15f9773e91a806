"""Document and range formatting over the real server: layout changes, code does not."""

from __future__ import annotations

from pathlib import Path

from lsp_harness import open_doc, session, wait_until
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from cdisql.textindex import LineIndex

OPTIONS = lsp.FormattingOptions(tab_size=2, insert_spaces=True)


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """The edits applied (ASCII texts: UTF-16 units are code points)."""
    lines = LineIndex(text)
    spans = sorted(
        (
            (
                lines.offset(e.range.start.line, e.range.start.character),
                lines.offset(e.range.end.line, e.range.end.character),
                e.new_text,
            )
            for e in edits
        ),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def format_range(client: LanguageClient, uri: str, first: int, last: int) -> list:
    found = await client.text_document_range_formatting_async(
        lsp.DocumentRangeFormattingParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(
                start=lsp.Position(line=first, character=0),
                end=lsp.Position(line=last, character=3),
            ),
            options=OPTIONS,
        )
    )
    return list(found or [])


async def test_document_formatting_keeps_the_authors_sql(workspace: Path) -> None:
    text = (
        "select id as external_user_id -- the id\n"
        "from users\nwhere email is not null\n  and created_at > current_date - 30\n"
    )
    async with session(workspace, init_options={"dialect": "snowflake"}) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        edits = await client.text_document_formatting_async(
            lsp.DocumentFormattingParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), options=OPTIONS
            )
        )
        assert apply(text, list(edits or [])) == (
            "SELECT\n  id AS external_user_id  -- the id\nFROM users\n"
            "WHERE\n  email IS NOT NULL\n  AND created_at > CURRENT_DATE - 30\n"
        )


async def test_range_formatting_changes_only_the_selected_lines(workspace: Path) -> None:
    text = "select a as external_user_id,\nb from t\nwhere x=1 and y=2\n-- the end\n"
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        edits = await format_range(client, uri, 2, 2)
        assert edits and all(e.range.start.line >= 2 and e.range.end.line <= 2 for e in edits)
        assert apply(text, edits) == (
            "select a as external_user_id,\nb from t\nWHERE\n  x = 1 AND y = 2\n-- the end\n"
        )


async def test_a_refusal_says_where_and_why(workspace: Path) -> None:
    text = "select a\nfrom t where\n"
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        assert await format_range(client, uri, 0, 1) == []
        await wait_until(
            lambda: any(
                "not formatted: line 2: syntax error: " in m.message for m in client.messages
            )
        )
