"""Fixtures for the warehouse adapter tests: the local peers, started once per session.

The peers are the ones the contract suite uses (``tests/peers/*_peer.py``); a missing
peer fails the tests under CI and skips them elsewhere.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def token_endpoint() -> Iterator[str]:
    from warehouses_support import token_server

    with token_server() as url:
        yield url


@pytest.fixture(scope="session")
def redshift_peer() -> Any:
    from peers.redshift_peer import PEER

    PEER.unavailable()
    return PEER.server()


@pytest.fixture(scope="session")
def fakesnow() -> Any:
    from peers.snowflake_peer import PEER

    PEER.unavailable()
    return PEER.server()


@pytest.fixture(scope="session")
def bqemulator() -> Any:
    from peers.bigquery_peer import PEER

    PEER.unavailable()
    return PEER.server()


@pytest.fixture
def snowflake_ready(fakesnow: Any, tmp_path: Path) -> Iterator[Any]:
    """The contract schema on fakesnow and a source reading it (with a fresh key)."""
    from peers.snowflake_peer import PEER

    with PEER.setup(tmp_path) as setup:
        yield setup


@pytest.fixture
def redshift_ready(
    redshift_peer: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    from peers.redshift_peer import PEER

    with PEER.setup(tmp_path) as setup:
        for key, value in setup.env.items():
            monkeypatch.setenv(key, value)
        yield setup


@pytest.fixture
def bigquery_ready(bqemulator: Any, tmp_path: Path) -> Iterator[Any]:
    from peers.bigquery_peer import PEER

    with PEER.setup(tmp_path) as setup:
        yield setup


@pytest.fixture
def databricks_ready(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from peers.databricks_peer import PEER

    PEER.unavailable()
    with PEER.setup(tmp_path) as setup:
        for key, value in setup.env.items():
            monkeypatch.setenv(key, value)
        yield setup


@pytest.fixture(scope="session")
def ssh_bastion() -> Iterator[Any]:
    from peers.redshift_peer import SshBastion

    bastion = SshBastion().start()
    yield bastion
    bastion.stop()
