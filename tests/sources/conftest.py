"""A small real DuckDB warehouse and sources on it, for the source tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from source_helpers import make_warehouse

from cdisql.sources import store
from cdisql.sources.connection_test import run_connection_test
from cdisql.sources.model import Source


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return make_warehouse(tmp_path / "warehouse.duckdb")


@pytest.fixture
def draft(warehouse: Path) -> Source:
    return store.add_source(Source("local", "duckdb", "main", database=str(warehouse)))


@pytest.fixture
def active(draft: Source) -> Source:
    result = run_connection_test(draft)
    assert result.ok, result.checks
    return store.get_source(draft.name)
