"""What applies to a file: ``resolve(path, overrides) -> FileContext``.

Every face asks here (``cdisql lint``, ``format``, ``validate``, ``preview``, ``build``,
``estimate``, the language server), so one file gets the same warehouse, lint settings,
source and catalog everywhere. CLI flags and the editor's settings are both one
:class:`Overrides` layer over the settings file. The precedence, for each value the
first that says:

- **source**: the override's, then the settings file's ``source``;
- **dialect**: the override's ``dialect``; the override's source's warehouse (a source
  named by an override brings its dialect and catalog with it); the settings file's
  ``dialect``; the settings file's source's warehouse; the catalog's warehouse;
  ``duckdb``. A ``-- cdisql: dialect=`` comment in the file wins over all of these
  (:meth:`FileContext.warehouse_for`; :func:`cdisql.analysis.analyze` applies it);
- **catalog**: the override's ``catalog``; the override's source's cached catalog; the
  settings file's ``catalog``; the settings file's source's cached catalog;
- **select / ignore**: the override's, else the settings file's, plus its
  ``per-file-ignores`` for the file;
- **the source's schema** (CDI105): the source's; else, when the catalog holds one
  schema, that schema (a source reads one schema).

:class:`Resolver` caches per folder and per catalog. A resolver made with
``watch=True`` (the language server's) compares the settings files, the catalog files
and the sources store by size, modification time and inode on every call and forgets
what changed; a one-shot run (``cdisql lint``) sees one snapshot.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cdisql.project.config import (
    CONFIG_FILENAME,
    PYPROJECT_FILENAME,
    ConfigError,
    ProjectConfig,
    discover_project_config,
)

if TYPE_CHECKING:
    from cdisql.catalog import Catalog
    from cdisql.dialects import Warehouse
    from cdisql.lint.settings import LintSettings
    from cdisql.sources.model import Source

DEFAULT_DIALECT = "duckdb"

CatalogLoader = Callable[[Path, "str | None"], "Catalog"]
"""``(path, default warehouse) -> Catalog``; raises :class:`cdisql.catalog.CatalogError`."""


class RunError(Exception):
    """A usage, settings or file problem: the CLI prints it and exits with 2."""


@dataclass(frozen=True)
class Overrides:
    """One override layer (CLI flags, or an editor's settings); None: not set here."""

    dialect: str | None = None
    catalog: Path | None = None
    """A catalog file, absolute (faces resolve a relative setting against their root)."""
    source: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    prefix: str = "--"
    """How this layer's keys are named in a message: ``--source`` or ``cdisql.source``."""


@dataclass(frozen=True)
class FileContext:
    """Everything one file is linted, formatted, previewed or built with."""

    config: ProjectConfig
    """The settings file's values (the defaults when there is none)."""
    warehouse: Warehouse
    """The file's dialect unless a ``-- cdisql: dialect=`` comment names another."""
    settings: LintSettings
    source_name: str | None = None
    """The source named by a layer, even when it is not configured here."""
    source: Source | None = None
    catalog: Catalog | None = None
    catalog_origin: str | None = None
    """Where the catalog comes from: its file, or ``source NAME``."""
    catalog_hash: str | None = None
    """A hash of the catalog file's bytes (part of the lint cache's key)."""
    notices: tuple[str, ...] = ()
    excluded: bool = False

    def warehouse_for(self, text: str) -> Warehouse:
        """The warehouse ``text`` is read in: its ``-- cdisql: dialect=`` comment's, when
        it names a known one, else :attr:`warehouse`."""
        from cdisql.analysis import directive_dialect
        from cdisql.dialects import get_warehouse

        named = directive_dialect(text)
        if named:
            try:
                return get_warehouse(named)
            except ValueError:
                pass  # CDI002 says so; the file is read in its folder's dialect
        return self.warehouse


@dataclass(frozen=True)
class CatalogPlan:
    """Which catalog file a folder's files use, before it is read."""

    path: Path
    origin: str
    warehouse: str | None
    """The warehouse a catalog file that names none is read as."""
    source: str | None = None
    """Set when this is a source's cached catalog."""

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        return (str(self.path), self.source, self.warehouse)


@dataclass(frozen=True)
class FolderPlan:
    """What applies in one folder under one override layer, catalog not yet read."""

    config: ProjectConfig
    """The settings file's values, with the layer's select and ignore on top."""
    file_config: ProjectConfig
    source_name: str | None
    source: Source | None
    dialect: str | None
    """The dialect a layer, a settings file or the source chose; None: the catalog's."""
    catalog: CatalogPlan | None
    notices: tuple[str, ...] = ()
    source_problem: str | None = None
    """Why the named source is not used (not configured here, store unreadable)."""

    def context(
        self,
        path: Path | None,
        catalog: Catalog | None,
        catalog_hash: str | None = None,
        notices: tuple[str, ...] = (),
    ) -> FileContext:
        """The context of ``path`` (None: a buffer in this folder) with ``catalog`` read."""
        from cdisql.dialects import get_warehouse

        config = self.config
        scope: tuple[str | None, str | None] | None = None
        if self.source is not None:
            scope = self.source.scope  # what the guard lets a build or preview read
        elif catalog is not None:
            # a source reads one schema: a catalog of one schema tells which it is
            schemas = catalog.schemas()
            if len(schemas) == 1:
                scope = schemas[0]
        if scope is not None:
            config = config.with_overrides(source_database=scope[0], source_schema=scope[1])
        kind = self.dialect or (catalog.warehouse.kind if catalog is not None else None)
        excluded = path is not None and self.file_config.is_excluded(path)
        return FileContext(
            config=self.file_config,
            warehouse=get_warehouse(kind or DEFAULT_DIALECT),
            settings=config.lint_settings_for(path),
            source_name=self.source_name,
            source=self.source,
            catalog=catalog,
            catalog_origin=self.catalog.origin if self.catalog is not None else None,
            catalog_hash=catalog_hash,
            notices=self.notices + notices,
            excluded=excluded,
        )


@dataclass
class _Loaded:
    catalog: Catalog
    hash: str
    stamp: object


@dataclass
class Resolver:
    """Answers :meth:`resolve` with caches per folder, per source and per catalog.

    ``strict``: a settings file, a catalog or an overriding source that cannot be used
    raises :class:`RunError` (the CLI exits with 2); otherwise it becomes a notice and
    the file gets the defaults, no catalog or no source (the language server).
    """

    load_catalog: CatalogLoader | None = None
    watch: bool = False
    strict: bool = True
    _configs: dict[Path, tuple[ProjectConfig, object]] = field(default_factory=dict)
    _plans: dict[tuple[Path, Overrides], tuple[FolderPlan, object]] = field(default_factory=dict)
    _sources: dict[str, tuple[Source | None, str | None]] = field(default_factory=dict)
    _store_stamp: object = None
    _catalogs: dict[tuple[str, str | None, str | None], _Loaded] = field(default_factory=dict)
    _said: set[str] = field(default_factory=set)
    _said_order: list[str] = field(default_factory=list)

    # -- settings files ------------------------------------------------------------------
    def config_for(self, folder: Path) -> ProjectConfig:
        """The settings file's values that apply in ``folder`` (cached per folder)."""
        folder = folder.absolute()
        cached = self._configs.get(folder)
        stamp = _stamps(settings_candidates(str(folder))) if self.watch else None
        if cached is not None and cached[1] == stamp:
            return cached[0]
        try:
            config = discover_project_config(folder)
        except ConfigError as error:
            if self.strict:
                raise RunError(str(error)) from None
            self._say(f"{error}; using defaults")
            config = ProjectConfig.default(folder)
        self._configs[folder] = (config, stamp)
        return config

    # -- sources -------------------------------------------------------------------------
    def _source(self, name: str, explicit: str | None, origin: str) -> Source | None:
        if self.watch:
            stamp = _store_stamp()
            if stamp != self._store_stamp:
                self._store_stamp = stamp
                self._sources.clear()
        if name not in self._sources:
            from cdisql.sources.model import SourceError
            from cdisql.sources.store import get_source

            try:
                self._sources[name] = (get_source(name), None)
            except SourceError as error:
                self._sources[name] = (None, str(error))
        source, problem = self._sources[name]
        if problem is not None:
            if explicit is not None:
                if self.strict:
                    raise RunError(f"{explicit}: {problem}")
                self._say(f"{explicit}: {problem}")
            else:
                self._say(
                    f"{origin}: source {name!r} is not configured here ({problem}); "
                    "linting without it"
                )
        return source

    # -- folders -------------------------------------------------------------------------
    def plan(self, folder: Path, overrides: Overrides | None = None) -> FolderPlan:
        """What applies in ``folder`` (cheap: no catalog is read)."""
        overrides = overrides or Overrides()
        folder = folder.absolute()
        said = len(self._said_order)
        file_config = self.config_for(folder)
        key = (folder, overrides)
        stamp = (id(file_config), _store_stamp()) if self.watch else None
        cached = self._plans.get(key)
        if cached is not None and cached[1] == stamp:
            return cached[0]
        plan = self._plan(file_config, overrides)
        plan = replace(plan, notices=tuple(self._said_order[said:]))
        self._plans[key] = (plan, stamp)
        return plan

    def _plan(self, file_config: ProjectConfig, o: Overrides) -> FolderPlan:
        config = file_config.with_overrides(select=o.select, ignore=o.ignore)
        name = o.source or file_config.source
        explicit = f"{o.prefix}source {o.source}" if o.source else None
        source = self._source(name, explicit, file_config.origin) if name else None
        source_kind = source.lint_warehouse.kind if source is not None else None
        # a layer's source brings its dialect and catalog at that layer's rank
        dialect = o.dialect or (source_kind if o.source else None)
        dialect = dialect or file_config.dialect or source_kind
        cached = self._source_catalog(source)
        catalog: CatalogPlan | None = None
        if o.catalog is not None:
            catalog = CatalogPlan(o.catalog, str(o.catalog), dialect)
        elif o.source and cached is not None:
            catalog = cached
        elif file_config.catalog_path is not None:
            catalog = CatalogPlan(file_config.catalog_path, str(file_config.catalog_path), dialect)
        elif cached is not None:
            catalog = cached
        if source is not None and cached is None and o.catalog is None:
            self._say(
                f"source {source.name!r} has no cached catalog yet, so the catalog rules "
                f"(CDI2xx, CDI304/305) did not run: `cdisql sources test {source.name}` reads it"
            )
        problem = self._sources[name][1] if name else None
        return FolderPlan(
            config, file_config, name, source, dialect, catalog, source_problem=problem
        )

    def _source_catalog(self, source: Source | None) -> CatalogPlan | None:
        if source is None:
            return None
        from cdisql import paths

        path = paths.catalog_file(source.name)
        if not path.is_file():
            return None
        return CatalogPlan(path, f"source {source.name}", source.type, source.name)

    # -- catalogs ------------------------------------------------------------------------
    def cached_catalog(self, plan: CatalogPlan) -> tuple[Catalog, str] | None:
        """The catalog ``plan`` names when it was read already (and, watching, unchanged)."""
        loaded = self._catalogs.get(plan.key)
        if loaded is None:
            return None
        if self.watch and loaded.stamp != _stamp(str(plan.path)):
            del self._catalogs[plan.key]
            return None
        return loaded.catalog, loaded.hash

    def read_catalog(self, plan: CatalogPlan) -> tuple[Catalog, str]:
        """Read the catalog ``plan`` names (a blocking call); :class:`RunError` when it
        cannot be used."""
        found = self.cached_catalog(plan)
        if found is not None:
            return found
        from cdisql.catalog import CatalogError

        stamp = _stamp(str(plan.path))
        try:
            catalog = self._loader()(plan.path, plan.warehouse)
        except CatalogError as error:
            raise RunError(str(error)) from None
        except OSError as error:
            raise RunError(f"{plan.path}: {error.strerror or error}") from None
        loaded = self._catalogs[plan.key] = _Loaded(catalog, _file_hash(plan.path), stamp)
        return loaded.catalog, loaded.hash

    def _loader(self) -> CatalogLoader:
        if self.load_catalog is not None:
            return self.load_catalog
        from cdisql.catalog import load_catalog

        return lambda path, warehouse: load_catalog(path, warehouse=warehouse)

    # -- files ---------------------------------------------------------------------------
    def resolve(self, path: Path | None, overrides: Overrides | None = None) -> FileContext:
        """What applies to ``path`` (None: a buffer in the current folder); reads the
        catalog when it was not read yet."""
        absolute = path.absolute() if path is not None else None
        plan = self.plan(absolute.parent if absolute is not None else Path.cwd(), overrides)
        catalog: Catalog | None = None
        digest: str | None = None
        notices: tuple[str, ...] = ()
        if plan.catalog is not None:
            try:
                catalog, digest = self.read_catalog(plan.catalog)
            except RunError as error:
                if self.strict:
                    raise
                notices = (str(error),)
        return plan.context(absolute, catalog, digest, notices)

    def warehouse(self, path: Path | None, overrides: Overrides | None = None) -> Warehouse:
        """:attr:`FileContext.warehouse` of ``path``, reading the catalog only when its
        warehouse decides (no layer names a dialect or a source)."""
        absolute = path.absolute() if path is not None else None
        plan = self.plan(absolute.parent if absolute is not None else Path.cwd(), overrides)
        if plan.dialect is not None or plan.catalog is None:
            from cdisql.dialects import get_warehouse

            return get_warehouse(plan.dialect or DEFAULT_DIALECT)
        return self.resolve(path, overrides).warehouse

    def inputs(self) -> list[str]:
        """Folders looked at, settings files looked for and catalog files read (not the
        sources' own): what a replayed ``cdisql lint`` depends on."""
        found: list[str] = []
        for folder in self._configs:
            found.append(str(folder))
            found.extend(settings_candidates(str(folder)))
        found.extend(key[0] for key in self._catalogs if key[1] is None)
        return found

    def uses_sources(self) -> bool:
        return bool(self._sources)

    def forget_plans(self) -> None:
        """Decide again (the settings files, the sources and their notices), keeping the
        catalogs read (each is checked against its file's stamp when watching)."""
        self._configs.clear()
        self._plans.clear()
        self._sources.clear()
        self._said.clear()
        self._said_order.clear()

    # -- notices -------------------------------------------------------------------------
    def _say(self, notice: str) -> None:
        if notice not in self._said:
            self._said.add(notice)
            self._said_order.append(notice)

    @property
    def notices(self) -> list[str]:
        """Every notice so far, each once, in order."""
        return list(self._said_order)


def resolve(path: Path | None, overrides: Overrides | None = None) -> FileContext:
    """What applies to ``path``, from a fresh :class:`Resolver` (strict: raises
    :class:`RunError` for unusable settings, catalog or overriding source)."""
    return Resolver().resolve(path, overrides)


def settings_candidates(folder: str) -> list[str]:
    """Every settings file looked for from ``folder`` up to the root."""
    found: list[str] = []
    here = os.path.realpath(folder)
    while True:
        found.append(os.path.join(here, CONFIG_FILENAME))
        found.append(os.path.join(here, PYPROJECT_FILENAME))
        parent = os.path.dirname(here)
        if parent == here:
            return found
        here = parent


def _stamp(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _stamps(paths: list[str]) -> tuple[object, ...]:
    return tuple(_stamp(p) for p in paths)


def _store_stamp() -> object:
    from cdisql import paths

    return _stamp(str(paths.sources_file()))


def _file_hash(path: Path) -> str:
    from cdisql.fileio import read_regular_bytes
    from cdisql.limits import MAX_CATALOG_BYTES
    from cdisql.project.cache import content_hash

    try:
        return content_hash(read_regular_bytes(path, limit=MAX_CATALOG_BYTES, what="a catalog"))
    except OSError:
        return ""
