"""The embedded DuckDB peer: a real DuckDB file per test, nothing faked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peers import CONTRACT_ROWS, CONTRACT_TABLE, CONTRACT_TABLE_DESCRIPTION, PeerSetup, SqlPeer


class DuckDBPeer(SqlPeer):
    """The real DuckDB can be slow and cancelled: no blocking fake needed."""

    name = "duckdb"
    kind = "duckdb"
    cannot: frozenset[str] = frozenset()

    def unavailable(self) -> str | None:
        return None

    @contextmanager
    def setup(self, tmp_path: Path) -> Iterator[PeerSetup]:
        import duckdb

        from cdisql.sources.model import Source

        path = tmp_path / "peer.duckdb"
        conn = duckdb.connect(str(path))
        try:
            conn.execute("CREATE SCHEMA contract")
            conn.execute(
                f"CREATE TABLE contract.{CONTRACT_TABLE} (external_id VARCHAR, n INTEGER NOT NULL)"
            )
            conn.executemany(f"INSERT INTO contract.{CONTRACT_TABLE} VALUES (?, ?)", CONTRACT_ROWS)
            conn.execute(
                f"COMMENT ON TABLE contract.{CONTRACT_TABLE} IS '{CONTRACT_TABLE_DESCRIPTION}'"
            )
            conn.execute(
                f"COMMENT ON COLUMN contract.{CONTRACT_TABLE}.external_id IS 'Braze external id'"
            )
            conn.execute(f"COMMENT ON COLUMN contract.{CONTRACT_TABLE}.n IS 'row number'")
            conn.execute(
                f"CREATE VIEW contract.contract_view AS SELECT * FROM contract.{CONTRACT_TABLE}"
            )
        finally:
            conn.close()
        yield PeerSetup(Source("peer-duckdb", "duckdb", "contract", database=str(path)))

    def slow_segment(self) -> str:
        return (
            "SELECT CAST(a.range + b.range AS VARCHAR) AS external_user_id "
            "FROM range(100000000) AS a, range(100000000) AS b"
        )

    def failing_segment(self) -> str:
        # runs for a while, then DuckDB raises: the CTAS fails mid-way
        return (
            "SELECT CASE WHEN n = 200 THEN error('failed mid-way') "
            f"ELSE external_id END AS external_user_id FROM {CONTRACT_TABLE}"
        )

    def leftover_tables(self, setup: PeerSetup) -> list[str]:
        import duckdb

        conn = duckdb.connect(setup.source.database, read_only=True)
        try:
            rows = conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'cdisql_segment_%'"
            ).fetchall()
        finally:
            conn.close()
        return [r[0] for r in rows]


PEER = DuckDBPeer()
