"""``cdisql format`` and ``cdisql lint`` take the warehouse from the one resolver: a source
named by the settings file brings its (emulated) dialect, a catalog alone names it too."""

from __future__ import annotations

import json
from pathlib import Path

from cli.support import cdisql, write

VARIANT = "SELECT CAST(user_id AS VARCHAR) AS external_user_id\nFROM users\nWHERE profile:country::string = 'FR'\n"
"""Snowflake's semi-structured path: a syntax error in DuckDB."""


def add_emulating_source(name: str) -> None:
    from cdisql.sources import store
    from cdisql.sources.model import Source

    store.add_source(
        Source(
            name=name, type="duckdb", schema="main", database="/data/w.duckdb", dialect="snowflake"
        )
    )


def test_format_reads_a_duckdb_source_emulating_snowflake_as_snowflake(tmp_path: Path) -> None:
    add_emulating_source("emu")
    write(tmp_path / "cdisql.toml", 'source = "emu"\n')
    segment = write(tmp_path / "variant.sql", VARIANT)
    done = cdisql("format", "variant.sql", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "not formatted" not in done.stderr
    assert "1 file reformatted" in done.stdout
    assert "profile:country" in segment.read_text(encoding="utf-8")
    linted = cdisql("lint", "--no-cache", "--format", "json", "variant.sql", cwd=tmp_path)
    assert "CDI001" not in linted.stdout  # lint reads it as Snowflake too


def test_a_catalog_that_names_its_warehouse_decides_when_nothing_else_does(tmp_path: Path) -> None:
    catalog = {
        "version": 1,
        "warehouse": "bigquery",
        "tables": [
            {
                "database": "p",
                "schema": "d",
                "name": "USERS",
                "columns": [{"name": "EMAIL", "type": "STRING"}],
            }
        ],
    }
    write(tmp_path / "catalog.json", json.dumps(catalog))
    write(tmp_path / "cdisql.toml", 'catalog = "catalog.json"\n')
    write(tmp_path / "q.sql", "SELECT `EMAIL` AS external_user_id FROM `USERS`\n")
    done = cdisql("lint", "--no-cache", "--format", "json", "q.sql", cwd=tmp_path)
    assert json.loads(done.stdout) == [], done.stdout  # backticks are BigQuery's quotes
    as_duckdb = cdisql(
        "lint", "--no-cache", "--format", "json", "--dialect", "duckdb", "q.sql", cwd=tmp_path
    )
    assert json.loads(as_duckdb.stdout) != []


def test_lint_and_the_guard_agree_on_what_a_duckdb_source_may_read(tmp_path: Path) -> None:
    from cdisql.sources.guard import guard_segment
    from cdisql.sources.store import get_source

    add_emulating_source("emu")  # its database is the file /data/w.duckdb: DuckDB calls it w
    segment = "SELECT CAST(user_id AS VARCHAR) AS external_user_id FROM {}.main.users\n"
    for database, allowed in (("w", True), ("other", False)):
        write(tmp_path / f"{database}.sql", segment.format(database))
        done = cdisql("lint", "--no-cache", "--source", "emu", f"{database}.sql", cwd=tmp_path)
        assert ("CDI105" not in done.stdout) is allowed, done.stdout
        verdict = guard_segment(segment.format(database), get_source("emu"))
        assert verdict.ok is allowed, verdict
