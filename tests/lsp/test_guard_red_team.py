"""The red-team mechanisms through the language server's preview command, on the real
server process over stdio and a real DuckDB source: refused, the database unchanged
(every catalog object, a checksum of every table's rows) and no file written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from lsp_harness import open_doc, session
from lsprotocol import types as lsp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))

from redteam_segments import MECHANISMS, database_state, files_under, smuggling
from source_helpers import make_warehouse


@pytest.fixture
def local_source(tmp_path: Path) -> Path:
    store = pytest.importorskip("cdisql.sources.store")
    from cdisql.sources.model import Source, SourceState

    (tmp_path / "data").mkdir()
    database = make_warehouse(tmp_path / "data" / "warehouse.duckdb")
    store.add_source(
        Source("local", "duckdb", "main", database=str(database), state=SourceState.ACTIVE)
    )
    return database


@pytest.mark.parametrize("mechanism", MECHANISMS)
async def test_server_preview_refuses_the_red_team_segment(
    workspace: Path, local_source: Path, mechanism: str
) -> None:
    before, files = database_state(local_source), files_under(local_source.parent)
    async with session(workspace, init_options={"source": "local"}) as client:
        uri = open_doc(client, workspace / "smuggle.sql", smuggling(mechanism, "preview"))
        params = lsp.ExecuteCommandParams(command="cdisql.previewSegment", arguments=[uri])
        result: Any = await client.protocol.send_request_async(
            lsp.WORKSPACE_EXECUTE_COMMAND, params
        )
    assert result["status"] == "refused", result
    assert "nothing was sent" in result["message"]
    assert database_state(local_source) == before
    assert files_under(local_source.parent) == files
