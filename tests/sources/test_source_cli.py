"""The command line over the sources core: what a user types and sees, exit codes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from source_helpers import segment_tables

from cdisql.catalog import load_catalog
from cdisql.cli import cli
from cdisql.lint import get_rule, lint_text
from cdisql.sources import store
from cdisql.sources.model import SourceState

SEGMENT = "SELECT external_id AS external_user_id FROM users WHERE opted_in\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_test_show_remove(warehouse: Path) -> None:
    code, out, _ = run(
        "sources",
        "add",
        "local",
        "--type",
        "duckdb",
        "--database",
        str(warehouse),
        "--max-runtime",
        "15m",
    )
    assert code == 0 and "draft" in out
    code, out, _ = run("sources", "list")
    assert code == 0
    for word in ("local", "duckdb", "main", "15m", "draft", "never"):
        assert word in out
    code, out, _ = run("sources", "test", "local")
    assert code == 0, out
    assert "✓ create table" in out and "users (table) — one row per user" in out
    assert store.get_source("local").state is SourceState.ACTIVE
    code, out, _ = run("sources", "list")
    assert "active" in out and " ok" in out
    code, out, _ = run("sources", "show", "local", "--json")
    assert json.loads(out)["max_runtime"] == "15m"
    code, out, _ = run("sources", "remove", "local")
    assert code == 0 and store.load_sources() == {}


def test_sources_test_json_and_failure_exit_code(tmp_path: Path) -> None:
    run("sources", "add", "gone", "--type", "duckdb", "--database", str(tmp_path / "no.duckdb"))
    code, out, _ = run("sources", "test", "gone", "--json")
    data = json.loads(out)
    assert code == 3 and data["ok"] is False and data["state"] == "draft"
    assert data["checks"][0]["fix"]


def test_add_refuses_bad_runtime_collision_and_unknown_settings(warehouse: Path) -> None:
    base = ["sources", "add", "a", "--type", "duckdb", "--database", str(warehouse)]
    code, _, err = run(*base, "--max-runtime", "2h")
    assert code == 2 and "between 1s and 60m" in err
    assert run(*base)[0] == 0
    code, _, err = run("sources", "add", "b", "--type", "duckdb", "--database", str(warehouse))
    assert code == 2 and "source 'a' already reads schema 'main'" in err
    code, _, err = run("sources", "add", "c", *base[3:], "--set", "colour=blue")
    assert code == 2 and "not a duckdb setting" in err


def test_build_json_output_and_exit_codes(active, warehouse: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    segment = tmp_path / "seg.sql"
    segment.write_text(SEGMENT)
    output = tmp_path / "ids.csv"
    code, out, _ = run(
        "build", str(segment), "--source", "local", "--json", "--output", str(output)
    )
    data = json.loads(out)
    assert code == 0
    assert {k: data[k] for k in ("source", "segment", "status", "members", "dropped")} == {
        "source": "local",
        "segment": str(segment),
        "status": "ok",
        "members": 333,
        "dropped": True,
    }
    assert isinstance(data["duration_s"], float) and data["temp_table"]
    assert output.read_text().count("\n") == 334
    bad = tmp_path / "bad.sql"
    bad.write_text("SELECT 1 AS external_user_id; DROP TABLE users")
    code, out, err = run("build", str(bad), "--source", "local")
    assert code == 1 and f"{bad}:1:" in err and "refused" in err
    slow = tmp_path / "slow.sql"
    slow.write_text(
        "SELECT CAST(a.range AS VARCHAR) AS external_user_id "
        "FROM range(100000000) AS a, range(100000000) AS b"
    )
    code, out, _ = run("build", str(slow), "--source", "local", "--max-runtime", "1s", "--json")
    assert code == 4 and json.loads(out)["status"] == "timeout"
    assert run("build", str(segment), "--source", "nope")[0] == 2
    assert run("build", str(tmp_path / "missing.sql"), "--source", "local")[0] == 2
    assert run("build", str(segment), "--source", "local", "--max-runtime", "0s")[0] == 2
    assert segment_tables(warehouse) == []


def test_build_on_a_draft_source_is_a_config_error(draft, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    segment = tmp_path / "seg.sql"
    segment.write_text(SEGMENT)
    code, _, err = run("build", str(segment), "--source", "local")
    assert code == 2 and "cdisql sources test local" in err


def test_builds_lists_history_and_diff(active, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    segment = tmp_path / "seg.sql"
    segment.write_text(SEGMENT)
    run("build", str(segment), "--source", "local")
    run("build", str(segment), "--source", "local")
    code, out, _ = run("builds", "--source", "local", "--segment", str(segment), "--json")
    assert code == 0 and [r["status"] for r in json.loads(out)] == ["ok", "ok"]
    code, out, _ = run("builds", "diff", "--segment", str(segment), "--json")
    data = json.loads(out)
    assert data["entered"] == [] and data["left"] == [] and data["previous"]


def test_preview_prints_a_table_of_at_most_100_rows(active, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    segment = tmp_path / "p.sql"
    segment.write_text("SELECT user_id, external_id FROM users")
    code, out, _ = run("preview", str(segment), "--source", "local")
    assert code == 0 and "user_100 " in out and "user_101 " not in out
    assert "100 row(s)" in out and "at most 100" in out
    code, out, _ = run("preview", str(segment), "--source", "local", "--json")
    assert len(json.loads(out)["rows"]) == 100


def test_catalog_export_then_lint_round_trip(active, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "catalog.json"
    assert run("catalog", "refresh", "local")[0] == 0
    code, out, _ = run("catalog", "export", "local", "-o", str(target))
    assert code == 0
    catalog = load_catalog(target)
    users = catalog.resolve("users")
    assert users is not None and users.description == "one row per user"
    assert users.column("external_id") is not None
    assert users.column("external_id").description == "Braze external id"  # type: ignore[union-attr]
    clean = lint_text(SEGMENT, "duckdb", catalog=catalog)
    assert not [d for d in clean.diagnostics if d.code.startswith("CDI2")]
    typo = lint_text(
        "SELECT external_idd AS external_user_id FROM users", "duckdb", catalog=catalog
    )
    missing = lint_text(
        "SELECT external_id AS external_user_id FROM userz", "duckdb", catalog=catalog
    )
    if get_rule("CDI202") is not None:
        assert "CDI202" in {d.code for d in typo.diagnostics}
    if get_rule("CDI201") is not None:
        assert "CDI201" in {d.code for d in missing.diagnostics}
    code, out, _ = run("catalog", "show", "local", "users")
    assert code == 0 and "Braze external id" in out
    code, _, err = run("catalog", "show", "local", "usres")
    assert code == 2 and "did you mean 'users'" in err


def test_ctrl_c_interrupts_a_real_build_drops_table_and_exits_130(
    active,
    warehouse: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    slow = tmp_path / "slow.sql"
    slow.write_text(
        "SELECT CAST(a.range AS VARCHAR) AS external_user_id "
        "FROM range(100000000) AS a, range(100000000) AS b"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "cdisql", "build", str(slow), "--source", "local", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    time.sleep(2.5)  # let it connect and start the CREATE TABLE
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 130, err.decode()
    data = json.loads(out)
    assert data["status"] == "cancelled" and data["temp_table"] and data["dropped"] is True
    assert segment_tables(warehouse) == []


def test_add_builds_flags_from_each_adapter_settings_spec(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cloud adapter declares its settings once; `sources add` offers them as flags."""
    from cdisql.sources.base import SettingSpec
    from cdisql.sources.duckdb import DuckDBAdapter

    class FakeSnowflake(DuckDBAdapter):
        kind = "snowflake"
        settings_spec = (
            SettingSpec("account", "account identifier", required=True),
            SettingSpec("warehouse", "virtual warehouse", required=True),
            SettingSpec("private_key_file", "key file", secret_ref=True),
            SettingSpec("login_timeout", "seconds", kind="int", default=60),
        )

    module = types.ModuleType("cdisql.sources.snowflake")
    module.ADAPTER = FakeSnowflake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cdisql.sources.snowflake", module)
    code, out, _ = run("sources", "add", "--help")
    assert "--account" in out and "--private-key-file" in out and "never the secret" in out
    code, _, err = run(
        "sources",
        "add",
        "sf",
        "--type",
        "snowflake",
        "--database",
        "ANALYTICS",
        "--schema",
        "CDI",
        "--warehouse",
        "WH",
    )
    assert code == 2 and "--account" in err
    code, _, err = run(
        "sources",
        "add",
        "sf",
        "--type",
        "snowflake",
        "--database",
        "ANALYTICS",
        "--schema",
        "CDI",
        "--account",
        "xy123",
        "--warehouse",
        "WH",
        "--private-key-file",
        str(tmp_path / "k.p8"),
        "--set",
        "login_timeout=30",
    )
    assert code == 0, err
    stored = store.get_source("sf")
    assert stored.settings == {
        "account": "xy123",
        "warehouse": "WH",
        "private_key_file": str(tmp_path / "k.p8"),
        "login_timeout": 30,
    }
    code, _, err = run(
        "sources",
        "add",
        "sf2",
        "--type",
        "snowflake",
        "--database",
        "analytics",
        "--schema",
        "cdi",
        "--account",
        "XY123",
        "--warehouse",
        "OTHER",
    )
    assert code == 2 and "'sf'" in err  # same schema on the same account
