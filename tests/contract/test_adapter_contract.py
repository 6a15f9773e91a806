"""The adapter contract: every warehouse adapter, run against its peer, behaves the same.

Parametrized over the peers discovered in ``tests/peers`` (``*_peer.py``). A peer that
cannot show a timeout or a cancel for real lists it in ``cannot``; those tests then run
against its ``blocking_adapter_factory`` (a fake at the connector API).
"""

from __future__ import annotations

import csv
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from peers import (
    CONTRACT_COLUMNS,
    CONTRACT_MEMBERS,
    CONTRACT_TABLE,
    CONTRACT_TABLE_DESCRIPTION,
    Peer,
    PeerSetup,
    discover_peers,
)
from peers._local import missing

from cdisql.cli.source_common import exit_code_of
from cdisql.sources.base import adapter_for
from cdisql.sources.build import run_build
from cdisql.sources.connection_test import run_connection_test
from cdisql.sources.model import SourceState
from cdisql.sources.preview import run_preview

PEERS = discover_peers()


@pytest.fixture(params=PEERS, ids=[p.name for p in PEERS])
def peer(request: pytest.FixtureRequest) -> Peer:
    found: Peer = request.param
    reason = found.unavailable()
    if reason:
        missing(f"the {found.name} peer ({reason})")  # fails under CI, skips elsewhere
    return found


@pytest.fixture
def setup(peer: Peer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PeerSetup]:
    with peer.setup(tmp_path) as ready:
        for key, value in ready.env.items():
            monkeypatch.setenv(key, value)
        yield ready


def _active(setup: PeerSetup):  # type: ignore[no-untyped-def]
    return setup.source.with_changes(state=SourceState.ACTIVE)


def _factory(peer: Peer, setup: PeerSetup, need: str):  # type: ignore[no-untyped-def]
    return peer.blocking_adapter_factory(setup) if need in peer.cannot else adapter_for


def test_adapter_connects_and_lists_tables_with_descriptions(setup: PeerSetup, peer: Peer) -> None:
    adapter = adapter_for(setup.source)
    adapter.connect()
    try:
        tables = {t.name.casefold(): t for t in adapter.list_tables()}
    finally:
        adapter.close()
    assert CONTRACT_TABLE in tables
    if "comments" not in peer.cannot:
        assert tables[CONTRACT_TABLE].description == CONTRACT_TABLE_DESCRIPTION
    assert not any(name.startswith("cdisql_segment_") for name in tables)


def test_adapter_discovers_tables_columns_types_and_comments(setup: PeerSetup, peer: Peer) -> None:
    adapter = adapter_for(setup.source)
    adapter.connect()
    try:
        catalog = adapter.discover_catalog()
    finally:
        adapter.close()
    table = catalog.resolve(CONTRACT_TABLE)
    assert table is not None, [t.name for t in catalog]
    assert table.kind == "table"
    columns = {c.name.casefold(): c for c in table.columns}
    assert set(columns) >= set(CONTRACT_COLUMNS)
    string_types = ("CHAR", "STRING", "TEXT")
    assert any(word in (columns["external_id"].type or "").upper() for word in string_types)
    assert (
        "INT" in (columns["n"].type or "").upper() or "NUMBER" in (columns["n"].type or "").upper()
    )
    if "nullability" not in peer.cannot:
        assert columns["external_id"].nullable is True
        assert columns["n"].nullable is False
    if "comments" not in peer.cannot:
        assert table.description == CONTRACT_TABLE_DESCRIPTION
        assert columns["external_id"].description == CONTRACT_COLUMNS["external_id"][1]


def test_connection_test_passes_and_would_activate(setup: PeerSetup) -> None:
    result = run_connection_test(setup.source, save=False)
    assert result.ok, result.checks
    assert result.source.state is SourceState.ACTIVE
    assert any(c.name == "create table" and c.ok for c in result.checks)
    assert result.catalog is not None


def test_adapter_can_create_and_drop_a_table(setup: PeerSetup, peer: Peer) -> None:
    adapter = adapter_for(setup.source)
    adapter.connect()
    try:
        check = adapter.check_create_table()
    finally:
        adapter.close()
    assert check.ok, check
    assert peer.leftover_tables(setup) == []


def test_preview_returns_at_most_100_rows(setup: PeerSetup, peer: Peer) -> None:
    result = run_preview(_active(setup), peer.segment())
    assert result.status == "ok", result.message
    assert len(result.rows) == 100
    assert result.truncated
    assert [c.casefold() for c in result.columns] == ["external_user_id"]


def test_build_counts_members_writes_ids_and_drops_table(
    setup: PeerSetup, peer: Peer, tmp_path: Path
) -> None:
    output = tmp_path / "ids.csv"
    result = run_build(_active(setup), peer.segment(), output=output)
    assert result.status == "ok", result.message
    assert result.members == CONTRACT_MEMBERS
    assert result.dropped is True
    with output.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["external_user_id"]
    assert len(rows) - 1 == CONTRACT_MEMBERS
    assert peer.leftover_tables(setup) == []


