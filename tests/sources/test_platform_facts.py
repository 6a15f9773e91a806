"""The platform's limits come from data/platform.json, and the code applies them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.platform import raw_facts
from cdisql.sources.model import MaxRuntime, SourceError
from cdisql.sources.preview import PREVIEW_MAX_ROWS, PREVIEW_MAX_SECONDS


def test_max_runtime_bounds_are_the_data_files() -> None:
    bounds = raw_facts()["max_runtime"]
    assert MaxRuntime.MAX_SECONDS == bounds["platform_max_seconds"] == 3600
    assert bounds["cdisql_min_seconds"] == MaxRuntime.MIN_SECONDS
    assert MaxRuntime.parse("60m").seconds == 3600
    with pytest.raises(SourceError, match="between 1s and 60m"):
        MaxRuntime.parse("61m")
    assert MaxRuntime.parse("30s").below_platform_minimum
    assert not MaxRuntime.parse("1m").below_platform_minimum


def test_preview_limits_are_the_data_files() -> None:
    preview = raw_facts()["preview"]
    assert (preview["max_rows"], preview["max_seconds"]) == (PREVIEW_MAX_ROWS, PREVIEW_MAX_SECONDS)
    assert (PREVIEW_MAX_ROWS, PREVIEW_MAX_SECONDS) == (100, 60)


def test_adding_a_source_under_the_platform_minimum_says_so(warehouse: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "sources",
            "add",
            "quick",
            "--type",
            "duckdb",
            "--database",
            str(warehouse),
            "--max-runtime",
            "30s",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert "the platform's shortest maximum runtime is 1m; 30s is for trying" in result.stderr
