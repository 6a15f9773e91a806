"""Redshift builds against PostgreSQL 15 behind pgbouncer, with the real redshift-connector.

What these show for real: ``connect_timeout`` bounds only the connect (a CTAS silent for
longer still succeeds), the maximum runtime stops a build on time and leaves nothing in
the schema (checked through a separate psql connection), a socket that never answers is
reported as such, and the id export reads through a server-side cursor with flat memory.
"""

from __future__ import annotations

import csv
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from cdisql.cli.source_common import exit_code_of
from cdisql.sources.base import ConnectError, adapter_for
from cdisql.sources.build import run_build
from cdisql.sources.model import MaxRuntime, SourceState

SLEEPY = (
    "SELECT external_id AS external_user_id FROM cdisql_contract_users "
    "WHERE (SELECT CAST(pg_sleep({s}) AS VARCHAR)) = ''"
)


def _active(setup: Any, **settings: Any) -> Any:
    source = setup.source
    return source.with_changes(
        state=SourceState.ACTIVE,
        max_runtime=MaxRuntime(120),
        settings={**source.settings, **settings},
    )


def _server() -> Any:
    from peers.redshift_peer import PEER

    return PEER.server()


def _running_sleeps() -> list[str]:
    out = _server().admin(
        "SELECT query FROM pg_stat_activity WHERE state = 'active' "
        "AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()"
    )
    return [line for line in out.splitlines() if line.strip()]


def test_ctas_silent_for_longer_than_connect_timeout_succeeds(redshift_ready: Any) -> None:
    source = _active(redshift_ready, connect_timeout=2)
    started = time.monotonic()
    result = run_build(source, SLEEPY.format(s=5), record=False)
    assert result.status == "ok", result.message
    assert time.monotonic() - started >= 5
    assert result.members == 225 and result.dropped is True
    from peers.redshift_peer import PEER

    assert PEER.leftover_tables(redshift_ready) == []


def test_build_past_max_runtime_stops_on_time_and_leaves_nothing(redshift_ready: Any) -> None:
    source = _active(redshift_ready, connect_timeout=2)
    started = time.monotonic()
    result = run_build(source, SLEEPY.format(s=30), max_runtime="3s", record=False)
    took = time.monotonic() - started
    assert result.status == "timeout" and exit_code_of(result) == 4, result.message
    assert took < 3 + 4, f"took {took:.1f}s"
    assert result.temp_table and result.dropped is True
    from peers.redshift_peer import PEER, SCHEMA

    # a separate connection sees no build table and no query still running
    assert PEER.leftover_tables(redshift_ready) == []
    assert _running_sleeps() == []
    tables = _server().admin(f"SELECT tablename FROM pg_tables WHERE schemaname = '{SCHEMA}'")
    assert "cdisql_segment" not in tables


def test_a_server_that_never_answers_is_a_clear_connect_error(redshift_ready: Any) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the TCP connection, never says a word
    try:
        source = _active(redshift_ready, connect_timeout=1, port=silent.getsockname()[1])
        started = time.monotonic()
        with pytest.raises(ConnectError) as caught:
            adapter_for(source).connect()
        assert time.monotonic() - started < 5
        message = str(caught.value)
        assert "did not answer within connect_timeout" in message
        assert "raise the source's connect_timeout" in message
    finally:
        silent.close()


def test_export_reads_through_a_server_side_cursor_in_flat_memory(
    redshift_ready: Any, tmp_path: Path
) -> None:
    from peers.redshift_peer import SCHEMA, USER

    _server().admin(
        f"DROP TABLE IF EXISTS {SCHEMA}.cdisql_segment_many;"
        f"CREATE TABLE {SCHEMA}.cdisql_segment_many AS "
        "SELECT 'user-' || g || '-padding-to-make-rows-wider' AS external_user_id "
        "FROM generate_series(1, 60000) g;"
        f"GRANT SELECT ON {SCHEMA}.cdisql_segment_many TO {USER};"
    )
    adapter = adapter_for(_active(redshift_ready))
    adapter.connect()
    buffered: list[int] = []  # rows the driver held after each statement
    new_cursor = adapter._new_cursor  # type: ignore[attr-defined]

    def watched_cursor() -> Any:
        cursor = new_cursor()
        execute = cursor.execute

        def measured(*args: Any, **kwargs: Any) -> Any:
            done = execute(*args, **kwargs)
            buffered.append(len(cursor._cached_rows))
            return done

        cursor.execute = measured
        return cursor

    adapter._new_cursor = watched_cursor  # type: ignore[attr-defined]
    try:
        out = tmp_path / "ids.csv"
        count = adapter.export_ids("cdisql_segment_many", out, timeout_s=60, batch_rows=1000)
        assert count == 60000 and max(buffered) == 1000
        with out.open(newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ["external_user_id"] and len({r[0] for r in rows[1:]}) == 60000
        sent = adapter.sent  # type: ignore[attr-defined]
        assert any(s.startswith("DECLARE cdisql_export CURSOR FOR SELECT DISTINCT") for s in sent)
        assert sum(s == "FETCH FORWARD 1000 FROM cdisql_export" for s in sent) == 61
        assert sent[-1] == "COMMIT"

        # what a plain execute + fetchmany does: the driver buffers the whole result
        buffered.clear()
        for _batch in adapter.fetch(adapter.ids_sql("cdisql_segment_many"), batch_size=1000):
            pass
        assert max(buffered) == 60000
    finally:
        adapter.close()
        _server().admin(f"DROP TABLE IF EXISTS {SCHEMA}.cdisql_segment_many")


def test_export_cancelled_midway_rolls_back_and_leaves_no_file(
    redshift_ready: Any, tmp_path: Path
) -> None:
    from peers.redshift_peer import SCHEMA, USER

    _server().admin(
        f"CREATE OR REPLACE VIEW {SCHEMA}.cdisql_slow_ids AS "
        "SELECT CAST(pg_sleep(30) AS VARCHAR) || 'x' AS external_user_id;"
        f"GRANT SELECT ON {SCHEMA}.cdisql_slow_ids TO {USER};"
    )
    adapter = adapter_for(_active(redshift_ready))
    adapter.connect()
    try:
        out = tmp_path / "ids.csv"
        threading.Timer(0.7, adapter.cancel).start()
        started = time.monotonic()
        with pytest.raises(Exception, match="cancel"):
            adapter.export_ids("cdisql_slow_ids", out, timeout_s=60)
        assert time.monotonic() - started < 5
        assert not out.exists() and list(tmp_path.iterdir()) == []
        assert adapter.sent[-1] == "ROLLBACK"  # type: ignore[attr-defined]
        rows = [r for b in adapter.fetch("SELECT 1", timeout_s=10) for r in b.rows]
        assert rows == [(1,)]  # the connection is usable: no transaction left open
    finally:
        adapter.close()
        _server().admin(f"DROP VIEW IF EXISTS {SCHEMA}.cdisql_slow_ids")
