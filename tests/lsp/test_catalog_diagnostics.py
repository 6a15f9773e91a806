"""A segment whose only problem is a catalog rule (CDI104: a NUMBER id where a string is
required) shows it on open, without an edit, in every kind of client: one that pulls and
can be asked to pull again (``workspace.diagnostics.refreshSupport``), one that pulls and
cannot (Neovim 0.10-0.12), and one that is pushed to (Neovim 0.7)."""

from __future__ import annotations

import asyncio
import copy
import os
from pathlib import Path
from typing import Any

import pytest
from lsp_harness import (
    CATALOG,
    capabilities,
    codes,
    diagnostics_for,
    open_doc,
    session,
    wait_until,
    write_catalog,
)
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import LanguageClient

SEGMENT = "SELECT user_id AS external_user_id\nFROM users\n"
SNOWFLAKE = {"dialect": "snowflake", "catalog": "catalog.json"}


def _big_catalog() -> dict[str, Any]:
    """The harness catalog plus enough tables that loading it takes a while: the first
    pull arrives while it is still loading."""
    data = copy.deepcopy(CATALOG)
    for i in range(4000):
        data["tables"].append(
            {
                "database": "ANALYTICS",
                "schema": "CDI",
                "name": f"FILLER_{i:05d}",
                "columns": [{"name": f"C{j}", "type": "VARCHAR"} for j in range(12)],
            }
        )
    return data


_GATE_HOOK = """
import os, time
from cdisql.project import resolve as _resolve

_read = _resolve.Resolver.read_catalog


def _gated(self, plan):
    gate = os.environ["CDISQL_TEST_CATALOG_GATE"]
    deadline = time.monotonic() + 120
    while not os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.02)
    return _read(self, plan)


_resolve.Resolver.read_catalog = _gated
"""


def _gated_catalog(workspace: Path) -> tuple[dict[str, str], Path]:
    """A server environment whose catalog reads wait until the returned gate file exists
    (a ``sitecustomize`` in the test's own folder wraps the resolver's catalog read): the
    catalog is still loading for as long as the test wants, on a fast machine or a slow
    one, instead of "a catalog big enough to take a while"."""
    hooks = workspace.parent / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(_GATE_HOOK, encoding="utf-8")
    gate = workspace.parent / "catalog-gate"
    path = os.pathsep.join(p for p in (str(hooks), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "CDISQL_TEST_CATALOG_GATE": str(gate)}, gate


def _pull_caps(*, refresh: bool) -> lsp.ClientCapabilities:
    caps = capabilities(pull=True)
    assert caps.workspace is not None
    caps.workspace.diagnostics = (
        lsp.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if refresh else None
    )
    return caps


async def _pull(client: LanguageClient, uri: str) -> list[lsp.Diagnostic]:
    report = await client.text_document_diagnostic_async(
        lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, lsp.RelatedFullDocumentDiagnosticReport), report
    return list(report.items)


async def test_a_pull_client_that_cannot_be_refreshed_gets_the_catalog_rule_in_its_first_answer(
    workspace: Path,
) -> None:
    write_catalog(workspace / "catalog.json", _big_catalog())
    env, gate = _gated_catalog(workspace)
    caps = _pull_caps(refresh=False)
    async with session(workspace, init_options=SNOWFLAKE, caps=caps, env=env) as client:
        uri = open_doc(client, workspace / "ids.sql", SEGMENT)
        pulled = asyncio.ensure_future(_pull(client, uri))
        await asyncio.sleep(0.5)
        assert not pulled.done(), "the pull waits while the catalog is loading"
        gate.touch()
        first = await asyncio.wait_for(pulled, 60)
        assert codes(first) == ["CDI104"], first
        assert first[0].range.start == lsp.Position(line=0, character=7)
        # the server never sends a request the client did not say it handles
        assert client.diagnostic_refresh_count == 0


async def test_a_pull_client_that_can_be_refreshed_is_asked_to_pull_again_once_loaded(
    workspace: Path,
) -> None:
    write_catalog(workspace / "catalog.json", _big_catalog())
    env, gate = _gated_catalog(workspace)
    caps = _pull_caps(refresh=True)
    async with session(workspace, init_options=SNOWFLAKE, caps=caps, env=env) as client:
        uri = open_doc(client, workspace / "ids.sql", SEGMENT)
        first = await _pull(client, uri)  # answered at once, the catalog still loading
        assert "CDI104" not in codes(first), first
        gate.touch()
        # as an editor does: pull again each time the server asks (`initialized` asks
        # once too, before any catalog is loaded), never editing
        seen, again = 0, first
        for _ in range(3):
            await wait_until(lambda n=seen: client.diagnostic_refresh_count > n, timeout=30)
            seen = client.diagnostic_refresh_count
            again = await _pull(client, uri)
            if "CDI104" in codes(again):
                break
        assert codes(again) == ["CDI104"], again


async def test_a_push_client_is_sent_the_catalog_rule_without_an_edit(workspace: Path) -> None:
    write_catalog(workspace / "catalog.json", _big_catalog())
    async with session(workspace, init_options=SNOWFLAKE) as client:
        uri = open_doc(client, workspace / "ids.sql", SEGMENT)
        found = await diagnostics_for(client, uri, lambda ds: "CDI104" in codes(ds))
        assert codes(found) == ["CDI104"], found


async def test_a_pull_waiting_for_the_catalog_is_cancelled_by_the_client(workspace: Path) -> None:
    """The waiting pull is an ordinary request: ``$/cancelRequest`` (Neovim sends one when
    it pulls again) ends it through pygls' own task cancellation, and the next pull is
    answered once the catalog has loaded."""
    write_catalog(workspace / "catalog.json", _big_catalog())
    env, gate = _gated_catalog(workspace)
    caps = _pull_caps(refresh=False)
    async with session(workspace, init_options=SNOWFLAKE, caps=caps, env=env) as client:
        uri = open_doc(client, workspace / "ids.sql", SEGMENT)
        params = lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        waiting = asyncio.ensure_future(
            client.protocol.send_request_async(
                lsp.TEXT_DOCUMENT_DIAGNOSTIC, params, msg_id="pull-1"
            )
        )
        await asyncio.sleep(0.3)  # the request goes out; the catalog waits for the gate
        client.protocol.notify(lsp.CANCEL_REQUEST, lsp.CancelParams(id="pull-1"))
        with pytest.raises(JsonRpcRequestCancelled):
            await asyncio.wait_for(waiting, 10)
        gate.touch()
        assert codes(await _pull(client, uri)) == ["CDI104"]
