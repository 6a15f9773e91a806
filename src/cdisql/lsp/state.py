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

from cdisql.dialects import Warehouse
from cdisql.lsp.settings import ClientSettings

if TYPE_CHECKING:
    from cdisql.assist import CatalogIndex
    from cdisql.catalog import Catalog
    from cdisql.lint import LintSettings
    from cdisql.project.resolve import FolderPlan, Overrides, Resolver
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
    excluded: bool = False


def overrides_of(settings: ClientSettings, root: Path | None) -> Overrides:
    """The editor's settings as the override layer the resolver puts over the project's
    settings file (a relative ``catalog`` is relative to the workspace folder)."""
    from cdisql.project.resolve import Overrides

    catalog: Path | None = None
    if settings.catalog:
        p = Path(settings.catalog).expanduser()
        catalog = p if p.is_absolute() or root is None else root / p
    return Overrides(
        dialect=settings.dialect,
        catalog=catalog,
        source=settings.source,
        select=settings.select,
        ignore=settings.ignore,
        prefix="cdisql.",
    )


def catalog_key(plan: FolderPlan) -> tuple[str | None, str | None, str | None]:
    """(catalog file, source name, default warehouse): one catalog state per key."""
    if plan.catalog is None:
        return (None, plan.source_name, None)
    return (str(plan.catalog.path), plan.source_name, plan.catalog.warehouse)


def load_catalog_state(resolver: Resolver, plan: FolderPlan) -> CatalogState:
    """Read the catalog the resolver chose for ``plan`` (a blocking call when one is
    named: run it off the event loop)."""
    from cdisql.project.resolve import RunError

    version = next_version()
    if plan.catalog is None:
        if plan.source_name and plan.source is None:
            message = f"source {plan.source_name!r}: {plan.source_problem}"
            return CatalogState(LOAD_FAILED, version, message=message)
        if plan.source is not None:
            name = plan.source.name
            return CatalogState(
                LOAD_FAILED,
                version,
                source=plan.source,
                message=f"source {name!r} has no catalog yet: run "
                f"`cdisql catalog refresh {name}` or the command 'cdisql.refreshCatalog'",
            )
        return CatalogState(NO_SOURCE, version)
    try:
        catalog, _ = resolver.read_catalog(plan.catalog)
    except RunError as error:
        return CatalogState(LOAD_FAILED, version, source=plan.source, message=str(error))
    except Exception as error:  # never raised inside a handler: said to the user
        return CatalogState(
            LOAD_FAILED, version, source=plan.source, message=f"{plan.catalog.path}: {error}"
        )
    return _loaded(version, plan.source, catalog, plan.catalog.origin)


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
