"""The source store: states, collisions, runtimes, secrets, atomic writes, paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cdisql import paths
from cdisql.sources import store
from cdisql.sources.connection_test import run_connection_test
from cdisql.sources.model import MaxRuntime, Source, SourceError, SourceState


def test_paths_honour_xdg_variables(isolated_state: Path) -> None:
    assert paths.sources_file().is_relative_to(isolated_state / "xdg_config_home")
    assert paths.builds_dir().is_relative_to(isolated_state / "xdg_data_home")
    assert paths.catalog_file("x").is_relative_to(isolated_state / "xdg_cache_home")


def test_new_source_is_a_draft_until_a_connection_test_succeeds(draft: Source) -> None:
    assert store.get_source("local").state is SourceState.DRAFT
    result = run_connection_test(draft)
    assert result.ok
    stored = store.get_source("local")
    assert stored.state is SourceState.ACTIVE
    assert stored.last_test_ok is True and stored.last_test
    cached_source, catalog = store.load_cached_catalog("local")
    assert cached_source == stored
    assert catalog is not None and catalog.resolve("users") is not None


def test_failed_connection_test_leaves_source_draft(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.duckdb"
    source = store.add_source(Source("gone", "duckdb", "main", database=str(missing)))
    result = run_connection_test(source)
    assert not result.ok
    connect = result.checks[0]
    assert connect.name == "connect" and not connect.ok
    assert "does not exist" in connect.detail and connect.fix
    stored = store.get_source("gone")
    assert stored.state is SourceState.DRAFT and stored.last_test_ok is False
    assert store.load_cached_catalog("gone")[1] is None


def test_missing_schema_is_reported_with_what_to_do(warehouse: Path) -> None:
    source = store.add_source(Source("other", "duckdb", "analytics", database=str(warehouse)))
    result = run_connection_test(source)
    schema = next(c for c in result.checks if c.name == "schema")
    assert not schema.ok and "does not exist" in schema.detail
    assert schema.fix and "main" in schema.fix
    assert store.get_source("other").state is SourceState.DRAFT


def test_read_only_file_fails_the_create_table_check(warehouse: Path) -> None:
    source = store.add_source(
        Source("ro", "duckdb", "main", database=str(warehouse), settings={"read_only": True})
    )
    result = run_connection_test(source)
    create = next(c for c in result.checks if c.name == "create table")
    assert not create.ok and "read-only" in create.detail
    assert store.get_source("ro").state is SourceState.DRAFT


def test_two_sources_on_the_same_schema_are_refused_naming_the_other(warehouse: Path) -> None:
    store.add_source(Source("first", "duckdb", "main", database=str(warehouse)))
    with pytest.raises(SourceError, match="'first'"):
        store.add_source(Source("second", "duckdb", "MAIN", database=str(warehouse)))
    assert set(store.load_sources()) == {"first"}


def test_same_name_is_refused_unless_replaced(warehouse: Path, tmp_path: Path) -> None:
    store.add_source(Source("a", "duckdb", "main", database=str(warehouse)))
    other = Source("a", "duckdb", "main", database=str(tmp_path / "other.duckdb"))
    with pytest.raises(SourceError, match="already exists"):
        store.add_source(other)
    store.add_source(other, replace=True)
    assert store.get_source("a").database == str(tmp_path / "other.duckdb")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("1h", 3600), ("1s", 1), ("60m", 3600), ("1.5m", 90)],
)
def test_max_runtime_accepts_durations_from_1s_to_60m(text: str, seconds: float) -> None:
    assert MaxRuntime.parse(text).seconds == seconds


@pytest.mark.parametrize("text", ["0s", "500ms", "61m", "2h", "-1s", "soon", "", "15 parsecs"])
def test_max_runtime_outside_range_or_malformed_is_refused(text: str) -> None:
    with pytest.raises(SourceError, match=r"(1s and 60m|90s, 15m or 1h)"):
        MaxRuntime.parse(text)


def test_default_max_runtime_is_60_minutes(draft: Source) -> None:
    assert store.get_source("local").max_runtime == MaxRuntime(3600)


def test_a_secret_value_in_settings_is_refused(warehouse: Path) -> None:
    with pytest.raises(SourceError, match="password_env"):
        store.add_source(
            Source("s", "duckdb", "main", database=str(warehouse), settings={"password": "x"})
        )
    assert not paths.sources_file().exists() or "x" not in paths.sources_file().read_text()


def test_sources_file_is_written_atomically_and_privately(
    draft: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = paths.sources_file()
    before = path.read_text()
    assert os.stat(path).st_mode & 0o077 == 0

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        store.update_source(draft.with_changes(max_runtime=MaxRuntime(90)))
    monkeypatch.undo()
    assert path.read_text() == before  # untouched, never half-written
    assert json.loads(before)["sources"]["local"]["max_runtime_s"] == 3600
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_unknown_source_suggests_the_closest_name(draft: Source) -> None:
    with pytest.raises(store.SourceNotFoundError, match="did you mean 'local'"):
        store.get_source("locl")


def test_damaged_sources_file_names_the_file_and_position() -> None:
    path = paths.sources_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"sources": {', encoding="utf-8")
    with pytest.raises(SourceError, match=r"sources\.json:1:"):
        store.load_sources()


def test_remove_forgets_the_source_and_its_catalog(active: Source) -> None:
    assert paths.catalog_file("local").exists()
    store.remove_source("local")
    assert store.load_sources() == {}
    assert not paths.catalog_file("local").exists()


def test_duckdb_discovery_uses_a_constant_number_of_queries(tmp_path: Path) -> None:
    import duckdb

    from cdisql.sources.base import adapter_for

    def queries_for(tables: int) -> int:
        path = tmp_path / f"w{tables}.duckdb"
        conn = duckdb.connect(str(path))
        for i in range(tables):
            conn.execute(f"CREATE TABLE t{i} (a INTEGER, b VARCHAR)")
        conn.close()
        adapter = adapter_for(Source(f"s{tables}", "duckdb", "main", database=str(path)))
        adapter.connect()
        real = adapter._conn  # type: ignore[attr-defined]
        count = 0

        class Counting:
            def execute(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                nonlocal count
                count += 1
                return real.execute(*args, **kwargs)

            def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
                return getattr(real, name)

        adapter._conn = Counting()  # type: ignore[attr-defined]
        try:
            catalog = adapter.discover_catalog()
        finally:
            adapter._conn = real  # type: ignore[attr-defined]
            adapter.close()
        assert len(catalog) == tables
        return count

    assert queries_for(2) == queries_for(40)


def test_sources_add_settings_are_converted_by_the_source_model(tmp_path: Path) -> None:
    """What `cdisql sources add` gives (--set text, typed flags) becomes a draft Source in
    the model, for any face: kinds converted, defaults filled, a file database resolved,
    a flag left at its default "off" not written, and mistakes named by their flag."""
    from cdisql.sources.model import new_source

    redshift = new_source(
        "rs",
        "redshift",
        schema="cdi",
        pairs=["port=5440", "ssl=off"],
        options={"host": "h", "user": "u", "password_env": "PW", "ssh_port": None},
    )
    assert redshift.settings["port"] == 5440 and redshift.settings["ssl"] is False
    assert redshift.settings["connect_timeout"] == 30  # the adapter's default
    assert redshift.state is SourceState.DRAFT
    local = new_source("local", "duckdb", database=str(tmp_path / "w.duckdb"))
    assert local.schema == "main" and local.database == str((tmp_path / "w.duckdb").resolve())
    assert "read_only" not in local.settings
    given = {"host": "h", "user": "u", "password_env": "PW"}
    with pytest.raises(SourceError, match="--port expects a whole number"):
        new_source("rs", "redshift", schema="cdi", pairs=["port=x"])
    with pytest.raises(SourceError, match="needs --host, --user, --password-env"):
        new_source("rs", "redshift", schema="cdi")
    with pytest.raises(SourceError, match="--dialect is for duckdb sources"):
        new_source("rs", "redshift", schema="cdi", dialect="snowflake", options=given)
