"""A real DuckDB warehouse, an active source on it and a folder of segments, for the
validate, estimate and catalog-diff tests (nothing faked here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from validate_helpers import make_warehouse

from cdisql.sources import store
from cdisql.sources.connection_test import run_connection_test
from cdisql.sources.model import Source


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return make_warehouse(tmp_path / "warehouse.duckdb")


@pytest.fixture
def source(warehouse: Path) -> Source:
    store.add_source(Source("wh", "duckdb", "main", database=str(warehouse)))
    result = run_connection_test(store.get_source("wh"))
    assert result.ok, result.checks
    return store.get_source("wh")


@pytest.fixture
def project(tmp_path: Path, source: Source, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder whose settings name the source; the current folder."""
    folder = tmp_path / "project"
    (folder / "segments").mkdir(parents=True)
    (folder / "cdisql.toml").write_text('source = "wh"\n')
    monkeypatch.chdir(folder)
    return folder
