"""Diagnostics over the real server: content, ranges, versions, push and pull."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsp_harness import (
    change_doc,
    codes,
    diagnostics_for,
    open_doc,
    session,
    wait_until,
    write_catalog,
)
from lsprotocol import types as lsp


async def test_diagnostic_has_code_link_severity_range_and_suggestion(workspace: Path) -> None:
    write_catalog(workspace / "catalog.json")
    async with session(
        workspace, init_options={"dialect": "snowflake", "catalog": "catalog.json"}
    ) as client:
        uri = open_doc(client, workspace / "a.sql", "SELECT user_id FROM userz;")
        found = await diagnostics_for(client, uri, lambda ds: "CDI201" in codes(ds))
        unknown = next(d for d in found if d.code == "CDI201")
        assert unknown.range == lsp.Range(
            start=lsp.Position(line=0, character=20), end=lsp.Position(line=0, character=25)
        )
        assert unknown.source == "cdisql"
        assert unknown.code_description is not None
        assert "cdi201" in unknown.code_description.href
        assert unknown.severity is not None
        related = [r.message for r in unknown.related_information or []]
        assert any("USERS" in m for m in related) or "USERS" in unknown.message
        semicolon = next(d for d in found if d.code == "CDI101")
        assert semicolon.range.start.character == 25


async def test_ranges_are_utf16_with_emoji(workspace: Path) -> None:
    text = "SELECT '🎉🎉' AS x, user_id FROM users;"
    async with session(workspace, init_options={"dialect": "snowflake"}) as client:
        uri = open_doc(client, workspace / "emoji.sql", text)
        found = await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))
        semicolon = next(d for d in found if d.code == "CDI101")
        # each emoji is one code point but two UTF-16 code units
        assert semicolon.range.start.character == len(text) - 1 + 2
        assert semicolon.range.end.character == len(text) + 2


async def test_pure_garbage_document_gets_diagnostics_and_the_server_lives(workspace: Path) -> None:
    garbage = "\x00\x01 ))) SELECT '' \"\"\" `` ;;; /* unterminated \udcff 🎉 \\ ' \n" * 3
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "junk.sql", garbage)
        found = await diagnostics_for(client, uri, lambda ds: len(ds) > 0)
        assert found
        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                position=lsp.Position(line=0, character=5),
            )
        )
        assert hover is None or hover.contents is not None
        completion = await client.text_document_completion_async(
            lsp.CompletionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                position=lsp.Position(line=1, character=40),
            )
        )
        assert completion is not None or completion is None
        symbols = await client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert symbols is not None


async def test_fast_edits_publish_the_latest_version_and_never_an_older_one(
    workspace: Path,
) -> None:
    published: list[int] = []
    async with session(workspace, init_options={"dialect": "duckdb"}) as client:
        original = client.protocol.fm.features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

        def record(params: lsp.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                published.append(params.version)
            original(params)

        client.protocol.fm.features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
        # a long segment, so that linting one version takes longer than sending an edit
        ctes = ",\n".join(
            f"c{i} AS (SELECT user_id, amount * {i} AS a FROM orders WHERE amount > {i})"
            for i in range(400)
        )
        uri = open_doc(client, workspace / "fast.sql", "SELECT 1")
        for version in range(2, 60):
            change_doc(client, uri, version, f"WITH {ctes}\nSELECT {version} FROM c1;")
        await wait_until(lambda: published and published[-1] == 59)
        await asyncio.sleep(0.3)
        assert published == sorted(published), published
        assert published[-1] == 59
        assert len(published) < 59  # intermediate versions were skipped
        final = client.diagnostics[uri]
        assert "CDI101" in codes(list(final))


async def test_lint_on_change_off_lints_on_open_and_save_only(workspace: Path) -> None:
    async with session(workspace, init_options={"lint": {"onChange": False}}) as client:
        uri = open_doc(client, workspace / "save.sql", "SELECT 1 AS external_user_id")
        await diagnostics_for(client, uri)
        await asyncio.sleep(0.5)  # settings round trip after `initialized` (it re-lints)
        change_doc(client, uri, 2, "SELECT 1 AS external_user_id;")
        await asyncio.sleep(0.5)
        assert "CDI101" not in codes(list(client.diagnostics[uri]))
        client.text_document_did_save(
            lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))


async def test_closing_a_document_clears_its_diagnostics(workspace: Path) -> None:
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "c.sql", "SELECT 1;")
        await diagnostics_for(client, uri, lambda ds: len(ds) > 0)
        client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        await diagnostics_for(client, uri, lambda ds: len(ds) == 0)


async def test_any_language_id_is_linted(workspace: Path) -> None:
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "q.sql", "SELECT 1;", language_id="snowflake-sql")
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))


async def test_pull_diagnostics_with_result_id(workspace: Path) -> None:
    async with session(workspace, pull=True) as client:
        uri = open_doc(client, workspace / "p.sql", "SELECT 1;")
        params = lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        await client.text_document_diagnostic_async(params)
        await asyncio.sleep(0.5)  # let the settings round trip after `initialized` settle
        report = await client.text_document_diagnostic_async(params)
        assert isinstance(report, lsp.RelatedFullDocumentDiagnosticReport)
        assert "CDI101" in codes(list(report.items))
        assert report.result_id
        again = await client.text_document_diagnostic_async(
            lsp.DocumentDiagnosticParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                previous_result_id=report.result_id,
            )
        )
        assert again.kind == "unchanged"
        change_doc(client, uri, 2, "SELECT 1 AS external_user_id")
        fresh = await client.text_document_diagnostic_async(
            lsp.DocumentDiagnosticParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                previous_result_id=report.result_id,
            )
        )
        assert fresh.kind == "full"
        assert isinstance(fresh, lsp.RelatedFullDocumentDiagnosticReport)
        assert "CDI101" not in codes(list(fresh.items))
        # a pulling client gets no pushed diagnostics (no duplicates in the editor)
        assert uri not in client.diagnostics
