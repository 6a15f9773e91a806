"""Shared test setup: every test runs with its own config, data and cache folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["ci_policy"]  # under CI=true a skipped test fails


@pytest.fixture(autouse=True)
def isolated_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point platformdirs at a fresh folder so no test reads or writes the user's state."""
    root = tmp_path_factory.mktemp("xdg")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        (root / var.lower()).mkdir()
        monkeypatch.setenv(var, str(root / var.lower()))
    return root


@pytest.fixture(autouse=True)
def forget_secrets() -> Iterator[None]:
    """Secrets a test read (registered for scrubbing process-wide) do not leak into the next."""
    from cdisql.sources.errors import _KNOWN_SECRETS

    saved = set(_KNOWN_SECRETS)
    yield
    _KNOWN_SECRETS.clear()
    _KNOWN_SECRETS.update(saved)
