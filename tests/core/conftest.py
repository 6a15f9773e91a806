"""Core tests run the linter strictly: a rule that raises fails the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import cdisql.lint.engine as engine
from cdisql.catalog import Catalog, load_catalog

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(autouse=True)
def strict_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rule exceptions surface instead of being skipped."""
    monkeypatch.setattr(engine, "_STRICT", True)
    yield


_CATALOGS: dict[str, Catalog] = {}


@pytest.fixture
def catalog_for() -> Callable[[str], Catalog]:
    """The fixture catalog of a dialect (fixtures/catalogs/<dialect>.json)."""

    def load(dialect: str) -> Catalog:
        if dialect not in _CATALOGS:
            _CATALOGS[dialect] = load_catalog(FIXTURES / "catalogs" / f"{dialect}.json")
        return _CATALOGS[dialect]

    return load
