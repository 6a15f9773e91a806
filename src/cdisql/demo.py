"""The demo warehouse and source that ``cdisql demo`` walks through, with no account.

Creates (idempotently) a deterministic DuckDB warehouse from the package's
``data/demo/warehouse.sql`` (also linked from ``fixtures/demo/``) under the user data
dir and registers a ``demo`` source on it; the demo segments come with the package.
The walk itself (test, lint, preview, build) is the CLI's: :mod:`cdisql.cli.demo_cmd`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cdisql import paths
from cdisql.dialects import DUCKDB
from cdisql.fileio import atomic_write_text, place_file

DEMO_SOURCE = "demo"
DEMO_MAX_RUNTIME = "5m"
PREVIEW_SEGMENT = "premium_opt_in.sql"
BUILD_SEGMENT = "big_spenders.sql"
FIRST_TRY = "first_try.sql"
"""A segment with the mistakes people make first: a numeric id, a misspelt column."""


class DemoError(RuntimeError):
    """The demo could not run; the message says why and what to do."""


@dataclass(frozen=True)
class DemoSegment:
    name: str
    text: str


def warehouse_sql() -> str:
    """The SQL that creates the demo warehouse (from the installed package)."""
    return resources.files("cdisql").joinpath("data/demo/warehouse.sql").read_text("utf-8")


def first_try() -> DemoSegment:
    """The segment with typical mistakes the demo lints and fixes (never changed on disk)."""
    path = resources.files("cdisql").joinpath("data/demo").joinpath(FIRST_TRY)
    return DemoSegment(FIRST_TRY, path.read_text("utf-8"))


def demo_segments() -> list[DemoSegment]:
    folder = resources.files("cdisql").joinpath("data/demo/segments")
    found = [
        DemoSegment(entry.name, entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    ]
    return sorted(found, key=lambda s: s.name)


def demo_database() -> Path:
    return paths.demo_dir() / "demo.duckdb"


def ensure_demo_database(*, fresh: bool = False) -> tuple[Path, bool]:
    """Create the demo database unless an identical one exists; (path, created)."""
    import duckdb

    sql = warehouse_sql()
    version = hashlib.sha256(sql.encode("utf-8")).hexdigest()[:16]
    path = demo_database()
    stamp = path.with_suffix(".version")
    if (
        not fresh
        and path.exists()
        and stamp.exists()
        and stamp.read_text(encoding="utf-8").strip() == version
        and _opens(path)
    ):
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = duckdb.connect(str(tmp), config={"enable_external_access": False})
        try:
            conn.execute(sql)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
        # the old file's write-ahead log (left by a killed process) must not be
        # replayed into the new file: DuckDB would refuse to open it
        wal_of(path).unlink(missing_ok=True)
        place_file(tmp, path)
        wal_of(tmp).unlink(missing_ok=True)
    except duckdb.Error as error:
        raise DemoError(f"cannot create the demo warehouse at {path}: {error}") from None
    finally:
        tmp.unlink(missing_ok=True)
    atomic_write_text(stamp, version + "\n")
    return path, True


def wal_of(database: Path) -> Path:
    """DuckDB's write-ahead log next to ``database``."""
    return database.with_name(database.name + ".wal")


def _opens(path: Path) -> bool:
    """Whether DuckDB can open the demo database (a killed build may leave a WAL it
    cannot replay); an unusable demo database is recreated, it holds nothing of the user's."""
    import duckdb

    try:
        duckdb.connect(str(path), config={"enable_external_access": False}).close()
    except duckdb.Error:
        return False
    return True


def register_demo_source(database: Path) -> Any:
    from cdisql.sources.model import MaxRuntime, Source
    from cdisql.sources.store import add_source, load_sources

    existing = load_sources().get(DEMO_SOURCE)
    if existing is not None:
        if existing.type == DUCKDB.kind and existing.database == str(database):
            return existing
        raise DemoError(
            f"a source named {DEMO_SOURCE!r} already exists and is not the demo warehouse "
            f"({existing.type}, {existing.database}): the demo never replaces it; rename "
            f"yours, or remove it with `cdisql sources remove {DEMO_SOURCE}`"
        )
    source = Source(
        DEMO_SOURCE,
        DUCKDB.kind,
        "main",
        database=str(database),
        max_runtime=MaxRuntime.parse(DEMO_MAX_RUNTIME),
    )
    return add_source(source)


def segment_hint(name: str) -> str:
    """Where demo segment ``name`` can be read (:func:`demo_file_hint`)."""
    return demo_file_hint(f"segments/{name}")


def demo_file_hint(name: str) -> str:
    """``fixtures/demo/NAME`` in a clone, else the file inside the installed package."""
    in_clone = Path("fixtures/demo") / name
    with contextlib.suppress(OSError):
        if in_clone.exists():
            return str(in_clone)
    return str(resources.files("cdisql").joinpath("data/demo").joinpath(name))
