"""Build exports through each driver's bulk path: BigQuery's Storage Read API (REST pages
when its client cannot be created), Snowflake ``fetch_arrow_batches``, Databricks
``fetchmany_arrow``; one batch in memory at a time."""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from cdisql.sources.base import adapter_for

pa = pytest.importorskip("pyarrow")

SEGMENT = "SELECT external_id AS external_user_id FROM cdisql_contract_users"


def _ids(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["external_user_id"]
    return [r[0] for r in rows[1:]]


def _expected() -> set[str]:
    from peers import CONTRACT_ROWS

    return {e for e, _ in CONTRACT_ROWS if e is not None}


# -- BigQuery --------------------------------------------------------------------------------
class FakeReadClient:
    """FAKE ``google.cloud.bigquery_storage.BigQueryReadClient``: the two calls
    google-cloud-bigquery makes to read a table through the Storage Read API
    (``_pandas_helpers._download_table_bqstorage``): ``create_read_session(parent=,
    read_session=, max_stream_count=, retry=, timeout=)`` -> a session with ``name`` and
    ``streams`` (each with a ``name``), and ``read_rows(name)`` -> a reader whose
    ``rows()``/``rows(session)`` has ``pages``, each with ``to_arrow()`` (a
    ``pyarrow.RecordBatch``). bqemulator has no Storage API and cannot list a query's
    anonymous destination table, so this serves ``ids`` (read from the emulator by the
    test) over ``streams`` streams in pages of ``page_rows``."""

    def __init__(self, ids: list[str], *, streams: int = 2, page_rows: int = 40) -> None:
        self.ids, self.streams, self.page_rows = ids, streams, page_rows
        self.sessions: list[dict[str, Any]] = []
        self.reads: list[str] = []

    def create_read_session(
        self, *, parent: str, read_session: Any, max_stream_count: int, **kw: Any
    ) -> Any:
        self.sessions.append(
            {
                "parent": parent,
                "table": read_session.table,
                "format": read_session.data_format.name,
                "max_stream_count": max_stream_count,
            }
        )
        names = [f"{read_session.table}/streams/{i}" for i in range(self.streams)]
        return _Obj(name=f"{read_session.table}/session", streams=[_Obj(name=n) for n in names])

    def read_rows(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self.reads.append(name)
        index = int(name.rsplit("/", 1)[1])
        mine = self.ids[index :: self.streams]
        pages = [
            _Obj(
                to_arrow=lambda chunk=mine[i : i + self.page_rows]: pa.record_batch(
                    [pa.array(chunk, pa.string())], names=["external_user_id"]
                )
            )
            for i in range(0, len(mine), self.page_rows)
        ]
        return _Obj(rows=lambda session=None: _Obj(pages=pages))


class _Obj:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


def _bigquery_table(adapter: Any) -> str:
    table = adapter.temp_table_name()
    adapter.create_temp_table(table, SEGMENT, timeout_s=60)
    return str(table)


def test_bigquery_exports_through_the_storage_read_api(bigquery_ready: Any, tmp_path: Path) -> None:
    """FAKE storage client (above) behind the real google-cloud-bigquery on bqemulator:
    the export query runs for real, its destination table is read through the Storage
    Read API in parallel streams (no ORDER BY: the server may choose the streams)."""
    pytest.importorskip("google.cloud.bigquery_storage")
    from cdisql.sources.bigquery import BigQueryAdapter

    fake = FakeReadClient(sorted(_expected()))

    class WithStorage(BigQueryAdapter):
        def storage_client(self) -> Any:
            return fake

    adapter = WithStorage(bigquery_ready.source)
    adapter.connect()
    try:
        table = _bigquery_table(adapter)
        try:
            out = tmp_path / "ids.csv"
            seen: list[int] = []
            count = adapter.export_ids(
                table, out, timeout_s=60, batch_rows=50, progress=seen.append
            )
        finally:
            adapter.drop_table(table)
    finally:
        adapter.close()
    assert adapter.export_path == "storage"
    assert count == 225 and sorted(_ids(out)) == sorted(_expected()) and seen[-1] == 225
    (session,) = fake.sessions
    assert session["parent"] == "projects/test-project" and session["format"] == "ARROW"
    assert session["table"].startswith("projects/test-project/datasets/")
    assert session["max_stream_count"] == 0  # no global sort: as many streams as the server likes
    assert sorted(fake.reads) == [f"{session['table']}/streams/{i}" for i in range(2)]
    export_sql = adapter.jobs[-1][0]
    assert "ORDER BY" not in export_sql.upper() and "DISTINCT" in export_sql


def test_bigquery_falls_back_to_rest_pages_each_with_its_timeout(
    bigquery_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real client and bqemulator: no Storage client can be made for a stand-in endpoint,
    so the export reads REST pages of batch_rows, each request bounded by page_timeout."""
    from google.cloud.bigquery.client import Client

    calls: list[tuple[str, Any]] = []
    real_call = Client._call_api

    def spy(self: Any, retry: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append((str(kwargs.get("path", "")), kwargs.get("timeout")))
        return real_call(self, retry, *args, **kwargs)

    monkeypatch.setattr(Client, "_call_api", spy)
    source = bigquery_ready.source.with_changes(
        settings={**bigquery_ready.source.settings, "page_timeout": 7}
    )
    adapter = adapter_for(source)
    adapter.connect()
    try:
        assert adapter.storage_client() is None  # type: ignore[attr-defined]
        table = _bigquery_table(adapter)
        try:
            out = tmp_path / "ids.csv"
            count = adapter.export_ids(table, out, timeout_s=60, batch_rows=100)
        finally:
            adapter.drop_table(table)
    finally:
        adapter.close()
    assert adapter.export_path == "rest"  # type: ignore[attr-defined]
    assert count == 225 and sorted(_ids(out)) == sorted(_expected())
    pages = [timeout for path, timeout in calls if "/queries/" in path]
    assert len(pages) >= 3 and all(t is not None and t >= 7 for t in pages[-3:]), calls


# -- Snowflake, Databricks: Arrow batches ----------------------------------------------------
def test_snowflake_exports_the_connectors_arrow_batches(
    snowflake_ready: Any, tmp_path: Path
) -> None:
    """The real connector 4.x on fakesnow: the ids come from ``fetch_arrow_batches``."""
    from cdisql.sources.build import run_build
    from cdisql.sources.model import SourceState
    from cdisql.sources.snowflake import SnowflakeAdapter

    used: list[int] = []

    class Spy(SnowflakeAdapter):
        def arrow_batches(self, cursor: Any, batch_rows: int) -> Any:
            used.append(batch_rows)
            return super().arrow_batches(cursor, batch_rows)

    out = tmp_path / "ids.csv"
    result = run_build(
        snowflake_ready.source.with_changes(state=SourceState.ACTIVE),
        SEGMENT,
        output=out,
        adapter_factory=Spy,
        record=False,
    )
    assert result.status == "ok", result.message
    assert used and sorted(_ids(out)) == sorted(_expected())


def test_databricks_exports_fetchmany_arrow_batches(databricks_ready: Any, tmp_path: Path) -> None:
    """FAKE connector (peers.databricks_peer): ``fetchmany_arrow(size)`` until empty."""
    from cdisql.sources.build import run_build
    from cdisql.sources.model import SourceState

    out = tmp_path / "ids.csv"
    result = run_build(
        databricks_ready.source.with_changes(state=SourceState.ACTIVE),
        SEGMENT,
        output=out,
        record=False,
    )
    assert result.status == "ok", result.message
    assert sorted(_ids(out)) == sorted(_expected())
    assert not any("ORDER BY" in s for s in databricks_ready.extra["fake"].sent)


class _LazyArrowConnector:
    """FAKE ``databricks.sql`` module whose result is ``total`` generated ids, handed out
    by ``cursor.fetchmany_arrow(size)`` as the real connector's API does, made on demand
    (a warehouse streaming its result): what is held at once is the export's doing."""

    def __init__(self, total: int) -> None:
        self.total = total

    def connect(self, **kwargs: Any) -> Any:
        owner = self

        class Cursor:
            description = (("external_user_id", "string", None, None, None, None, None),)

            def __init__(self) -> None:
                self.at = 0

            def execute(self, operation: str, parameters: Any = None, **kw: Any) -> None:
                self.at = 0

            def fetchall(self) -> list[Any]:
                return [(1,)]

            def fetchmany_arrow(self, size: int) -> Any:
                import pyarrow.compute as pc

                end = min(owner.total, self.at + size)
                ids = pc.cast(pa.array(range(self.at, end), pa.int64()), pa.string())
                self.at = end
                return pa.table({"external_user_id": ids})

            def cancel(self) -> None:
                pass

            def close(self) -> None:
                pass

        class Conn:
            def cursor(self) -> Cursor:
                return Cursor()

            def close(self) -> None:
                pass

        return Conn()


def _export_peak(total: int, tmp_path: Path) -> int:
    from peers.databricks_peer import make_source

    from cdisql.sources.databricks import DatabricksAdapter

    fake = _LazyArrowConnector(total)

    class Lazy(DatabricksAdapter):
        def driver(self) -> Any:
            return fake

    adapter = Lazy(make_source())
    adapter.connect()
    try:
        pa.default_memory_pool().release_unused()
        arrow_peak = [0]
        start = pa.total_allocated_bytes()

        def progress(count: int) -> None:
            arrow_peak[0] = max(arrow_peak[0], pa.total_allocated_bytes() - start)

        tracemalloc.start()
        try:
            count = adapter.export_ids(
                "cdisql_segment_x",
                tmp_path / f"{total}.csv",
                timeout_s=60,
                batch_rows=50_000,
                progress=progress,
            )
            _, python_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        adapter.close()
    assert count == total
    return python_peak + arrow_peak[0]


def test_arrow_exports_hold_one_batch_whatever_the_id_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.databricks_peer import TOKEN, TOKEN_ENV

    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    _export_peak(10_000, tmp_path)  # one-time costs (imports, pyarrow's kernels) first
    small = _export_peak(200_000, tmp_path)
    large = _export_peak(1_000_000, tmp_path)
    assert large < 1.3 * small + 1_000_000, (small, large)
    with open(tmp_path / "1000000.csv", encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == 1_000_001
