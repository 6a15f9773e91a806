"""Code actions (rule fixes, suppression, fix all) and formatting over the real server."""

from __future__ import annotations

from pathlib import Path

from lsp_harness import codes, diagnostics_for, open_doc, session, wait_until
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from cdisql.lsp.positions import Positions


def _apply(text: str, edits: list[lsp.TextEdit]) -> str:
    pos = Positions(text)
    spans = sorted(
        ((pos.offset(e.range.start), pos.offset(e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def _actions(
    client: LanguageClient,
    uri: str,
    diagnostics: list[lsp.Diagnostic],
    only: list[str] | None = None,
) -> list[lsp.CodeAction]:
    whole = lsp.Range(
        start=lsp.Position(line=0, character=0), end=lsp.Position(line=99, character=0)
    )
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=whole,
            context=lsp.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    return [a for a in found or [] if isinstance(a, lsp.CodeAction)]


def _edits(action: lsp.CodeAction, uri: str) -> list[lsp.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[uri])


async def test_each_fix_is_a_quick_fix_and_suppression_is_offered(workspace: Path) -> None:
    text = "SELECT id FROM users;"
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        found = await diagnostics_for(
            client, uri, lambda ds: {"CDI101", "CDI103"} <= set(codes(ds))
        )
        actions = await _actions(client, uri, found)
        titles = [a.title for a in actions]
        alias = next(a for a in actions if "CDI103" in a.title and "Suppress" not in a.title)
        assert alias.kind == lsp.CodeActionKind.QuickFix
        assert _apply(text, _edits(alias, uri)) == "SELECT id AS external_user_id FROM users;"
        semicolon = next(a for a in actions if "CDI101" in a.title and "Suppress" not in a.title)
        assert _apply(text, _edits(semicolon, uri)) == "SELECT id FROM users"
        assert "Suppress CDI103 on this line" in titles
        suppress = next(a for a in actions if a.title == "Suppress CDI103 on this line")
        assert _apply(text, _edits(suppress, uri)) == "SELECT id FROM users;  -- noqa: CDI103"
        fix_all = next(a for a in actions if a.kind == lsp.CodeActionKind.SourceFixAll)
        assert _apply(text, _edits(fix_all, uri)) == "SELECT id AS external_user_id FROM users"


async def test_suppression_extends_an_existing_noqa(workspace: Path) -> None:
    text = "SELECT id FROM users  -- noqa: CDI301"
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        found = await diagnostics_for(client, uri, lambda ds: "CDI103" in codes(ds))
        actions = await _actions(client, uri, found, only=[lsp.CodeActionKind.QuickFix])
        suppress = next(a for a in actions if a.title == "Suppress CDI103 on this line")
        assert (
            _apply(text, _edits(suppress, uri)) == "SELECT id FROM users  -- noqa: CDI301, CDI103"
        )
        assert all(a.kind == lsp.CodeActionKind.QuickFix for a in actions)


async def test_document_formatting_keeps_comments(workspace: Path) -> None:
    text = "select a as external_user_id -- the id\nfrom t where x=1 /* keep */\n"
    async with session(workspace, init_options={"dialect": "snowflake"}) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        edits = await client.text_document_formatting_async(
            lsp.DocumentFormattingParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                options=lsp.FormattingOptions(tab_size=2, insert_spaces=True),
            )
        )
        assert edits
        formatted = _apply(text, list(edits))
        assert formatted.startswith("SELECT")
        assert "-- the id" in formatted and "/* keep */" in formatted


async def test_formatting_refuses_broken_sql_with_a_message(workspace: Path) -> None:
    text = "select from where -- mine\n"
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        edits = await client.text_document_formatting_async(
            lsp.DocumentFormattingParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                options=lsp.FormattingOptions(tab_size=2, insert_spaces=True),
            )
        )
        assert not edits
        await wait_until(lambda: any("not formatted" in m.message for m in client.messages))


async def test_range_formatting_touches_only_the_selected_lines(workspace: Path) -> None:
    text = "-- header kept as is\nselect a as external_user_id from t where x=1\n"
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        edits = await client.text_document_range_formatting_async(
            lsp.DocumentRangeFormattingParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=lsp.Range(
                    start=lsp.Position(line=1, character=3), end=lsp.Position(line=1, character=10)
                ),
                options=lsp.FormattingOptions(tab_size=2, insert_spaces=True),
            )
        )
        assert edits
        formatted = _apply(text, list(edits))
        assert formatted.startswith("-- header kept as is\nSELECT")
        assert formatted.endswith("\n")