def test_build_error_mid_way_leaves_no_table(setup: PeerSetup, peer: Peer) -> None:
    result = run_build(_active(setup), peer.failing_segment())
    assert result.status == "error"
    assert exit_code_of(result) == 3
    assert result.dropped in (True, None)
    assert peer.leftover_tables(setup) == []


def test_build_stops_at_max_runtime_and_drops_table(setup: PeerSetup, peer: Peer) -> None:
    started = time.monotonic()
    result = run_build(
        _active(setup),
        peer.slow_segment(),
        max_runtime="2s",
        adapter_factory=_factory(peer, setup, "timeout"),
    )
    elapsed = time.monotonic() - started
    assert result.status == "timeout", result.message
    assert exit_code_of(result) == 4
    assert elapsed < 2 + 2
    assert "maximum runtime" in result.message
    assert peer.leftover_tables(setup) == []


def test_build_cancel_stops_the_query_and_drops_table(setup: PeerSetup, peer: Peer) -> None:
    cancel = threading.Event()
    timer = threading.Timer(1.0, cancel.set)
    timer.start()
    started = time.monotonic()
    try:
        result = run_build(
            _active(setup),
            peer.slow_segment(),
            cancel=cancel,
            adapter_factory=_factory(peer, setup, "cancel"),
        )
    finally:
        timer.cancel()
    assert result.status == "cancelled", result.message
    assert time.monotonic() - started < 1 + 2
    assert peer.leftover_tables(setup) == []


def test_build_drops_table_when_counting_fails(setup: PeerSetup, peer: Peer) -> None:
    from cdisql.sources.base import WarehouseError

    created: list[str] = []

    def factory(source):  # type: ignore[no-untyped-def]
        adapter = adapter_for(source)
        original = adapter.create_temp_table

        def create(table: str, query: str, *, timeout_s: float | None) -> None:
            original(table, query, timeout_s=timeout_s)
            created.append(table)

        def count(table: str, *, timeout_s: float | None) -> int:
            raise WarehouseError("lost the connection while counting")

        adapter.create_temp_table = create  # type: ignore[method-assign]
        adapter.count_members = count  # type: ignore[method-assign]
        return adapter

    result = run_build(_active(setup), peer.segment(), adapter_factory=factory)
    assert result.status == "error"
    assert created and result.temp_table == created[0]
    assert result.dropped is True
    assert peer.leftover_tables(setup) == []


def test_fetch_streams_in_bounded_batches_and_honours_max_rows(
    setup: PeerSetup, peer: Peer
) -> None:
    adapter = adapter_for(setup.source)
    adapter.connect()
    try:
        sql = f"SELECT n FROM {adapter.qualified(CONTRACT_TABLE)}"
        sizes = [len(b.rows) for b in adapter.fetch(sql, batch_size=50, timeout_s=60)]
        capped = sum(len(b.rows) for b in adapter.fetch(sql, max_rows=7, timeout_s=60))
    finally:
        adapter.close()
    assert sum(sizes) == 250 and max(sizes) <= 50 and len(sizes) >= 5
    assert capped == 7


def test_connection_test_reports_a_missing_schema_without_raising(setup: PeerSetup) -> None:
    source = setup.source.with_changes(schema="cdisql_no_such_schema")
    result = run_connection_test(source, save=False)
    assert not result.ok
    assert result.source.state is SourceState.DRAFT
    failed = [c for c in result.checks if not c.ok]
    assert failed and all(c.detail for c in failed)


def test_export_ids_is_complete_or_absent(setup: PeerSetup, peer: Peer, tmp_path: Path) -> None:
    """Every adapter's export: all distinct ids under the header, progress told the count,
    and a stop request leaves no file (not even a temp file) behind."""
    from cdisql.sources.export import ExportStopped

    out = tmp_path / "out" / "ids.csv"
    adapter = adapter_for(_active(setup))
    adapter.connect()
    table = adapter.temp_table_name()
    try:
        adapter.create_temp_table(table, peer.segment(), timeout_s=60)
        with pytest.raises(ExportStopped):
            adapter.export_ids(table, out, timeout_s=60, batch_rows=50, should_stop=lambda: True)
        assert not out.parent.exists() or list(out.parent.iterdir()) == []
        seen: list[int] = []
        count = adapter.export_ids(table, out, timeout_s=60, batch_rows=50, progress=seen.append)
    finally:
        adapter.drop_table(table)
        adapter.close()
    assert count == CONTRACT_MEMBERS and seen[-1] == CONTRACT_MEMBERS
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["external_user_id"]
    assert len({r[0] for r in rows[1:]}) == len(rows) - 1 == CONTRACT_MEMBERS
    assert [p.name for p in out.parent.iterdir()] == ["ids.csv"]
