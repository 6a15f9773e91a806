"""The missing-driver hint says what installs the driver where the user is."""

from __future__ import annotations

import sys
from importlib import metadata

import pytest
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.sources.base import install_command


class _Distribution:
    """Stands in for ``importlib.metadata.Distribution``: only ``read_text`` is used."""

    def __init__(self, direct_url: str | None) -> None:
        self.direct_url = direct_url

    def read_text(self, filename: str) -> str | None:
        return self.direct_url if filename == "direct_url.json" else None


def test_from_an_index_the_hint_installs_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metadata, "distribution", lambda name: _Distribution(None))
    assert install_command("snowflake") == "pip install 'cdisql[snowflake]'"


def test_from_a_clone_the_hint_is_an_editable_install_in_that_clone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clone = '{"dir_info": {"editable": true}, "url": "file:///home/me/src/cdi%20sql"}'
    monkeypatch.setattr(metadata, "distribution", lambda name: _Distribution(clone))
    assert install_command("bigquery") == (
        "pip install -e '.[bigquery]' in /home/me/src/cdi sql (your clone of cdisql)"
    )
    wheel = '{"archive_info": {}, "url": "file:///tmp/cdisql-0.1-py3-none-any.whl"}'
    monkeypatch.setattr(metadata, "distribution", lambda name: _Distribution(wheel))
    assert install_command("bigquery") == "pip install 'cdisql[bigquery]'"


def test_sources_test_shows_the_hint_with_its_brackets(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the driver missing (its import blocked), the hint reaches the user whole."""
    monkeypatch.setitem(sys.modules, "snowflake.connector", None)
    monkeypatch.setattr(metadata, "distribution", lambda name: _Distribution(None))
    runner = CliRunner()
    added = runner.invoke(
        cli,
        [
            "sources",
            "add",
            "sf",
            "--type",
            "snowflake",
            "--database",
            "DB",
            "--schema",
            "S",
            "--account",
            "acme-x1",
            "--user",
            "U",
            "--role",
            "R",
            "--warehouse",
            "W",
        ],
        catch_exceptions=False,
    )
    assert added.exit_code == 0, added.output
    tested = runner.invoke(cli, ["sources", "test", "sf"], catch_exceptions=False)
    assert tested.exit_code == 3
    assert "what to do: pip install 'cdisql[snowflake]'" in tested.stdout
    assert tested.stdout.count("pip install") == 1
