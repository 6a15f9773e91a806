"""The server's state as explicit values: per workspace folder, what source and
catalog the documents are linted and completed with.

A folder's catalog is in one of four states, each stamped with a version that grows on
every change (it is part of the pull-diagnostics ``resultId``):

- ``no-source``: neither a source nor a catalog file is configured;
- ``loading``: a catalog is being read (features work without it meanwhile);
- ``catalog-loaded``: a catalog (and its completion index) is available;
- ``load-failed``: the source or catalog could not be read; ``message`` says why and
  features degrade to what needs no catalog.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdisql.dialects import Warehouse, get_warehouse
from cdisql.lsp.settings import ClientSettings

if TYPE_CHECKING:
    from cdisql.assist import CatalogIndex
    from cdisql.catalog import Catalog
    from cdisql.lint import LintSettings
    from cdisql.sources.model import Source

NO_SOURCE = "no-source"
LOADING = "loading"
CATALOG_LOADED = "catalog-loaded"
LOAD_FAILED = "load-failed"

_versions = itertools.count(1)


def next_version() -> int:
    return next(_versions)


@dataclass(frozen=True)
class CatalogState:
    state: str
    version: int
    source: Source | None = None
    catalog: Catalog | None = None
    index: CatalogIndex | None = None
    message: str | None = None
    origin: str | None = None
    """Where the catalog came from: a file path or ``source NAME``."""
    loaded_at: float | None = None

    @property
    def age_seconds(self) -> float | None:
        if self.catalog is None:
            return None
        generated = _parse_time(self.catalog.generated_at)
        base = generated if generated is not None else self.loaded_at
        return None if base is None else max(0.0, time.time() - base)

    def status(self) -> dict[str, Any]:
        """The JSON status a client shows (the ``cdisql/status`` notification)."""
        age = self.age_seconds
        return {
            "state": self.state,
            "version": self.version,
            "source": self.source.name if self.source else None,
            "sourceState": self.source.state.value if self.source else None,
            "catalog": self.origin,
            "tables": len(self.catalog) if self.catalog is not None else 0,
            "catalogAgeSeconds": None if age is None else round(age),
            "message": self.message,
        }


def _parse_time(value: str | None) -> float | None:
    if not value:
        return None
    from datetime import datetime

    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


@dataclass
class Folder:
    """One workspace folder (or the implicit folder of a document outside any)."""

    uri: str
    path: Path | None
    settings: ClientSettings = field(default_factory=ClientSettings)
    """This folder's ``workspace/configuration`` values over the ``initializationOptions``."""
    catalog: CatalogState = field(default_factory=lambda: CatalogState(NO_SOURCE, next_version()))
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentConfig:
    """Everything needed to lint and complete one document."""

    warehouse: Warehouse
    lint: LintSettings
    lint_on_change: bool
    max_runtime: str | None
    source_name: str | None
    catalog: CatalogState
    project_problem: str | None = None
    excluded: bool = False


def resolve_catalog(
    settings: ClientSettings, root: Path | None, project: Any | None
) -> CatalogState:
    """Load the catalog the settings name (a blocking call: run it off the event loop).

    ``catalog`` (a JSON file) wins over ``source`` (its cached catalog); settings fall
    back to the project's ``cdisql.toml`` values.
    """
    from cdisql.assist.catalog_loader import load_catalog_compact
    from cdisql.catalog.model import CatalogError

    catalog_setting = settings.catalog
    catalog_path: Path | None = None
    if catalog_setting:
        p = Path(catalog_setting).expanduser()
        catalog_path = p if p.is_absolute() or root is None else root / p
    elif project is not None and getattr(project, "catalog_path", None) is not None:
        catalog_path = project.catalog_path
    source_name = settings.source or (getattr(project, "source", None) if project else None)
    source = None
    version = next_version()
    if source_name:
        try:
            from cdisql import paths
            from cdisql.sources.store import get_source

            source = get_source(source_name)
            cached_path = paths.catalog_file(source.name)
            cached = (
                load_catalog_compact(cached_path, warehouse=source.type)
                if cached_path.exists() and catalog_path is None
                else None
            )
        except ImportError:
            return CatalogState(
                LOAD_FAILED, version, message="the sources store is not available in this build"
            )
        except Exception as error:  # SourceError and friends: said to the user, not raised
            return CatalogState(LOAD_FAILED, version, message=f"source {source_name!r}: {error}")
        if catalog_path is None:
            if cached is None:
                return CatalogState(
                    LOAD_FAILED,
                    version,
                    source=source,
                    message=f"source {source_name!r} has no catalog yet: run "
                    f"`cdisql catalog refresh {source_name}` or the command "
                    "'cdisql.refreshCatalog'",
                )
            return _loaded(version, source, cached, f"source {source_name}")
    if catalog_path is not None:
        try:
            kind = source.lint_warehouse.kind if source else settings.dialect
            catalog = load_catalog_compact(catalog_path, warehouse=kind)
        except CatalogError as error:
            return CatalogState(LOAD_FAILED, version, source=source, message=str(error))
        except Exception as error:
            return CatalogState(
                LOAD_FAILED, version, source=source, message=f"{catalog_path}: {error}"
            )
        return _loaded(version, source, catalog, str(catalog_path))
    return CatalogState(NO_SOURCE, version)


def _loaded(version: int, source: Source | None, catalog: Catalog, origin: str) -> CatalogState:
    from cdisql.assist import CatalogIndex

    return CatalogState(
        CATALOG_LOADED,
        version,
        source=source,
        catalog=catalog,
        index=CatalogIndex.build(catalog),
        origin=origin,
        loaded_at=time.time(),
    )


def pick_warehouse(
    settings: ClientSettings, project: Any | None, catalog: CatalogState
) -> tuple[Warehouse, str | None]:
    """The dialect to lint in: the settings, the project file, the source, the catalog,
    then DuckDB. Returns a problem message when a configured name is unknown."""
    candidates = [
        settings.dialect,
        getattr(project, "dialect", None) if project is not None else None,
        catalog.source.lint_warehouse.kind if catalog.source is not None else None,
        catalog.catalog.warehouse.kind if catalog.catalog is not None else None,
    ]
    for name in candidates:
        if name:
            try:
                return get_warehouse(name), None
            except ValueError as error:
                return get_warehouse("duckdb"), str(error)
    return get_warehouse("duckdb"), None
