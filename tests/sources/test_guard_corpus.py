"""The guard refuses every hostile segment before any connection is opened.

Each input is run through a real build on a real DuckDB source (emulating the input's
dialect), with a spy adapter factory that records any attempt to connect. We then
prove nothing ran: the spy was never called, the database file is byte-for-byte the
same (checksum and table list) and no file appeared in a watched folder.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdisql.cli.source_common import exit_code_of
from cdisql.sources.base import WarehouseError, adapter_for
from cdisql.sources.build import run_build
from cdisql.sources.guard import guard_segment
from cdisql.sources.model import Source, SourceState
from cdisql.sources.preview import run_preview

HOSTILE: list[tuple[str, str]] = [
    # ';' hidden around comments and strings
    ("duckdb", "SELECT 1 AS external_user_id; DROP TABLE users"),
    ("duckdb", "SELECT external_id AS external_user_id FROM users;"),
    ("duckdb", "SELECT external_id AS external_user_id FROM users /* ; */; DELETE FROM users"),
    ("duckdb", "SELECT ';' AS external_user_id FROM users; DROP TABLE users"),
    ("duckdb", "SELECT 'a'';DROP TABLE users;--' AS external_user_id; DROP TABLE users"),
    ("duckdb", "-- harmless comment\n;DROP TABLE users"),
    ("duckdb", "SELECT external_id AS external_user_id FROM users --\n;\nDROP TABLE users"),
    ("duckdb", "SELECT $$;$$ AS external_user_id; DROP TABLE users"),
    ("duckdb", "/* start */ DROP /* ; */ TABLE users"),
    # DDL / DML
    ("duckdb", "DROP TABLE users"),
    ("duckdb", "DELETE FROM users"),
    ("duckdb", "UPDATE users SET external_id = NULL"),
    ("duckdb", "INSERT INTO users SELECT * FROM users"),
    ("duckdb", "CREATE TABLE stolen AS SELECT * FROM users"),
    ("duckdb", "ALTER TABLE users RENAME TO gone"),
    ("duckdb", "TRUNCATE users"),
    ("duckdb", "CREATE MACRO m() AS 1"),
    (
        "duckdb",
        "WITH d AS (DELETE FROM users RETURNING external_id) SELECT external_id AS external_user_id FROM d",
    ),
    # DuckDB-specific statements
    ("duckdb", "ATTACH '{watch}/new.db' AS other"),
    ("duckdb", "DETACH other"),
    ("duckdb", "COPY users TO '{watch}/out.csv'"),
    ("duckdb", "COPY (SELECT * FROM users) TO '{watch}/out.parquet' (FORMAT parquet)"),
    ("duckdb", "EXPORT DATABASE '{watch}/export'"),
    ("duckdb", "INSTALL httpfs"),
    ("duckdb", "LOAD httpfs"),
    ("duckdb", "PRAGMA enable_profiling"),
    ("duckdb", "CALL pragma_version()"),
    ("duckdb", "SET enable_external_access = true"),
    ("duckdb", "USE other"),
    ("duckdb", "CHECKPOINT"),
    ("duckdb", "VACUUM"),
    ("duckdb", "BEGIN TRANSACTION"),
    ("duckdb", "SUMMARIZE users"),
    ("duckdb", "DESCRIBE users"),
    ("duckdb", "SELECT external_id AS external_user_id FROM users FOR UPDATE"),
    # files and URLs
    ("duckdb", "SELECT * FROM read_csv('{watch}/x.csv')"),
    ("duckdb", "SELECT * FROM read_csv_auto('/etc/passwd')"),
    ("duckdb", "SELECT * FROM read_parquet('{watch}/x.parquet')"),
    ("duckdb", "SELECT * FROM '{watch}/x.parquet'"),
    ("duckdb", "SELECT * FROM 'users.csv'"),
    ("duckdb", 'SELECT * FROM "users.parquet"'),
    ("duckdb", "SELECT * FROM glob('{watch}/*')"),
    ("duckdb", "SELECT content AS external_user_id FROM read_text('/etc/passwd')"),
    ("duckdb", "SELECT content AS external_user_id FROM read_blob('/etc/hostname')"),
    ("duckdb", "SELECT * FROM 'https://example.com/x.parquet'"),
    ("duckdb", "SELECT * FROM 's3://bucket/x.parquet'"),
    (
        "duckdb",
        "SELECT u.external_id AS external_user_id FROM users AS u, read_json('{watch}/x.json') AS j",
    ),
    ("duckdb", "SELECT * FROM query('DROP TABLE users')"),
    ("duckdb", "SELECT * FROM sqlite_scan('{watch}/x.db', 't')"),
    ("duckdb", "SELECT getenv('HOME') AS external_user_id"),
    ("duckdb", "SELECT CAST(nextval('seq') AS VARCHAR) AS external_user_id"),
    ("redshift", "SELECT pg_terminate_backend(123) AS external_user_id"),
    # Snowflake
    ("snowflake", "EXECUTE IMMEDIATE 'DROP TABLE users'"),
    ("snowflake", "EXECUTE IMMEDIATE $$ BEGIN DROP TABLE users; END $$"),
    ("snowflake", "CALL my_proc()"),
    ("snowflake", "SELECT $1 AS external_user_id FROM @my_stage"),
    ("snowflake", "SELECT SYSTEM$CANCEL_ALL_QUERIES(1) AS external_user_id"),
    ("snowflake", "ALTER SESSION SET QUERY_TAG = 'x'"),
    ("snowflake", "GRANT SELECT ON users TO ROLE public"),
    ("snowflake", "SELECT * FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))"),
    ("snowflake", "PUT file:///tmp/x @~"),
    ("snowflake", "USE SCHEMA other"),
    # BigQuery scripting
    ("bigquery", "DECLARE x INT64 DEFAULT 1"),
    ("bigquery", "BEGIN SELECT 1; END"),
    ("bigquery", "SELECT 1 AS external_user_id; SELECT 2"),
    ("bigquery", "EXPORT DATA OPTIONS(uri='gs://b/x*.csv', format='CSV') AS SELECT 1"),
    ("bigquery", "SELECT * FROM EXTERNAL_QUERY('conn', 'DELETE FROM t')"),
    ("bigquery", "CREATE TEMP FUNCTION f() AS (1)"),
    # Redshift
    ("redshift", "SELECT external_id INTO new_users FROM users"),
    ("redshift", "SELECT external_id AS external_user_id INTO TEMP t FROM users"),
    ("redshift", "UNLOAD ('SELECT * FROM users') TO 's3://b/x'"),
    ("redshift", "WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d"),
    ("redshift", "SET statement_timeout = 0"),
    # Databricks
    ("databricks", "SELECT * FROM parquet.`/tmp/x.parquet`"),
    ("databricks", "SELECT * FROM read_files('/tmp/x')"),
    (
        "databricks",
        "MERGE INTO users USING u2 ON users.user_id = u2.user_id WHEN MATCHED THEN DELETE",
    ),
    ("databricks", "OPTIMIZE users"),
    # nothing to run
    ("duckdb", ""),
    ("duckdb", "   -- only a comment\n"),
    ("duckdb", "SELECT 'unterminated AS external_user_id"),
]


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path) -> list[tuple[str, str]]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return conn.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL"
        ).fetchall()
    finally:
        conn.close()


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def test_corpus_has_at_least_40_hostile_inputs() -> None:
    assert len(HOSTILE) >= 40


@pytest.mark.parametrize(("dialect", "sql"), HOSTILE, ids=[f"{i:02d}" for i in range(len(HOSTILE))])
def test_hostile_segment_is_refused_and_nothing_runs(
    dialect: str, sql: str, warehouse: Path, tmp_path: Path
) -> None:
    watch = tmp_path / "watch"
    watch.mkdir()
    text = sql.replace("{watch}", str(watch))
    source = Source(
        "local",
        "duckdb",
        "main",
        database=str(warehouse),
        dialect=None if dialect == "duckdb" else dialect,
        state=SourceState.ACTIVE,
    )
    checksum, tables, files = _checksum(warehouse), _tables(warehouse), _files(watch)
    connections: list[str] = []

    def spy(src: Source):  # type: ignore[no-untyped-def]
        connections.append(src.name)
        raise AssertionError("the guard let a connection be opened")

    verdict = guard_segment(text, source)
    assert not verdict.ok and verdict.query is None
    assert verdict.diagnostics, "a refusal always says why"
    built = run_build(source, text, adapter_factory=spy)
    assert built.status == "refused" and exit_code_of(built) == 1
    assert built.temp_table is None and built.diagnostics
    previewed = run_preview(source, text, adapter_factory=spy)
    assert previewed.status == "refused"
    assert connections == []
    # and with the real adapter: still refused, still nothing ran
    assert run_build(source, text, adapter_factory=adapter_for).status == "refused"
    assert _checksum(warehouse) == checksum
    assert _tables(warehouse) == tables
    assert _files(watch) == files


SAFE = [
    "SELECT external_id AS external_user_id FROM users",
    "SELECT external_id AS external_user_id FROM users -- trailing ; in a comment",
    "SELECT external_id AS external_user_id FROM users /* ; DROP TABLE users */",
    "SELECT external_id AS external_user_id FROM users WHERE external_id <> ';DROP TABLE users'",
    "WITH buyers AS (SELECT user_id FROM orders) "
    "SELECT u.external_id AS external_user_id FROM users AS u JOIN buyers USING (user_id)",
    "SELECT CAST(r.range AS VARCHAR) AS external_user_id FROM range(3) AS r",
    "SELECT x AS external_user_id FROM UNNEST(['a', 'b']) AS t(x)",
]


@pytest.mark.parametrize("sql", SAFE)
def test_plain_queries_pass_the_guard(sql: str) -> None:
    verdict = guard_segment(sql, "duckdb")
    assert verdict.ok, verdict.diagnostics


def test_guard_refusal_points_at_the_offending_text() -> None:
    text = "SELECT external_id AS external_user_id FROM read_csv('/etc/passwd')"
    verdict = guard_segment(text, "duckdb")
    (diagnostic,) = verdict.diagnostics
    assert text[diagnostic.start : diagnostic.end].startswith("read_csv")
    assert "READ_CSV" in diagnostic.message


def test_emulated_dialect_is_checked_again_after_transpiling(warehouse: Path) -> None:
    source = Source("s", "duckdb", "main", database=str(warehouse), dialect="snowflake")
    verdict = guard_segment(
        "SELECT external_id::varchar AS external_user_id FROM users "
        "QUALIFY ROW_NUMBER() OVER (PARTITION BY external_id ORDER BY user_id) = 1",
        source,
    )
    assert verdict.ok and verdict.query is not None
    assert "QUALIFY" in verdict.query and "CAST" in verdict.query


def test_duckdb_connection_cannot_reach_files_even_past_the_guard(
    warehouse: Path, tmp_path: Path
) -> None:
    """Defence in depth: external access is disabled and locked on the connection."""
    source = Source("local", "duckdb", "main", database=str(warehouse))
    adapter = adapter_for(source)
    adapter.connect()
    try:
        for sql in (
            f"COPY users TO '{tmp_path}/leak.csv'",
            "SELECT * FROM read_csv('/etc/passwd')",
            f"ATTACH '{tmp_path}/new.db'",
            "SET enable_external_access = true",
            "INSTALL httpfs",
        ):
            with pytest.raises(WarehouseError):
                adapter.execute(sql)
    finally:
        adapter.close()
    assert not (tmp_path / "leak.csv").exists()
    assert not (tmp_path / "new.db").exists()


SQL_PIECES = st.sampled_from(
    [
        "SELECT",
        "external_id",
        "AS",
        "external_user_id",
        "FROM",
        "users",
        "WHERE",
        ";",
        "--",
        "/*",
        "*/",
        "'",
        "''",
        '"',
        "DROP",
        "TABLE",
        "COPY",
        "TO",
        "'x.csv'",
        "(",
        ")",
        "read_csv(",
        "ATTACH",
        "INSERT",
        "INTO",
        "WITH",
        "d",
        "DELETE",
        "$$",
        "\n",
        ",",
        "EXECUTE IMMEDIATE",
        "BEGIN",
        "END",
        "SET",
        "x",
        "=",
        "1",
        "@stage",
        "UNION ALL",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(SQL_PIECES, max_size=14),
    dialect=st.sampled_from(["duckdb", "snowflake", "bigquery", "redshift", "databricks"]),
)
def test_guard_never_raises_and_only_passes_single_pure_queries(
    pieces: list[str], dialect: str
) -> None:
    import sqlglot
    from sqlglot import exp

    verdict = guard_segment(" ".join(pieces), dialect)
    if verdict.ok:
        assert verdict.query is not None and ";" not in [
            t.text for t in sqlglot.Dialect.get_or_raise(dialect).tokenize(verdict.query)
        ]
        tree = sqlglot.parse_one(verdict.query, read=dialect)
        assert isinstance(tree, exp.Query)
        assert not tree.find(exp.Insert, exp.Delete, exp.Update, exp.Drop, exp.Copy, exp.Into)
    else:
        assert verdict.diagnostics
