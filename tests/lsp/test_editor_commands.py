"""What the editors show from the source commands, over the real server on an embedded
DuckDB source: preview rows as an aligned table, a build's CSV and history diff, the
status of the source a project's cdisql.toml names, the list of sources, and a quiet
log when a client cancels a request already answered."""

from __future__ import annotations

import asyncio
import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from lsp_harness import SERVER_COMMAND, catalogs_settled, open_doc, session
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

SEGMENT = "SELECT CAST(user_id AS VARCHAR) AS external_user_id FROM users WHERE user_id < {n}"


@pytest.fixture
def local_source(tmp_path: Path) -> Path:
    """A DuckDB file with 500 users and their names, stored as the source ``local``."""
    from cdisql.sources import store
    from cdisql.sources.model import Source

    database = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(database))
    con.execute(
        "CREATE TABLE users AS SELECT i AS user_id, 'user number ' || i AS full_name "
        "FROM range(500) t(i)"
    )
    con.close()
    store.add_source(Source(name="local", type="duckdb", schema="main", database=str(database)))
    return database


async def _command(client: LanguageClient, name: str, *args: Any) -> Any:
    return await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=name, arguments=list(args))
    )


async def test_preview_answers_the_rows_as_an_aligned_table(
    workspace: Path, local_source: Path
) -> None:
    text = "SELECT user_id, full_name FROM users ORDER BY user_id"
    async with session(workspace, init_options={"source": "local"}) as client:
        uri = open_doc(client, workspace / "seg.sql", text)
        preview = await _command(client, "cdisql.previewSegment", uri)
    assert preview["status"] == "ok", preview
    assert preview["truncated"] is True  # 500 users, 100 shown
    lines = preview["table"].splitlines()
    assert lines[0].split(" | ") == ["user_id", "full_name"]
    assert set(lines[1]) <= {"-", "+"}
    assert lines[2] == "0       | user number 0"
    assert lines[-1] == "99      | user number 99"
    assert len(lines) == 2 + 100
    # every row's separator sits under the header's: the columns are aligned
    assert {line.index("|") for line in lines if "|" in line} == {8}


async def test_build_writes_the_ids_to_a_csv_and_reports_the_history_diff(
    workspace: Path, local_source: Path
) -> None:
    async with session(workspace, init_options={"source": "local"}) as client:
        await _command(client, "cdisql.testConnection")
        path = workspace / "seg.sql"
        uri = open_doc(client, path, SEGMENT.format(n=10))
        first = await _command(client, "cdisql.buildSegment", uri)
        assert first["status"] == "ok", first
        assert first["members"] == 10
        assert first["diff"]["previous"] is None
        assert first["output"] in first["message"]
        with open(first["output"], newline="", encoding="utf-8") as handle:
            ids = [row[0] for row in csv.reader(handle)]
        assert sorted(ids[1:], key=int) == [str(i) for i in range(10)]
        assert Path(first["output"]).name.startswith("seg-")

        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    lsp.TextDocumentContentChangeWholeDocument(text=SEGMENT.format(n=12))
                ],
            )
        )
        second = await _command(client, "cdisql.buildSegment", uri)
    assert second["status"] == "ok", second
    # the history diff compares builds of the same segment text: a changed text has none
    assert second["diff"]["previous"] is None


async def test_the_editor_says_what_the_command_line_says(
    workspace: Path, local_source: Path
) -> None:
    """Test, preview and build answer with the same sentences as `cdisql sources test`,
    `cdisql preview` and `cdisql build`: the wording is the result's, not the face's."""
    from click.testing import CliRunner

    from cdisql.cli import cli

    path = workspace / "seg.sql"
    path.write_text(SEGMENT.format(n=7), encoding="utf-8")
    async with session(workspace, init_options={"source": "local"}) as client:
        tested = await _command(client, "cdisql.testConnection")
        uri = open_doc(client, path, SEGMENT.format(n=7))
        built = await _command(client, "cdisql.buildSegment", uri)
        previewed = await _command(client, "cdisql.previewSegment", uri)
    assert tested["message"].startswith("connection test passed: source 'local' is active")
    runner = CliRunner()
    said = runner.invoke(cli, ["sources", "test", "local"]).stdout
    assert "connection test passed: source 'local' is active" in said
    # the build: status, members, time and the temporary table's fate, as the CLI prints it
    assert built["message"].startswith("ok: 7 members counted"), built
    assert f"temporary table {built['temp_table']} dropped" in built["message"]
    cli_build = runner.invoke(cli, ["build", str(path), "--source", "local"])
    assert cli_build.stdout.startswith("ok: 7 members counted"), cli_build.output
    assert previewed["message"].startswith("7 row(s) in "), previewed
    cli_preview = runner.invoke(cli, ["preview", str(path), "--source", "local"])
    assert "\n7 row(s) in " in cli_preview.stdout, cli_preview.output


async def test_a_rebuild_reports_who_entered_and_left(workspace: Path, local_source: Path) -> None:
    async with session(workspace, init_options={"source": "local"}) as client:
        await _command(client, "cdisql.testConnection")
        uri = open_doc(client, workspace / "seg.sql", SEGMENT.format(n=10))
        first = await _command(client, "cdisql.buildSegment", uri)
        con = duckdb.connect(str(local_source))
        con.execute("DELETE FROM users WHERE user_id IN (1, 2)")
        con.close()
        second = await _command(client, "cdisql.buildSegment", uri)
    assert second["status"] == "ok", second
    assert second["members"] == 8
    diff = second["diff"]
    assert diff["previous"] == first["build_id"]
    assert (diff["entered"], diff["left"], diff["previousMembers"]) == (0, 2, 10)
    assert diff["leftSample"] == ["1", "2"]


async def test_status_names_the_source_of_the_projects_cdisql_toml(
    workspace: Path, local_source: Path
) -> None:
    (workspace / "cdisql.toml").write_text('source = "local"\n', encoding="utf-8")
    async with session(workspace) as client:
        await _command(client, "cdisql.testConnection", {"source": "local"})

        async def loaded() -> list[dict[str, Any]]:
            for _ in range(200):
                folders = await catalogs_settled(client)
                if folders[0]["state"] == "catalog-loaded":
                    break
                await asyncio.sleep(0.05)
            return folders

        folders = await loaded()
        listed = await _command(client, "cdisql.listSources")
    assert folders[0]["source"] == "local"
    assert folders[0]["sourceState"] == "active"
    assert folders[0]["state"] == "catalog-loaded"
    assert listed["sources"] == [
        {"name": "local", "type": "duckdb", "schema": "main", "state": "active"}
    ]


def _frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def test_cancelling_an_answered_request_is_not_logged_as_a_warning(tmp_path: Path) -> None:
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}},
        {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 77}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        SERVER_COMMAND,
        input=b"".join(_frame(m) for m in messages),
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert b'"id": 2' in done.stdout or b'"id":2' in done.stdout, done.stdout[-500:]
    assert b"Cancel notification" not in done.stderr, done.stderr.decode()
    assert b"WARNING" not in done.stderr, done.stderr.decode()
    assert sys.executable in SERVER_COMMAND
