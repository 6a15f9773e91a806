"""End-to-end harness: the real ``cdisql serve`` process driven over stdio by pytest-lsp."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER_COMMAND = [sys.executable, "-m", "cdisql", "serve"]

CATALOG = {
    "version": 1,
    "warehouse": "snowflake",
    "source": "test",
    "generated_at": "2026-11-28T00:00:00Z",
    "tables": [
        {
            "database": "ANALYTICS",
            "schema": "CDI",
            "name": "USERS",
            "kind": "table",
            "description": "one row per customer",
            "row_count": 1200,
            "columns": [
                {
                    "name": "USER_ID",
                    "type": "NUMBER(38,0)",
                    "nullable": False,
                    "description": "internal id",
                },
                {
                    "name": "EXTERNAL_ID",
                    "type": "VARCHAR",
                    "nullable": True,
                    "description": "Braze external id",
                },
                {"name": "EMAIL", "type": "VARCHAR", "nullable": True},
                {"name": "country code", "type": "VARCHAR", "nullable": True},
            ],
        },
        {
            "database": "ANALYTICS",
            "schema": "CDI",
            "name": "ORDERS",
            "kind": "view",
            "description": "paid orders",
            "columns": [
                {"name": "ORDER_ID", "type": "NUMBER"},
                {"name": "USER_ID", "type": "NUMBER"},
                {"name": "AMOUNT", "type": "NUMBER(12,2)"},
            ],
        },
    ],
}


def capabilities(*, pull: bool = False, progress: bool = True) -> lsp.ClientCapabilities:
    """A small, explicit client: push diagnostics unless ``pull``."""
    return lsp.ClientCapabilities(
        workspace=lsp.WorkspaceClientCapabilities(
            configuration=True,
            workspace_folders=True,
            did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
            diagnostics=lsp.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
            if pull
            else None,
        ),
        window=lsp.WindowClientCapabilities(work_done_progress=progress),
        text_document=lsp.TextDocumentClientCapabilities(
            publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(
                related_information=True, version_support=True
            ),
            diagnostic=lsp.DiagnosticClientCapabilities() if pull else None,
            completion=lsp.CompletionClientCapabilities(
                completion_item=lsp.ClientCompletionItemOptions(
                    snippet_support=True, documentation_format=[lsp.MarkupKind.Markdown]
                )
            ),
            hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
        ),
    )


def write_catalog(path: Path, data: dict[str, Any] | None = None) -> Path:
    path.write_text(json.dumps(data or CATALOG), encoding="utf-8")
    return path


@contextlib.asynccontextmanager
async def session(
    root: Path | None = None,
    *,
    init_options: Any = None,
    folders: list[Path] | None = None,
    configuration: dict[str, Any] | None = None,
    pull: bool = False,
    caps: lsp.ClientCapabilities | None = None,
    env: dict[str, str] | None = None,
) -> AsyncIterator[LanguageClient]:
    """Start the server, initialize it and yield the client; shut down afterwards.

    ``configuration`` maps a scope URI ("" for global) to the ``cdisql`` section;
    ``env`` is added to the server's environment.
    """
    server_env = {**os.environ, **env} if env else None
    client = await ClientServerConfig(server_command=SERVER_COMMAND, server_env=server_env).start()
    assert isinstance(client, LanguageClient)
    for scope, value in (configuration or {}).items():
        client.set_configuration(value, section="cdisql", scope_uri=scope)
    roots = folders if folders is not None else ([root] if root is not None else [])
    await client.initialize_session(
        lsp.InitializeParams(
            capabilities=caps or capabilities(pull=pull),
            initialization_options=init_options,
            workspace_folders=[lsp.WorkspaceFolder(uri=p.as_uri(), name=p.name) for p in roots]
            or None,
            root_uri=roots[0].as_uri() if roots else None,
        )
    )
    try:
        yield client
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.shutdown_session(), 10)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.stop(), 20)
        server = client._server
        if server is not None and server.returncode is None:
            server.kill()  # never let a stuck server hang the test run


def open_doc(client: LanguageClient, path: Path, text: str, language_id: str = "sql") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri=uri, language_id=language_id, version=1, text=text
            )
        )
    )
    return uri


def change_doc(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def wait_until(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {check}")
        await asyncio.sleep(0.02)


async def diagnostics_for(
    client: LanguageClient,
    uri: str,
    predicate: Callable[[list[lsp.Diagnostic]], bool] | None = None,
) -> list[lsp.Diagnostic]:
    def ready() -> Any:
        if uri not in client.diagnostics:
            return None
        found = list(client.diagnostics[uri])
        return (found or [None]) if predicate is None or predicate(found) else None

    result = await wait_until(ready)
    return [d for d in result if d is not None]


async def catalogs_settled(client: LanguageClient) -> list[dict[str, Any]]:
    """Wait until no folder's catalog is still loading; return the folders' status."""
    deadline = time.monotonic() + 30
    while True:
        status = await client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="cdisql.status", arguments=[])
        )
        folders = list(status["folders"])
        if all(f["state"] != "loading" for f in folders) or time.monotonic() > deadline:
            return folders
        await asyncio.sleep(0.05)


def codes(diagnostics: list[lsp.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)
