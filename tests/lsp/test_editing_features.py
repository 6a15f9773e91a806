"""Completion, hover, signature help, navigation and symbols over the real server."""

from __future__ import annotations

from pathlib import Path

from lsp_harness import (
    catalogs_settled,
    codes,
    diagnostics_for,
    open_doc,
    session,
    wait_until,
    write_catalog,
)
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from cdisql.lsp.positions import Positions

SNOWFLAKE = {"dialect": "snowflake", "catalog": "catalog.json"}


def _pos(text: str, marker: str, delta: int = 0) -> lsp.Position:
    """Position (the server's codec) of ``marker`` in ``text`` plus ``delta`` code points."""
    return Positions(text).position(text.index(marker) + delta)


async def _complete(client: LanguageClient, uri: str, position: lsp.Position) -> lsp.CompletionList:
    result = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=position)
    )
    assert isinstance(result, lsp.CompletionList)
    return result


def _labels(result: lsp.CompletionList) -> list[str]:
    return [i.label for i in result.items]


async def test_completion_after_from_lists_tables_ctes_and_schemas(workspace: Path) -> None:
    write_catalog(workspace / "catalog.json")
    text = "WITH recent AS (SELECT 1 AS n)\nSELECT u.user_id FROM "
    async with session(workspace, init_options=SNOWFLAKE) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        await catalogs_settled(client)
        result = await _complete(client, uri, _pos(text, "FROM ", 5))
        labels = _labels(result)
        assert {"USERS", "ORDERS", "recent", "CDI"} <= set(labels)
        users = next(i for i in result.items if i.label == "USERS")
        assert users.kind == lsp.CompletionItemKind.Class
        assert "one row per customer" in (users.detail or "")
        orders = next(i for i in result.items if i.label == "ORDERS")
        assert orders.kind == lsp.CompletionItemKind.Interface  # a view
        resolved = await client.completion_item_resolve_async(users)
        assert isinstance(resolved.documentation, lsp.MarkupContent)
        assert "EXTERNAL_ID" in resolved.documentation.value
        assert "1,200 rows" in resolved.documentation.value


async def test_completion_of_alias_columns_with_dialect_quoting(workspace: Path) -> None:
    write_catalog(workspace / "catalog.json")
    text = "SELECT u. FROM users u JOIN orders o ON o.user_id = u.user_id"
    async with session(workspace, init_options=SNOWFLAKE) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        await catalogs_settled(client)
        result = await _complete(client, uri, _pos(text, "u. ", 2))
        labels = _labels(result)
        assert set(labels) == {"USER_ID", "EXTERNAL_ID", "EMAIL", "country code"}
        quoted = next(i for i in result.items if i.label == "country code")
        assert isinstance(quoted.text_edit, lsp.TextEdit)
        assert quoted.text_edit.new_text == '"country code"'
        orders = await _complete(client, uri, _pos(text, "o.user_id", 2))
        assert "AMOUNT" in _labels(orders)


async def test_completion_of_cte_columns_keywords_functions_and_id_snippet(workspace: Path) -> None:
    text = (
        "WITH buyers AS (SELECT user_id AS uid, email FROM users)\nSELECT b. FROM buyers b WHERE "
    )
    async with session(workspace, init_options={"dialect": "snowflake"}) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        cte = await _complete(client, uri, _pos(text, "b. ", 2))
        assert set(_labels(cte)) == {"uid", "email"}
        expression = await _complete(client, uri, _pos(text, "SELECT b.", 7))
        labels = _labels(expression)
        assert "external_user_id" in labels
        snippet = next(i for i in expression.items if i.label == "external_user_id")
        assert snippet.insert_text_format == lsp.InsertTextFormat.Snippet
        assert "AS VARCHAR) AS external_user_id" in snippet.text_edit.new_text  # type: ignore[union-attr]
        where = await _complete(
            client, uri, lsp.Position(line=1, character=len("SELECT b. FROM buyers b WHERE "))
        )
        where_labels = _labels(where)
        assert "uid" in where_labels
        assert "COALESCE" in where_labels or where.is_incomplete
        typed = await _complete(client, uri, lsp.Position(line=1, character=9))
        assert typed is not None
        coal = open_doc(client, workspace / "b.sql", "SELECT COAL")
        funcs = await _complete(client, coal, lsp.Position(line=0, character=11))
        assert "COALESCE" in _labels(funcs)
        kw = open_doc(client, workspace / "c.sql", "SEL")
        keywords = await _complete(client, kw, lsp.Position(line=0, character=3))
        assert "SELECT" in _labels(keywords)


async def test_completion_inside_a_comment_or_string_is_empty(workspace: Path) -> None:
    text = "SELECT 'abc FROM x' -- FROM "
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        assert (
            _labels(await _complete(client, uri, lsp.Position(line=0, character=len(text)))) == []
        )
        assert _labels(await _complete(client, uri, lsp.Position(line=0, character=12))) == []


async def test_completion_without_a_catalog_says_why(workspace: Path) -> None:
    text = "SELECT 1 FROM "
    async with session(workspace, init_options={"catalog": "missing.json"}) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        await wait_until(lambda: any("missing.json" in m.message for m in client.messages))
        result = await _complete(client, uri, lsp.Position(line=0, character=len(text)))
        assert result.items == [] or all(
            i.kind != lsp.CompletionItemKind.Class for i in result.items
        )


