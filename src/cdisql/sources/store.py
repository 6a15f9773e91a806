"""The user's sources store and the per-source catalog cache.

Sources live in one JSON file under the user config dir (:func:`cdisql.paths.sources_file`),
written atomically (temp file + rename) under a file lock, so two processes (the CLI
and the language server) never lose each other's changes and a crash never leaves a
half-written file. Catalogs discovered by a connection test or ``cdisql catalog
refresh`` are cached under the user cache dir, one JSON file per source.

No secret is ever stored: settings only name where a secret is read (an environment
variable, a file); a setting that looks like a secret value is refused.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from cdisql import paths
from cdisql.catalog import Catalog
from cdisql.catalog.model import CatalogError, load_catalog, save_catalog
from cdisql.fileio import atomic_write_text, locked
from cdisql.sources.model import MaxRuntime, Source, SourceError, SourceState

STORE_VERSION = 1

# settings whose *value* would be a secret; their ``*_env`` / ``*_file`` forms are fine
_SECRET_KEYS = re.compile(
    r"^(password|passwd|pwd|token|access_token|secret|client_secret|private_key|"
    r"private_key_passphrase|passphrase|api_key|credentials)$",
    re.I,
)


class SourceNotFoundError(SourceError):
    """No source with that name; the message lists the known ones."""


class SourceConflictError(SourceError):
    """Another source already reads the same schema on the same account (or has the name)."""


# -- (de)serialisation ---------------------------------------------------------------------
def source_to_dict(source: Source) -> dict[str, Any]:
    return {
        "type": source.type,
        "schema": source.schema,
        "database": source.database,
        "settings": dict(source.settings),
        "dialect": source.dialect,
        "max_runtime_s": source.max_runtime.seconds,
        "state": source.state.value,
        "last_test": source.last_test,
        "last_test_ok": source.last_test_ok,
    }


def source_from_dict(name: str, raw: Mapping[str, Any], *, origin: str = "sources") -> Source:
    where = f"{origin}: source {name!r}"
    if not isinstance(raw, Mapping):
        raise SourceError(f"{where}: expected an object")
    try:
        settings = raw.get("settings") or {}
        if not isinstance(settings, Mapping):
            raise SourceError("'settings' must be an object")
        return Source(
            name=name,
            type=str(raw.get("type", "")),
            schema=str(raw.get("schema") or ""),
            database=raw.get("database"),
            settings=dict(settings),
            dialect=raw.get("dialect"),
            max_runtime=MaxRuntime.parse(raw.get("max_runtime_s", MaxRuntime.MAX_SECONDS)),
            state=SourceState(raw.get("state", "draft")),
            last_test=raw.get("last_test"),
            last_test_ok=raw.get("last_test_ok"),
        )
    except (SourceError, ValueError) as error:
        raise SourceError(f"{where}: {error}") from None


def check_no_secret(settings: Mapping[str, Any]) -> None:
    """Refuse a setting that would store a secret value instead of naming where it lives."""
    from cdisql.sources.credentials import env_name_problem

    for key, value in settings.items():
        if str(key).endswith("_env") and (problem := env_name_problem(str(key), value)):
            raise SourceError(problem)
        if _SECRET_KEYS.match(str(key)):
            raise SourceError(
                f"setting {key!r} would store a secret: cdisql never stores secrets; "
                f"use {key}_env=VARIABLE (read from the environment) or {key}_file=PATH instead"
            )


# -- the store -------------------------------------------------------------------------------
def _lock(path: Path) -> AbstractContextManager[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return locked(f"{path}.lock", timeout=30)


def _read(path: Path) -> dict[str, Source]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise SourceError(f"{path}: cannot read the sources file: {error}") from None
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as error:
        raise SourceError(
            f"{path}:{error.lineno}:{error.colno}: the sources file is not valid JSON "
            f"({error.msg}); fix or delete it"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("sources", {}), dict):
        raise SourceError(f"{path}: expected an object with a 'sources' object; fix or delete it")
    raw_sources: dict[str, Any] = data.get("sources", {})
    return {
        name: source_from_dict(name, raw, origin=str(path)) for name, raw in raw_sources.items()
    }


def _write(path: Path, sources: Mapping[str, Source]) -> None:
    data = {
        "version": STORE_VERSION,
        "sources": {name: source_to_dict(s) for name, s in sorted(sources.items())},
    }
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", private=True)


@contextmanager
def _editing() -> Iterator[dict[str, Source]]:
    """Read-modify-write the store under its lock; written back when the block succeeds."""
    path = paths.sources_file()
    with _lock(path):
        sources = _read(path)
        yield sources
        _write(path, sources)


def load_sources() -> dict[str, Source]:
    """Every configured source, by name (empty when there is no sources file yet)."""
    # no lock: writers replace the file with one rename, so a reader sees a whole file
    return _read(paths.sources_file())


def get_source(name: str) -> Source:
    sources = load_sources()
    try:
        return sources[name]
    except KeyError:
        raise SourceNotFoundError(_not_found(name, sources)) from None


def _not_found(name: str, sources: Mapping[str, Source]) -> str:
    message = f"no source named {name!r}"
    close = difflib.get_close_matches(name, list(sources), n=1)
    if close:
        return f"{message}: did you mean {close[0]!r}?"
    if sources:
        return f"{message}: known sources are {', '.join(sorted(sources))}"
    return f"{message}: add one with `cdisql sources add {name} --type duckdb --database FILE` or run `cdisql demo`"


def _conflict(source: Source, sources: Mapping[str, Source]) -> Source | None:
    key = source.location_key()
    for other in sources.values():
        if other.name != source.name and other.location_key() == key:
            return other
    return None


def add_source(source: Source, *, replace: bool = False) -> Source:
    """Store a new source (state draft). Refuses a taken name or an already-read schema."""
    check_no_secret(source.settings)
    with _editing() as sources:
        if source.name in sources and not replace:
            raise SourceConflictError(
                f"a source named {source.name!r} already exists: choose another name, or "
                "add --replace to replace it (it becomes a draft again)"
            )
        other = _conflict(source, sources)
        if other is not None:
            raise SourceConflictError(
                f"source {other.name!r} already reads {source.warehouse.schema_word} "
                f"{source.schema!r} on this account: two sources must not read the same "
                f"{source.warehouse.schema_word}; use source {other.name!r} or choose "
                f"another {source.warehouse.schema_word}"
            )
        sources[source.name] = source
    return source


def update_source(source: Source) -> Source:
    """Replace a stored source with ``source`` (same name)."""
    check_no_secret(source.settings)
    with _editing() as sources:
        if source.name not in sources:
            raise SourceNotFoundError(_not_found(source.name, sources))
        other = _conflict(source, sources)
        if other is not None:
            raise SourceConflictError(
                f"source {other.name!r} already reads {source.warehouse.schema_word} "
                f"{source.schema!r} on this account"
            )
        sources[source.name] = source
    return source


def remove_source(name: str) -> Source:
    """Forget a source and its cached catalog (build history is kept)."""
    with _editing() as sources:
        try:
            removed = sources.pop(name)
        except KeyError:
            raise SourceNotFoundError(_not_found(name, sources)) from None
    paths.catalog_file(name).unlink(missing_ok=True)
    return removed


# -- catalog cache -------------------------------------------------------------------------
def save_cached_catalog(name: str, catalog: Catalog) -> Path:
    path = paths.catalog_file(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_catalog(catalog, path)
    return path


def cached_catalog(source: Source) -> Catalog | None:
    """The catalog cached for ``source`` (None when never discovered or unreadable)."""
    path = paths.catalog_file(source.name)
    if not path.exists():
        return None
    try:
        return load_catalog(path, warehouse=source.type)
    except CatalogError:
        return None


def load_cached_catalog(name: str) -> tuple[Source, Catalog | None]:
    """The source called ``name`` and its cached catalog (None if never discovered).

    ``cdisql lint --source NAME`` and the language server lint with this catalog and
    ``source.lint_warehouse``. Raises :class:`SourceNotFoundError` for an unknown name.
    """
    source = get_source(name)
    return source, cached_catalog(source)
