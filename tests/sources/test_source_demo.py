"""`cdisql demo`: the whole journey, idempotent, from the package's own demo data."""

from __future__ import annotations

import duckdb
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.demo import demo_database, demo_segments, ensure_demo_database
from cdisql.sources import store
from cdisql.sources.history import list_builds
from cdisql.sources.model import SourceState


def test_demo_creates_tests_lints_previews_and_builds_idempotently() -> None:
    first = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    for step in ("created", "✓ create table", "premium_opt_in.sql", "status: ok", "dropped"):
        assert step in first.output
    source = store.get_source("demo")
    assert source.state is SourceState.ACTIVE
    second = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert second.exit_code == 0 and "already there" in second.output
    builds = list_builds(source="demo")
    assert len(builds) == 2 and builds[0].members == builds[1].members


def test_demo_shows_what_lint_catches_and_what_fix_makes_of_it() -> None:
    from cdisql.demo import first_try

    before = first_try().text
    result = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    mistakes = out.index("4. Lint catches mistakes: first_try.sql")
    fixed = out.index("--fix first_try.sql")
    clean = out.index("5. Lint the demo segments")
    assert mistakes < fixed < clean < out.index("6. Preview")
    caught = out[mistakes:fixed]
    assert "first_try.sql:2:8: CDI104 [error] [*] external_user_id is a BIGINT column" in caught
    assert "first_try.sql:5:7: CDI202 [error] column `u.contry` does not exist in users: " in caught
    assert "did you mean country?" in caught
    after_fix = out[fixed:clean]
    assert "SELECT CAST(u.user_id AS VARCHAR) AS external_user_id" in after_fix
    assert "Fixed 3 problems." in after_fix and "Found 1 problem (1 error)." in after_fix
    assert "All checks passed! (3 files)" in out[clean:]
    nexts = out[out.index("\nNext\n") :]
    for hint in (
        "cdisql serve",
        "docs/lsp.md",
        "VS Code",
        "Neovim",
        "cdisql lint fixtures/segments",
    ):
        assert hint in nexts, hint
    assert first_try().text == before  # the demo fixes in memory, never the shipped file


def test_demo_warehouse_is_deterministic_with_comments() -> None:
    path, created = ensure_demo_database()
    assert created and path == demo_database()
    conn = duckdb.connect(str(path), read_only=True)
    try:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM orders), "
            "(SELECT count(*) FROM events), (SELECT sum(amount) FROM orders)"
        ).fetchone()
        comments = conn.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL"
        ).fetchone()
        event_date = conn.execute(
            "SELECT data_type FROM duckdb_columns() "
            "WHERE table_name = 'events' AND column_name = 'event_date'"
        ).fetchone()
    finally:
        conn.close()
    assert counts is not None and counts[:3] == (2000, 6000, 12000)
    assert str(counts[3]) == "1530030.00"
    assert comments is not None and comments[0] >= 15
    assert event_date == ("DATE",)
    assert ensure_demo_database() == (path, False)


def test_demo_segments_ship_with_the_package() -> None:
    names = [s.name for s in demo_segments()]
    assert {"big_spenders.sql", "premium_opt_in.sql", "cart_abandoners.sql"} <= set(names)


def test_demo_never_replaces_a_user_source_named_demo(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cdisql.sources.model import Source

    store.add_source(Source("demo", "duckdb", "main", database=str(tmp_path / "mine.duckdb")))
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 3
    assert "never replaces it" in result.stderr
    assert store.get_source("demo").database == str(tmp_path / "mine.duckdb")


def _killed_writer(database: str) -> None:
    """A process that commits a table to the demo database, then dies by SIGKILL (its
    write-ahead log is never checkpointed), as a killed build does."""
    import subprocess
    import sys

    script = (
        "import duckdb, os, signal\n"
        f"c = duckdb.connect({database!r})\n"
        "c.execute('CREATE TABLE cdisql_segment_killed AS SELECT * FROM users')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", script], timeout=60, check=False)


def test_demo_fresh_recovers_after_a_process_killed_mid_build() -> None:
    from cdisql.demo import wal_of

    assert CliRunner().invoke(cli, ["demo"]).exit_code == 0
    path = demo_database()
    _killed_writer(str(path))
    assert wal_of(path).exists()
    fresh = CliRunner().invoke(cli, ["demo", "--fresh"], catch_exceptions=False)
    assert fresh.exit_code == 0, fresh.output
    assert "created" in fresh.output and "status: ok" in fresh.output
    assert "run `cdisql demo --fresh`" not in fresh.output


def test_demo_recreates_a_warehouse_whose_log_does_not_match_it() -> None:
    """A WAL left by a killed process next to a newer file: DuckDB refuses to open it."""
    from cdisql.demo import wal_of

    assert CliRunner().invoke(cli, ["demo"]).exit_code == 0
    path = demo_database()
    _killed_writer(str(path))
    stale = wal_of(path).read_bytes()
    ensure_demo_database(fresh=True)
    wal_of(path).write_bytes(stale)  # the log of the previous file, replayed into this one
    again = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert "status: ok" in again.output
