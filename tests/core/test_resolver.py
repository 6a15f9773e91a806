"""``cdisql.project.resolve``: one precedence for every face, caches that notice changes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cdisql.project.resolve import Overrides, Resolver, RunError, resolve

ONE_SCHEMA = {
    "version": 1,
    "warehouse": "snowflake",
    "tables": [{"database": "ANALYTICS", "schema": "CDI", "name": "USERS", "columns": []}],
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def add_source(name: str, dialect: str | None = None, catalog: dict | None = None) -> None:
    from cdisql import paths
    from cdisql.sources import store
    from cdisql.sources.model import Source

    store.add_source(
        Source(
            name=name,
            type="duckdb",
            schema="main",
            database=f"/data/{name}.duckdb",
            dialect=dialect,
        )
    )
    if catalog is not None:
        write(paths.catalog_file(name), json.dumps(catalog))


def bump(path: Path, text: str) -> None:
    """Rewrite ``path`` so that its stamp changes even within one clock tick."""
    write(path, text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_each_layer_decides_the_dialect_in_order(tmp_path: Path) -> None:
    add_source("emu", dialect="snowflake")
    segment = tmp_path / "q.sql"
    write(tmp_path / "bq.json", json.dumps({**ONE_SCHEMA, "warehouse": "bigquery"}))

    def kind(toml: str, overrides: Overrides | None = None) -> str:
        write(tmp_path / "cdisql.toml", toml)
        return resolve(segment, overrides).warehouse.kind

    assert kind("") == "duckdb"
    assert kind('catalog = "bq.json"\n') == "bigquery"  # the catalog's warehouse
    assert kind('catalog = "bq.json"\nsource = "emu"\n') == "snowflake"  # the source's
    assert kind('source = "emu"\ndialect = "redshift"\n') == "redshift"  # the file's
    # an override's source brings its dialect over the file's; an override dialect wins
    assert kind('dialect = "redshift"\n', Overrides(source="emu")) == "snowflake"
    assert kind('source = "emu"\n', Overrides(dialect="databricks", source="emu")) == "databricks"


def test_a_one_schema_catalog_names_the_source_schema_and_a_source_wins(tmp_path: Path) -> None:
    write(tmp_path / "catalog.json", json.dumps(ONE_SCHEMA))
    write(tmp_path / "cdisql.toml", 'dialect = "snowflake"\ncatalog = "catalog.json"\n')
    found = resolve(tmp_path / "q.sql")
    assert (found.settings.source_database, found.settings.source_schema) == ("ANALYTICS", "CDI")
    add_source("emu", dialect="snowflake")
    found = resolve(tmp_path / "q.sql", Overrides(source="emu"))
    assert found.settings.source_schema == "main"


def test_an_override_source_catalog_beats_the_settings_files(tmp_path: Path) -> None:
    add_source("emu", catalog={**ONE_SCHEMA, "warehouse": "duckdb"})
    write(tmp_path / "catalog.json", json.dumps(ONE_SCHEMA))
    write(tmp_path / "cdisql.toml", 'catalog = "catalog.json"\nsource = "emu"\n')
    assert resolve(tmp_path / "q.sql").catalog_origin == str(tmp_path / "catalog.json")
    assert resolve(tmp_path / "q.sql", Overrides(source="emu")).catalog_origin == "source emu"
    explicit = Overrides(source="emu", catalog=tmp_path / "catalog.json")
    assert resolve(tmp_path / "q.sql", explicit).catalog_origin == str(tmp_path / "catalog.json")


def test_per_file_ignores_and_override_select_apply_per_file(tmp_path: Path) -> None:
    write(tmp_path / "cdisql.toml", '[lint.per-file-ignores]\n"old/*.sql" = ["CDI301"]\n')
    resolver = Resolver()
    assert resolver.resolve(tmp_path / "old" / "a.sql").settings.ignore == ("CDI301",)
    assert resolver.resolve(tmp_path / "new.sql").settings.ignore == ()
    chosen = resolver.resolve(tmp_path / "old" / "a.sql", Overrides(select=("CDI1",)))
    assert chosen.settings.select == ("CDI1",) and chosen.settings.ignore == ("CDI301",)


def test_the_file_comment_wins_over_every_layer(tmp_path: Path) -> None:
    found = resolve(tmp_path / "q.sql", Overrides(dialect="snowflake"))
    assert found.warehouse_for("-- cdisql: dialect=bigquery\nSELECT 1").kind == "bigquery"
    assert found.warehouse_for("-- cdisql: dialect=bigqeury\nSELECT 1").kind == "snowflake"


def test_strict_raises_and_lenient_says_and_uses_defaults(tmp_path: Path) -> None:
    write(tmp_path / "cdisql.toml", 'dialect = "oracle"\n')
    with pytest.raises(RunError, match=r"cdisql\.toml:1: dialect: unknown dialect 'oracle'"):
        resolve(tmp_path / "q.sql")
    lenient = Resolver(strict=False).resolve(tmp_path / "q.sql")
    assert lenient.warehouse.kind == "duckdb"
    assert any("unknown dialect 'oracle'" in n and "using defaults" in n for n in lenient.notices)
    write(tmp_path / "x" / "cdisql.toml", "")
    with pytest.raises(RunError, match="--source nosuch: no source named 'nosuch'"):
        resolve(tmp_path / "x" / "q.sql", Overrides(source="nosuch"))
    editor = Overrides(source="nosuch", prefix="cdisql.")
    said = Resolver(strict=False).resolve(tmp_path / "x" / "q.sql", editor).notices
    assert any(n.startswith("cdisql.source nosuch: no source named") for n in said)


def test_a_watching_resolver_notices_settings_catalog_and_sources(tmp_path: Path) -> None:
    segment = tmp_path / "sub" / "q.sql"
    toml = write(tmp_path / "cdisql.toml", 'dialect = "snowflake"\n')
    watching, snapshot = Resolver(watch=True), Resolver()
    assert watching.resolve(segment).warehouse.kind == "snowflake"
    assert snapshot.resolve(segment).warehouse.kind == "snowflake"

    bump(toml, 'dialect = "bigquery"\ncatalog = "catalog.json"\n')
    catalog = write(tmp_path / "catalog.json", json.dumps(ONE_SCHEMA))
    assert watching.resolve(segment).warehouse.kind == "bigquery"
    assert snapshot.resolve(segment).warehouse.kind == "snowflake"  # one run, one snapshot
    assert watching.resolve(segment).settings.source_schema == "CDI"

    two = {
        **ONE_SCHEMA,
        "tables": [*ONE_SCHEMA["tables"], {**ONE_SCHEMA["tables"][0], "schema": "X"}],
    }
    bump(catalog, json.dumps(two))
    assert watching.resolve(segment).settings.source_schema is None  # two schemas: no guess

    # a settings file appearing nearer the file wins from then on
    write(tmp_path / "sub" / "cdisql.toml", 'source = "late"\n')
    assert watching.resolve(segment).source is None
    add_source("late", dialect="redshift")
    assert watching.resolve(segment).warehouse.kind == "redshift"
    assert watching.resolve(segment).source_name == "late"
