"""A real ``cdisql build`` process stopped by SIGTERM, SIGHUP or SIGKILL, mid-CTAS and mid-export.

Each test starts the CLI as a subprocess on a real DuckDB warehouse, sends the signal
with ``os.kill`` at a known phase, then checks with a separate connection and the file
system what a user would find: no ``cdisql_segment_*`` table, no partial ids file, and
a ``cancelled`` history record.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest
from source_helpers import segment_tables

from cdisql import paths
from cdisql.sources import store
from cdisql.sources.connection_test import run_connection_test
from cdisql.sources.history import list_builds
from cdisql.sources.model import Source

# a three-way cross join of 4,000 rows: the CREATE TABLE runs far longer than any test
SLOW_CTAS = (
    "SELECT a.external_id AS external_user_id FROM small AS a "
    "CROSS JOIN small AS b CROSS JOIN small AS c "
    "WHERE a.user_id + b.user_id + c.user_id = 7\n"
)
# two million distinct ids: the CTAS is quick, streaming the ids out takes seconds
BIG_EXPORT = "SELECT external_id AS external_user_id FROM many\n"


@pytest.fixture(scope="module")
def slow_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("signals") / "slow.duckdb"
    conn = duckdb.connect(str(path))
    try:
        conn.execute(
            "CREATE TABLE small AS SELECT i AS user_id, 'user_' || i AS external_id "
            "FROM range(1, 4001) AS t(i)"
        )
        conn.execute(
            "CREATE TABLE many AS SELECT i AS user_id, 'user_' || i AS external_id "
            "FROM range(1, 2000001) AS t(i)"
        )
    finally:
        conn.close()
    return path


@pytest.fixture
def slow_source(slow_warehouse: Path) -> Source:
    source = store.add_source(Source("slow", "duckdb", "main", database=str(slow_warehouse)))
    assert run_connection_test(source).ok
    return store.get_source("slow")


def _start_build(segment: Path, output: Path | None) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "cdisql", "build", str(segment), "--source", "slow", "--json"]
    if output is not None:
        args += ["--output", str(output)]
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ)
    )


def _open_files(pid: int) -> list[str]:
    found = []
    folder = Path(f"/proc/{pid}/fd")
    try:
        entries = list(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        try:
            found.append(os.readlink(entry))
        except OSError:
            continue
    return found


def _wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the build never reached the expected phase")


def _wait_for_ctas(process: subprocess.Popen[bytes], database: Path) -> None:
    """The process holds the database open; the CREATE TABLE follows within moments."""
    _wait_for(lambda: any(str(database) in f for f in _open_files(process.pid)))
    time.sleep(1.0)


def _wait_for_export(process: subprocess.Popen[bytes], folder: Path) -> None:
    """The process has a file open in ``folder`` or in DuckDB's export spool: the ids
    are being written out."""

    def exporting() -> bool:
        return any(
            f.startswith(str(folder)) or "cdisql-export-" in f for f in _open_files(process.pid)
        )

    _wait_for(exporting)
    time.sleep(0.3)


def _stopped(process: subprocess.Popen[bytes], sig: signal.Signals) -> dict[str, object]:
    """Send ``sig``; the process exits 128 + signal, says so, and reports a cancelled build."""
    os.kill(process.pid, sig)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + sig, err.decode()
    assert f"stopped by {sig.name}" in err.decode()
    data: dict[str, object] = json.loads(out)
    assert data["status"] == "cancelled" and data["dropped"] is True
    assert [r.status for r in list_builds(source="slow")] == ["cancelled"]
    return data


def _files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_during_the_create_table_cancels_drops_and_records(
    sig: signal.Signals, slow_source: Source, slow_warehouse: Path, tmp_path: Path
) -> None:
    segment = tmp_path / "slow.sql"
    segment.write_text(SLOW_CTAS)
    process = _start_build(segment, None)
    _wait_for_ctas(process, slow_warehouse)
    _stopped(process, sig)
    assert segment_tables(slow_warehouse) == []
    assert _files_in(paths.builds_dir() / "ids") == []


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_during_the_export_leaves_no_partial_file(
    sig: signal.Signals, slow_source: Source, slow_warehouse: Path, tmp_path: Path
) -> None:
    segment = tmp_path / "many.sql"
    segment.write_text(BIG_EXPORT)
    out_dir = tmp_path / "out"
    ids_dir = paths.builds_dir() / "ids"
    process = _start_build(segment, out_dir / "ids.csv")
    _wait_for_export(process, out_dir)
    _stopped(process, sig)
    assert segment_tables(slow_warehouse) == []
    assert _files_in(out_dir) == []  # neither ids.csv nor a .ids.csv.PID.tmp
    assert _files_in(ids_dir) == []


@needs_proc
def test_sigkill_during_the_export_leaves_at_most_the_table(
    slow_source: Source, slow_warehouse: Path, tmp_path: Path
) -> None:
    """SIGKILL cannot be caught: the user's ids file is unnamed until complete, so none is
    left. What SIGKILL can leave is cdisql's own: the table (the sweep's) and a spool named
    after the dead process, which the next build removes."""
    segment = tmp_path / "many.sql"
    segment.write_text(BIG_EXPORT)
    out_dir = tmp_path / "out"
    ids_dir = paths.builds_dir() / "ids"
    process = _start_build(segment, out_dir / "ids.csv")
    try:
        _wait_for_export(process, out_dir)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL
        assert _files_in(out_dir) == []
        left = _files_in(ids_dir)
        assert all(name.endswith(f".{process.pid}.export.csv") for name in left), left
        # DuckDB's own COPY spool of the killed process goes at the next connect, and the
        # next build removes the dead process's id spool
        assert run_connection_test(slow_source).ok
        assert list(Path(tempfile.gettempdir()).glob(f"cdisql-export-{process.pid}-*")) == []
        after = _start_build(segment, None)
        after.communicate(timeout=120)
        assert after.returncode == 0
        assert not [n for n in _files_in(ids_dir) if f".{process.pid}." in n]
    finally:
        for table in segment_tables(slow_warehouse):  # a failure must not leak into the next test
            conn = duckdb.connect(str(slow_warehouse))
            conn.execute(f"DROP TABLE {table}")
            conn.close()


def _lsp(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


@needs_proc
@pytest.mark.parametrize("phase", ["create table", "export"])
def test_sigterm_to_the_language_server_cancels_its_build_then_exits(
    phase: str, slow_source: Source, slow_warehouse: Path, tmp_path: Path
) -> None:
    """An editor's SIGTERM to ``cdisql serve`` mid-build: the build is cancelled, its table
    dropped and recorded, no partial ids file is left, and only then does the server exit."""
    segment = tmp_path / "segment.sql"
    segment.write_text(SLOW_CTAS if phase == "create table" else BIG_EXPORT)
    out_dir = tmp_path / "out"
    uri = segment.as_uri()
    server = subprocess.Popen(
        [sys.executable, "-m", "cdisql", "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    assert server.stdin is not None
    for message in (
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
        },
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {
                    "uri": uri,
                    "languageId": "sql",
                    "version": 1,
                    "text": segment.read_text(),
                }
            },
        },
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "workspace/executeCommand",
            "params": {
                "command": "cdisql.buildSegment",
                "arguments": [uri, {"source": "slow", "output": str(out_dir / "ids.csv")}],
            },
        },
    ):
        server.stdin.write(_lsp(message))
    server.stdin.flush()
    if phase == "create table":
        _wait_for_ctas(server, slow_warehouse)  # type: ignore[arg-type]
    else:
        _wait_for_export(server, out_dir)  # type: ignore[arg-type]
    os.kill(server.pid, signal.SIGTERM)
    _, err = server.communicate(timeout=60)
    assert server.returncode == 128 + signal.SIGTERM, err.decode()[-2000:]
    assert segment_tables(slow_warehouse) == []
    assert [r.status for r in list_builds(source="slow")] == ["cancelled"]
    assert _files_in(out_dir) == []
    assert _files_in(paths.builds_dir() / "ids") == []
