"""Settings: initializationOptions, workspace/configuration, cdisql.toml, multi-root."""

from __future__ import annotations

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

SEGMENT = "SELECT user_id FROM userz"


async def test_invalid_settings_show_a_message_and_fall_back_to_defaults(workspace: Path) -> None:
    async with session(
        workspace,
        init_options={"dialect": "oracle", "lint": {"select": 42}, "colour": "blue"},
    ) as client:
        uri = open_doc(client, workspace / "a.sql", "SELECT 1;")
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))
        messages = await wait_until(lambda: [m.message for m in client.messages] or None)
        text = "\n".join(messages)
        assert "cdisql.dialect" in text and "oracle" in text
        assert "cdisql.lint.select" in text
        assert "cdisql.colour" in text


async def test_initialization_options_select_rules(workspace: Path) -> None:
    async with session(workspace, init_options={"lint": {"ignore": ["CDI101"]}}) as client:
        uri = open_doc(client, workspace / "a.sql", "SELECT 1 AS x;")
        found = await diagnostics_for(client, uri, lambda ds: len(ds) > 0)
        assert "CDI101" not in codes(found)
        assert "CDI103" in codes(found)


async def test_configuration_change_is_reread(workspace: Path) -> None:
    async with session(workspace, configuration={"": {"lint": {"ignore": []}}}) as client:
        uri = open_doc(client, workspace / "a.sql", "SELECT 1 AS x;")
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))
        client.set_configuration({"lint": {"ignore": ["CDI101"]}}, section="cdisql")
        client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
        found = await diagnostics_for(client, uri, lambda ds: "CDI101" not in codes(ds))
        assert "CDI103" in codes(found)
        # and an invalid value is said, with the default used
        client.set_configuration({"lint": {"onChange": "sometimes"}}, section="cdisql")
        client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
        await wait_until(lambda: any("onChange" in m.message for m in client.messages))
        change_doc(client, uri, 2, "SELECT 2 AS x;")
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))


async def test_multi_root_folders_have_their_own_dialect_and_catalog(tmp_path: Path) -> None:
    snow = tmp_path / "snow"
    duck = tmp_path / "duck"
    snow.mkdir()
    duck.mkdir()
    write_catalog(snow / "catalog.json")
    configuration = {
        snow.as_uri(): {"dialect": "snowflake", "catalog": "catalog.json"},
        duck.as_uri(): {"dialect": "duckdb"},
    }
    async with session(folders=[snow, duck], configuration=configuration) as client:
        snow_uri = open_doc(client, snow / "a.sql", SEGMENT)
        duck_uri = open_doc(client, duck / "a.sql", SEGMENT)
        found = await diagnostics_for(client, snow_uri, lambda ds: "CDI201" in codes(ds))
        assert "CDI201" in codes(found)
        duck_found = await diagnostics_for(client, duck_uri, lambda ds: "CDI103" in codes(ds))
        assert "CDI201" not in codes(duck_found)  # no catalog in that folder
        status = await client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="cdisql.status", arguments=[])
        )
        by_folder = {f["folder"]: f for f in status["folders"]}
        assert by_folder[snow.as_uri()]["state"] == "catalog-loaded"
        assert by_folder[snow.as_uri()]["tables"] == 2
        assert by_folder[duck.as_uri()]["state"] == "no-source"


async def test_project_file_is_read_and_reread_when_it_changes(workspace: Path) -> None:
    write_catalog(workspace / "catalog.json")
    config = workspace / "cdisql.toml"
    config.write_text('dialect = "snowflake"\ncatalog = "catalog.json"\n', encoding="utf-8")
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", SEGMENT)
        await diagnostics_for(client, uri, lambda ds: "CDI201" in codes(ds))
        config.write_text(
            'dialect = "snowflake"\ncatalog = "catalog.json"\n[lint]\nignore = ["CDI201"]\n',
            encoding="utf-8",
        )
        client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(
                changes=[lsp.FileEvent(uri=config.as_uri(), type=lsp.FileChangeType.Changed)]
            )
        )
        found = await diagnostics_for(client, uri, lambda ds: "CDI201" not in codes(ds))
        assert "CDI103" in codes(found)


async def test_a_broken_project_file_is_said_and_defaults_apply(workspace: Path) -> None:
    (workspace / "cdisql.toml").write_text('dialect = "snowflak"\n', encoding="utf-8")
    async with session(workspace) as client:
        uri = open_doc(client, workspace / "a.sql", "SELECT 1;")
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))
        await wait_until(lambda: any("cdisql.toml" in m.message for m in client.messages))


async def test_a_missing_catalog_is_said_and_linting_goes_on(workspace: Path) -> None:
    async with session(workspace, init_options={"catalog": "nope.json"}) as client:
        uri = open_doc(client, workspace / "a.sql", "SELECT 1;")
        await diagnostics_for(client, uri, lambda ds: "CDI101" in codes(ds))
        await wait_until(lambda: any("nope.json" in m.message for m in client.messages))
        status = await client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="cdisql.status", arguments=[])
        )
        assert status["folders"][0]["state"] == "load-failed"
