"""The CLI end to end for every warehouse type against its peer: `sources add` with the
type's own flags, `sources test`, `catalog refresh`, `preview`, `build`, `estimate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cdisql.cli import cli

SEGMENT = "SELECT external_id AS external_user_id FROM cdisql_contract_users\n"


def _drive(
    add_args: list[str], name: str, tmp_path: Path, *, estimate: bool = True
) -> dict[str, Any]:
    runner = CliRunner()
    added = runner.invoke(cli, ["sources", "add", name, *add_args])
    assert added.exit_code == 0, added.output
    segment = tmp_path / "segment.sql"
    segment.write_text(SEGMENT)
    tested = runner.invoke(cli, ["sources", "test", name, "--json"])
    assert tested.exit_code == 0, tested.output
    refreshed = runner.invoke(cli, ["catalog", "refresh", name])
    assert refreshed.exit_code == 0, refreshed.output
    assert "table(s)" in refreshed.output
    preview = runner.invoke(cli, ["preview", str(segment), "--source", name, "--json"])
    assert preview.exit_code == 0, preview.output
    build = runner.invoke(
        cli,
        ["build", str(segment), "--source", name, "--json", "--output", str(tmp_path / "ids.csv")],
    )
    assert build.exit_code == 0, build.output
    out = {
        "test": json.loads(tested.stdout),
        "preview": json.loads(preview.stdout),
        "build": json.loads(build.stdout),
    }
    if estimate:
        estimated = runner.invoke(cli, ["estimate", str(segment), "--source", name, "--json"])
        assert estimated.exit_code == 0, estimated.output
        out["estimate"] = json.loads(estimated.stdout)
    assert len((tmp_path / "ids.csv").read_text().splitlines()) == 1 + 225
    return out


def test_snowflake_from_the_command_line(snowflake_ready: Any, tmp_path: Path) -> None:
    s = snowflake_ready.source.settings
    _drive(
        [
            "--type",
            "snowflake",
            "--account",
            "fakesnow",
            "--user",
            s["user"],
            "--role",
            s["role"],
            "--warehouse",
            s["warehouse"],
            "--database",
            "CDISQL",
            "--schema",
            "CONTRACT",
            "--private-key-file",
            s["private_key_file"],
            "--host",
            "127.0.0.1",
            "--port",
            str(s["port"]),
            "--protocol",
            "http",
        ],
        "sf-cli",
        tmp_path,
        estimate=False,  # fakesnow answers EXPLAIN with an error the connector retries forever
    )


def test_redshift_from_the_command_line(redshift_ready: Any, tmp_path: Path) -> None:
    s = redshift_ready.source.settings
    out = _drive(
        [
            "--type",
            "redshift",
            "--host",
            "127.0.0.1",
            "--port",
            str(s["port"]),
            "--user",
            s["user"],
            "--password-env",
            s["password_env"],
            "--no-ssl",
            "--database",
            redshift_ready.source.database,
            "--schema",
            redshift_ready.source.schema,
        ],
        "rs-cli",
        tmp_path,
    )
    assert out["estimate"]["rows"]


def test_bigquery_from_the_command_line(
    bigquery_ready: Any, tmp_path: Path, token_endpoint: str
) -> None:
    from warehouses_support import service_account_file

    s = bigquery_ready.source.settings
    key = tmp_path / "sa.json"
    service_account_file(key, token_endpoint)
    out = _drive(
        [
            "--type",
            "bigquery",
            "--database",
            "test-project",
            "--schema",
            "contract",
            "--api-endpoint",
            s["api_endpoint"],
            "--location",
            "US",
            "--credentials-file",
            str(key),
        ],
        "bq-cli",
        tmp_path,
    )
    assert out["estimate"]["method"] == "dry run"


def test_databricks_from_the_command_line(databricks_ready: Any, tmp_path: Path) -> None:
    s = databricks_ready.source.settings
    out = _drive(
        [
            "--type",
            "databricks",
            "--server-hostname",
            s["server_hostname"],
            "--http-path",
            s["http_path"],
            "--token-env",
            s["token_env"],
            "--database",
            databricks_ready.source.database,
            "--schema",
            databricks_ready.source.schema,
            "--connect-timeout",
            "120",
        ],
        "dbx-cli",
        tmp_path,
    )
    assert out["estimate"]["rows"] == 250


@pytest.mark.parametrize(
    ("kind", "setting"),
    [("redshift", "password"), ("databricks", "token"), ("snowflake", "private_key")],
)
def test_a_secret_value_is_refused_as_a_setting(kind: str, setting: str) -> None:
    result = CliRunner().invoke(
        cli, ["sources", "add", "x", "--type", kind, "--schema", "s", "--set", f"{setting}=hunter2"]
    )
    assert result.exit_code != 0
    assert "hunter2" not in result.output