async def test_hover_on_table_column_function_and_rule(workspace: Path) -> None:
    write_catalog(workspace / "catalog.json")
    text = "SELECT COALESCE(u.external_id, 'x') FROM users u  -- noqa: CDI306\n"
    async with session(workspace, init_options=SNOWFLAKE) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        await catalogs_settled(client)
        doc = lsp.TextDocumentIdentifier(uri=uri)

        async def hover_at(marker: str, delta: int = 1) -> str:
            found = await client.text_document_hover_async(
                lsp.HoverParams(text_document=doc, position=_pos(text, marker, delta))
            )
            assert found is not None, marker
            assert isinstance(found.contents, lsp.MarkupContent)
            return found.contents.value

        table = await hover_at("users")
        assert "one row per customer" in table and "1,200 rows" in table and "EMAIL" in table
        column = await hover_at("external_id", 3)
        assert "Braze external id" in column and "VARCHAR" in column and "nullable" in column
        function = await hover_at("COALESCE")
        assert "COALESCE(" in function
        rule = await hover_at("CDI306", 2)
        assert "CDI306" in rule and "documentation" in rule
        # a diagnostic's rule under the pointer
        found = await diagnostics_for(client, uri, lambda ds: "CDI103" in codes(ds))
        d = next(x for x in found if x.code == "CDI103")
        hovered = await client.text_document_hover_async(
            lsp.HoverParams(text_document=doc, position=d.range.start)
        )
        assert hovered is not None and "CDI103" in hovered.contents.value  # type: ignore[union-attr]


async def test_signature_help_tracks_the_active_argument(workspace: Path) -> None:
    text = "SELECT IFF(x > 1, 'a', "
    async with session(workspace, init_options={"dialect": "snowflake"}) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        found = await client.text_document_signature_help_async(
            lsp.SignatureHelpParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                position=lsp.Position(line=0, character=len(text)),
            )
        )
        assert found is not None
        assert found.signatures[0].label.startswith("IFF(")
        assert found.active_parameter == 2


async def test_definition_references_and_highlight_for_cte_and_alias(workspace: Path) -> None:
    text = (
        "WITH buyers AS (SELECT user_id FROM orders)\n"
        "SELECT CAST(b.user_id AS VARCHAR) AS external_user_id\n"
        "FROM buyers b WHERE b.user_id > 0"
    )
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        doc = lsp.TextDocumentIdentifier(uri=uri)
        where = await client.text_document_definition_async(
            lsp.DefinitionParams(text_document=doc, position=_pos(text, "buyers b", 2))
        )
        assert isinstance(where, list)
        assert where[0].range.start == lsp.Position(line=0, character=5)
        alias = await client.text_document_definition_async(
            lsp.DefinitionParams(text_document=doc, position=_pos(text, "b.user_id", 0))
        )
        assert isinstance(alias, list)
        assert alias[0].range.start == _pos(text, "b WHERE")
        refs = await client.text_document_references_async(
            lsp.ReferenceParams(
                text_document=doc,
                position=_pos(text, "b WHERE"),
                context=lsp.ReferenceContext(include_declaration=True),
            )
        )
        assert refs is not None and len(refs) == 3
        lights = await client.text_document_document_highlight_async(
            lsp.DocumentHighlightParams(text_document=doc, position=_pos(text, "buyers AS", 1))
        )
        assert lights is not None and len(lights) == 2
        assert lights[0].kind == lsp.DocumentHighlightKind.Write


async def test_document_symbols_list_ctes_subqueries_and_the_final_select(workspace: Path) -> None:
    text = (
        "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a)\n"
        "SELECT CAST(x AS VARCHAR) AS external_user_id FROM b\n"
        "WHERE x IN (SELECT x FROM a)"
    )
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        symbols = await client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert symbols is not None
        names = [s.name for s in symbols]
        assert names == ["a", "b", "SELECT"]
        final = symbols[-1]
        assert isinstance(final, lsp.DocumentSymbol)
        assert [c.name for c in final.children or []] == ["subquery"]


async def test_completion_and_hover_ranges_are_utf16_after_emoji(workspace: Path) -> None:
    write_catalog(workspace / "catalog.json")
    text = "SELECT '🎉🎉', u.ext FROM users u"
    async with session(workspace, init_options=SNOWFLAKE) as client:
        uri = open_doc(client, workspace / "a.sql", text)
        await catalogs_settled(client)
        cursor = _pos(text, "u.ext", 5)
        assert cursor.character == text.index("u.ext") + 5 + 2  # two emoji, two extra units
        result = await _complete(client, uri, cursor)
        item = next(i for i in result.items if i.label == "EXTERNAL_ID")
        assert isinstance(item.text_edit, lsp.TextEdit)
        assert item.text_edit.range.start == _pos(text, "ext")
        assert item.text_edit.range.end == cursor
        found = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=_pos(text, "users", 2)
            )
        )
        assert found is not None and found.range is not None
        assert found.range.start == _pos(text, "users")
        assert found.range.end == _pos(text, "users", 5)
