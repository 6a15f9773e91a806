"""Peers: real (or locally emulated) warehouses the adapter contract suite runs against.

A peer module is ``tests/peers/<name>_peer.py`` exporting ``PEER``, an object that
follows :class:`Peer`. The registry below discovers them, so adding a warehouse to
the contract suite is adding one file. Each peer:

- says whether it can run here (``unavailable()`` returns a reason to skip, e.g. a
  missing driver or server),
- yields a configured :class:`PeerSetup` from ``setup(tmp_path)`` (a context manager):
  a ``Source`` whose schema holds the contract table :data:`CONTRACT_TABLE` with the
  rows of :data:`CONTRACT_ROWS` and the comments below, plus the env vars it needs,
- gives a slow segment and a segment that fails while running,
- lists in ``cannot`` what the peer cannot show for real (``"timeout"``,
  ``"cancel"``, ``"comments"``...): timeout and cancel tests then use
  ``blocking_adapter_factory(setup)``, a fake at the connector API whose query
  blocks until it is cancelled.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

CONTRACT_TABLE = "cdisql_contract_users"
CONTRACT_TABLE_DESCRIPTION = "contract suite users"
CONTRACT_COLUMNS = {
    "external_id": ("string", "Braze external id"),
    "n": ("integer", "row number"),
}
CONTRACT_ROWS = [(f"u{i:04d}" if i % 10 else None, i) for i in range(1, 251)]
"""250 rows; every tenth external_id is NULL: 225 distinct non-null ids."""
CONTRACT_MEMBERS = sum(1 for external_id, _ in CONTRACT_ROWS if external_id is not None)
SLOW_ALIAS = "slowpoke"
"""The alias of the slow segments; the blocking fakes hold every query that names it."""


@dataclass
class PeerSetup:
    source: Any
    """A ``cdisql.sources.model.Source`` (draft) reading the peer's contract schema."""
    env: Mapping[str, str] = field(default_factory=dict)
    """Environment variables the source's settings refer to (secrets by name)."""
    extra: dict[str, Any] = field(default_factory=dict)


class Peer(Protocol):
    name: str
    kind: str
    cannot: frozenset[str]

    def unavailable(self) -> str | None:
        """Why this peer cannot run here, or None."""

    def setup(self, tmp_path: Path) -> AbstractContextManager[PeerSetup]:
        """A source whose schema holds the contract table; cleaned up on exit."""

    def segment(self) -> str:
        """A segment selecting ``external_id AS external_user_id`` from the contract table."""

    def slow_segment(self) -> str:
        """A segment that runs far longer than a few seconds."""

    def failing_segment(self) -> str:
        """A segment that passes the guard but fails while the warehouse runs it."""

    def blocking_adapter_factory(self, setup: PeerSetup) -> Callable[[Any], Any]:
        """Adapters whose queries block until cancelled (for peers that ``cannot``)."""

    def leftover_tables(self, setup: PeerSetup) -> list[str]:
        """Names of the build tables (``cdisql_segment_*``) still in the schema."""


class SqlPeer:
    """What the contract peers share: the segments, written with the peer's own types
    (``string_type``, ``int_type``), and real timeout and cancel (no blocking fake)."""

    string_type = "VARCHAR"
    int_type = "INTEGER"

    def segment(self) -> str:
        return f"SELECT external_id AS external_user_id FROM {CONTRACT_TABLE}"

    def slow_segment(self) -> str:
        return (
            f"SELECT CAST({SLOW_ALIAS}.n AS {self.string_type}) AS external_user_id "
            f"FROM {CONTRACT_TABLE} AS {SLOW_ALIAS}"
        )

    def failing_segment(self) -> str:
        return (
            f"SELECT CASE WHEN CAST(CASE WHEN n = 200 THEN 'boom' ELSE '1' END AS {self.int_type}) "
            f"> 0 THEN external_id END AS external_user_id FROM {CONTRACT_TABLE}"
        )

    def blocking_adapter_factory(self, setup: PeerSetup) -> Callable[[Any], Any]:
        from cdisql.sources.base import adapter_for

        return adapter_for


ServerT = TypeVar("ServerT")


class ServerPeer(SqlPeer, Generic[ServerT]):
    """A peer backed by a local server, started on first use and stopped at exit."""

    def __init__(self) -> None:
        self._server: ServerT | None = None

    def start_server(self) -> ServerT:
        raise NotImplementedError

    def server(self) -> ServerT:
        if self._server is None:
            self._server = server = self.start_server()
            import atexit

            atexit.register(server.stop)  # type: ignore[attr-defined]
        return self._server


def discover_peers() -> list[Peer]:
    """Every ``tests/peers/*_peer.py`` module's ``PEER``, sorted by name."""
    found: list[Peer] = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.endswith("_peer"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            peer = getattr(module, "PEER", None)
            if peer is not None:
                found.append(peer)
    return sorted(found, key=lambda p: p.name)


def iter_peer_ids(peers: list[Peer]) -> Iterator[str]:
    for peer in peers:
        yield peer.name
