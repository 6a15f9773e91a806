"""A cloned repository is untrusted: a catalog that is /dev/zero or a FIFO is refused by the
real server with a message, at once and without growing the process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from lsp_harness import codes, diagnostics_for, open_doc, session, wait_until
from lsprotocol import types as lsp


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
async def test_a_special_catalog_file_is_refused_and_linting_goes_on(
    workspace: Path, kind: str
) -> None:
    if kind == "fifo":
        os.mkfifo(workspace / "catalog.json")
        named = "catalog.json"
    else:
        named = "/dev/zero"
    (workspace / "cdisql.toml").write_text(f'catalog = "{named}"\n', encoding="utf-8")
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", "SELECT 1;")
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))
        await wait_until(
            lambda: any("not a regular file" in m.message for m in client.messages), timeout=20
        )
        status = await client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="cdisql.status", arguments=[])
        )
        assert status["folders"][0]["state"] == "load-failed"
        if sys.platform == "linux":
            pid = status.get("pid") or _server_pid(client)
            if pid:
                assert _rss_kib(pid) < 1_000_000


def _server_pid(client: object) -> int | None:
    process = getattr(getattr(client, "_server", None), "pid", None)
    return process if isinstance(process, int) else None


async def test_a_request_on_an_unopened_fifo_is_answered(workspace: Path) -> None:
    """pygls reads a document that is not open from disk: a FIFO must not hang the handler."""
    os.mkfifo(workspace / "pipe.sql")
    async with session(workspace) as client:
        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=(workspace / "pipe.sql").as_uri()),
                position=lsp.Position(line=0, character=0),
            )
        )
        assert hover is None
        uri = open_doc(client, workspace / "a.sql", "SELECT 1;")
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))
