"""Source commands over the real server on an embedded DuckDB source: test, refresh,
preview, build with progress, and cancellation that drops the temporary table."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import duckdb
import pytest
from lsp_harness import open_doc, session, wait_until
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

SLOW = (
    "SELECT CAST(a.user_id + b.user_id AS VARCHAR) AS external_user_id\n"
    "FROM users a CROSS JOIN users b"
)
QUICK = "SELECT CAST(user_id AS VARCHAR) AS external_user_id FROM users WHERE user_id < 10"


@pytest.fixture
def duck_source(tmp_path: Path) -> Path:
    """A DuckDB file with 200,000 users, stored as the draft source ``local``."""
    from cdisql.sources import store
    from cdisql.sources.model import Source

    database = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(database))
    con.execute("CREATE TABLE users AS SELECT i AS user_id FROM range(200000) t(i)")
    con.execute("COMMENT ON TABLE users IS 'every user'")
    con.close()
    store.add_source(Source(name="local", type="duckdb", schema="main", database=str(database)))
    return database


def _segment_tables(database: Path) -> list[str]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows if r[0].startswith("cdisql_segment_")]


async def _command(client: LanguageClient, name: str, *args: Any, msg_id: str | None = None) -> Any:
    params = lsp.ExecuteCommandParams(command=name, arguments=list(args))
    return await client.protocol.send_request_async(
        lsp.WORKSPACE_EXECUTE_COMMAND, params, msg_id=msg_id
    )


def _messages(client: LanguageClient) -> str:
    return "\n".join(m.message for m in client.messages)


async def test_test_refresh_preview_and_build(workspace: Path, duck_source: Path) -> None:
    async with session(workspace, init_options={"source": "local"}) as client:
        uri = open_doc(client, workspace / "seg.sql", QUICK)
        status = await _command(client, "cdisql.status")
        assert status["folders"][0]["source"] in ("local", None)

        tested = await _command(client, "cdisql.testConnection", uri)
        assert tested["status"] == "ok", tested
        assert "active" in tested["message"]
        await wait_until(lambda: "is active" in _messages(client))

        refreshed = await _command(client, "cdisql.refreshCatalog", uri)
        assert refreshed["status"] == "ok" and refreshed["tables"] == 1

        async def loaded() -> dict[str, Any]:
            status = await _command(client, "cdisql.status")
            return status["folders"][0]

        for _ in range(100):
            folder = await loaded()
            if folder["state"] == "catalog-loaded":
                break
            await asyncio.sleep(0.05)
        assert folder["state"] == "catalog-loaded"
        assert folder["sourceState"] == "active"
        assert folder["catalogAgeSeconds"] is not None

        preview = await _command(client, "cdisql.previewSegment", uri)
        assert preview["status"] == "ok", preview
        assert len(preview["rows"]) == 10

        built = await _command(client, "cdisql.buildSegment", uri)
        assert built["status"] == "ok", built
        assert built["members"] == 10
        assert built["dropped"] is True
        # work-done progress was reported: begin ... end
        kinds = [type(v).__name__ for reports in client.progress_reports.values() for v in reports]
        assert "WorkDoneProgressBegin" in kinds and "WorkDoneProgressEnd" in kinds
        begins = [
            v.title
            for reports in client.progress_reports.values()
            for v in reports
            if isinstance(v, lsp.WorkDoneProgressBegin)
        ]
        assert any("Building segment" in t and "max" in t for t in begins)
        # each run shows the warm-up (connecting) as a phase of its own, then the query
        for reports in client.progress_reports.values():
            said = [v.message or "" for v in reports if isinstance(v, lsp.WorkDoneProgressReport)]
            if not any(m.startswith("connecting") for m in said):
                continue
            first_query = next(i for i, m in enumerate(said) if not m.startswith("connecting"))
            assert said[0].startswith("connecting / warming up: 0s / max 2m"), said
            assert all(m.startswith("connecting") for m in said[:first_query])
        runs = [
            reports
            for reports in client.progress_reports.values()
            if any(
                isinstance(v, lsp.WorkDoneProgressReport)
                and (v.message or "").startswith("connecting / warming up")
                for v in reports
            )
        ]
        assert len(runs) >= 2, client.progress_reports  # the preview and the build
        assert _segment_tables(duck_source) == []


async def _start_slow_build(client: LanguageClient, uri: str, msg_id: str) -> asyncio.Future[Any]:
    tested = await _command(client, "cdisql.testConnection", uri)
    assert tested["status"] == "ok", tested
    future = asyncio.ensure_future(_command(client, "cdisql.buildSegment", uri, msg_id=msg_id))

    def elapsed_reported() -> bool:
        return any(
            isinstance(v, lsp.WorkDoneProgressReport) and "max" in (v.message or "")
            for reports in client.progress_reports.values()
            for v in reports
        )

    await wait_until(elapsed_reported, timeout=20)
    return future


async def test_cancel_request_stops_the_build_and_drops_its_table(
    workspace: Path, duck_source: Path
) -> None:
    async with session(workspace, init_options={"source": "local"}) as client:
        uri = open_doc(client, workspace / "slow.sql", SLOW)
        future = await _start_slow_build(client, uri, "build-1")
        # typing stays responsive while the build runs
        hover = await asyncio.wait_for(
            client.text_document_hover_async(
                lsp.HoverParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri),
                    position=lsp.Position(line=0, character=8),
                )
            ),
            2,
        )
        assert hover is not None
        client.protocol.notify(lsp.CANCEL_REQUEST, lsp.CancelParams(id="build-1"))
        with contextlib.suppress(Exception):
            await asyncio.wait_for(future, 20)
        await wait_until(lambda: "cancelled" in _messages(client), timeout=20)
        assert _segment_tables(duck_source) == []


async def test_progress_cancel_stops_the_build(workspace: Path, duck_source: Path) -> None:
    async with session(workspace, init_options={"source": "local"}) as client:
        uri = open_doc(client, workspace / "slow.sql", SLOW)
        future = await _start_slow_build(client, uri, "build-2")
        token = next(
            t
            for t, reports in client.progress_reports.items()
            if any(
                isinstance(v, lsp.WorkDoneProgressBegin) and "Building" in v.title for v in reports
            )
        )
        client.window_work_done_progress_cancel(lsp.WorkDoneProgressCancelParams(token=token))
        result = await asyncio.wait_for(future, 20)
        assert result["status"] == "cancelled", result
        assert result["dropped"] in (True, None)
        assert _segment_tables(duck_source) == []


async def test_commands_without_a_source_say_what_to_do(workspace: Path) -> None:
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", QUICK)
        result = await _command(client, "cdisql.buildSegment", uri)
        assert result["status"] == "error"
        assert "cdisql.source" in result["message"]
        await wait_until(lambda: "cdisql.source" in _messages(client))


async def test_code_lens_offers_preview_build_and_test(workspace: Path, duck_source: Path) -> None:
    async with session(
        workspace, init_options={"source": "local", "build": {"maxRuntime": "15m"}}
    ) as client:
        uri = open_doc(client, workspace / "a.sql", "\n  " + QUICK)
        lenses = await client.text_document_code_lens_async(
            lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert lenses is not None
        titles = [lens.command.title for lens in lenses if lens.command]
        assert titles == ["Preview", "Build segment (max 15m)", "Test source"]
        assert lenses[0].range.start == lsp.Position(line=1, character=2)
        assert lenses[1].command is not None and list(lenses[1].command.arguments or []) == [uri]


async def test_a_failed_refresh_keeps_completion_working_and_says_why(
    workspace: Path, duck_source: Path
) -> None:
    async with session(workspace, init_options={"source": "local"}) as client:
        text = "SELECT 1 FROM "
        uri = open_doc(client, workspace / "a.sql", text)
        tested = await _command(client, "cdisql.testConnection", uri)
        assert tested["status"] == "ok", tested
        duck_source.write_bytes(b"this is not a database any more")
        refreshed = await _command(client, "cdisql.refreshCatalog", uri)
        assert refreshed["status"] == "error"
        await wait_until(lambda: "Error" in _messages(client) or "error" in _messages(client))

        async def table_labels() -> list[str]:
            result = await client.text_document_completion_async(
                lsp.CompletionParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri),
                    position=lsp.Position(line=0, character=len(text)),
                )
            )
            assert isinstance(result, lsp.CompletionList)
            return [i.label for i in result.items]

        for _ in range(100):
            if "users" in await table_labels():
                break
            await asyncio.sleep(0.05)
        assert "users" in await table_labels()


async def test_shutdown_during_a_build_stops_it_and_drops_its_table(
    workspace: Path, duck_source: Path
) -> None:
    async with session(workspace, init_options={"source": "local"}) as client:
        uri = open_doc(client, workspace / "slow.sql", SLOW)
        future = await _start_slow_build(client, uri, "build-3")
        server = client._server
        assert server is not None
    with contextlib.suppress(Exception):
        await asyncio.wait_for(future, 5)
    assert server.returncode is not None  # the server exited instead of waiting for the build
    assert _segment_tables(duck_source) == []
