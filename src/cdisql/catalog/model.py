"""Catalog / Table / Column values, their name index and the JSON file format.

The JSON format (``version`` 1) is what ``cdisql catalog export`` writes and what CI
commits to lint without credentials::

    {"version": 1, "warehouse": "snowflake", "source": "prod",
     "generated_at": "2026-11-28T00:00:00Z",
     "tables": [{"database": "ANALYTICS", "schema": "CDI", "name": "EVENTS",
                 "kind": "table", "description": "one row per event",
                 "partition_by": ["EVENT_DATE"], "cluster_by": [],
                 "columns": [{"name": "EXTERNAL_ID", "type": "VARCHAR",
                              "nullable": true, "description": "Braze external id"}]}]}

Tables resolve by their trailing name parts (``EVENTS``, ``CDI.EVENTS``,
``ANALYTICS.CDI.EVENTS``), case-folded the way the warehouse folds names.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from cdisql.dialects import NameFolding, Warehouse, get_warehouse

FORMAT_VERSION = 1
_T = TypeVar("_T")
_DERIVED_LOCK = threading.Lock()
TABLE_KINDS = ("table", "view", "materialized_view", "external")


class CatalogError(ValueError):
    """A catalog file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str | None = None
    nullable: bool | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...] = ()
    database: str | None = None
    schema: str | None = None
    kind: str = "table"
    description: str | None = None
    partition_by: tuple[str, ...] = ()
    cluster_by: tuple[str, ...] = ()
    row_count: int | None = None

    @property
    def qualified_name(self) -> str:
        return ".".join(p for p in (self.database, self.schema, self.name) if p)

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.database, self.schema, self.name) if p)

    @property
    def pruning_columns(self) -> tuple[str, ...]:
        """Partition then cluster columns: predicates on these let the warehouse prune."""
        return self.partition_by + tuple(c for c in self.cluster_by if c not in self.partition_by)

    def column(self, name: str, warehouse: Warehouse | None = None) -> Column | None:
        wanted = (
            name.casefold() if warehouse is None or not warehouse.columns_case_sensitive else name
        )
        for column in self.columns:
            key = (
                column.name.casefold()
                if warehouse is None or not warehouse.columns_case_sensitive
                else column.name
            )
            if key == wanted:
                return column
        return None


@dataclass(frozen=True)
class Catalog:
    """The tables a source can see, with an index by trailing name parts."""

    warehouse: Warehouse
    tables: tuple[Table, ...] = ()
    source: str | None = None
    generated_at: str | None = None
    _index: dict[tuple[str, ...], list[Table]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _derived: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = self._index
        key = self.warehouse.key
        for table in self.tables:
            parts = tuple(key(p) for p in table.parts)
            for n in range(1, len(parts) + 1):
                index.setdefault(parts[-n:], []).append(table)

    def __len__(self) -> int:
        return len(self.tables)

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables)

    def lookup(self, *parts: str) -> list[Table]:
        """Tables matching the trailing name parts (``("CDI", "EVENTS")``), best first."""
        if not parts:
            return []
        # BigQuery writes `project.dataset.table` as one quoted identifier
        if len(parts) == 1 and "." in parts[0]:
            parts = tuple(parts[0].split("."))
        key = tuple(self.warehouse.key(p) for p in parts if p)
        return list(self._index.get(key, ()))

    def resolve(self, *parts: str) -> Table | None:
        """The table named by ``parts`` when exactly one matches."""
        found = self.lookup(*parts)
        return found[0] if len(found) == 1 else None

    def lookup_written(self, parts: list[tuple[str, bool]]) -> list[Table]:
        """Tables matching name parts as written in SQL: ``(name, quoted)`` pairs.

        Where unquoted names fold to upper case (Snowflake), a quoted name keeps its
        case: ``"users"`` is not ``USERS``. Elsewhere quoting does not change matching.
        """
        found = self.lookup(*(name for name, _ in parts))
        if self.warehouse.folding is not NameFolding.UPPER or not any(q for _, q in parts):
            return found
        names = [(name, quoted) for name, quoted in parts if name]
        if len(names) == 1 and "." in names[0][0]:
            return found
        kept = []
        for table in found:
            stored = table.parts[-len(names) :]
            if all(not q or s == n for (n, q), s in zip(names, stored, strict=False)):
                kept.append(table)
        return kept

    def derived(self, key: Any, build: Callable[[Catalog], _T]) -> _T:
        """A value computed from this catalog once and kept with it (an index a rule or a
        feature needs): ``build(self)`` the first time ``key`` is asked for."""
        derived = self._derived
        if key in derived:
            return derived[key]
        with _DERIVED_LOCK:
            if key not in derived:
                derived[key] = build(self)
            return derived[key]

    def table_names(self) -> list[str]:
        return [t.name for t in self.tables]

    def schemas(self) -> list[tuple[str | None, str | None]]:
        seen: dict[tuple[str | None, str | None], None] = {}
        for table in self.tables:
            seen.setdefault((table.database, table.schema), None)
        return list(seen)

    # -- JSON ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The JSON form; tables in a stable order (database, schema, name), columns in the
        warehouse's column order, so that a committed snapshot diffs well."""
        tables = sorted(self.tables, key=lambda t: tuple((p or "").casefold() for p in t.parts))
        return {
            "version": FORMAT_VERSION,
            "warehouse": self.warehouse.kind,
            "source": self.source,
            "generated_at": self.generated_at,
            "tables": [_table_to_dict(t) for t in tables],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _table_to_dict(table: Table) -> dict[str, Any]:
    data: dict[str, Any] = {
        "database": table.database,
        "schema": table.schema,
        "name": table.name,
        "kind": table.kind,
        "description": table.description,
        "partition_by": list(table.partition_by),
        "cluster_by": list(table.cluster_by),
        "columns": [
            {"name": c.name, "type": c.type, "nullable": c.nullable, "description": c.description}
            for c in table.columns
        ],
    }
    if table.row_count is not None:
        data["row_count"] = table.row_count
    return data


def catalog_from_dict(
    data: Any, *, origin: str = "<catalog>", warehouse: str | None = None
) -> Catalog:
    """Build a :class:`Catalog` from parsed JSON, with errors naming ``origin`` and the entry."""
    if not isinstance(data, dict):
        raise CatalogError(f"{origin}: expected a JSON object with 'version' and 'tables'")
    version = data.get("version")
    if version != FORMAT_VERSION:
        raise CatalogError(
            f"{origin}: unsupported catalog version {version!r} (expected {FORMAT_VERSION})"
        )
    kind = data.get("warehouse") or warehouse
    if not isinstance(kind, str):
        found = "is missing" if "warehouse" not in data else f"is {data['warehouse']!r}"
        raise CatalogError(
            f"{origin}: 'warehouse' {found}: it must name one of snowflake, redshift, "
            "bigquery, databricks, duckdb"
        )
    try:
        wh = get_warehouse(kind)
    except ValueError as error:
        raise CatalogError(f"{origin}: {error}") from None
    raw_tables = data.get("tables")
    if not isinstance(raw_tables, list):
        raise CatalogError(f"{origin}: 'tables' must be a list")
    tables = [_table_from_dict(t, origin, i) for i, t in enumerate(raw_tables)]
    source = data.get("source")
    generated = data.get("generated_at")
    return Catalog(
        wh,
        tuple(tables),
        source=source if isinstance(source, str) else None,
        generated_at=generated if isinstance(generated, str) else None,
    )


def _opt_str(value: Any, where: str, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise CatalogError(f"{where}: '{key}' must be a string or null, not {type(value).__name__}")


def _names(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: '{key}' must be a list of column names")
    return tuple(value)


def _table_from_dict(raw: Any, origin: str, i: int) -> Table:
    where = f"{origin}: tables[{i}]"
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: expected an object")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise CatalogError(f"{where}: 'name' is required and must be a non-empty string")
    where = f"{origin}: tables[{i}] ({name})"
    kind = raw.get("kind", "table")
    if kind not in TABLE_KINDS:
        raise CatalogError(f"{where}: 'kind' must be one of {', '.join(TABLE_KINDS)}, not {kind!r}")
    raw_columns = raw.get("columns", [])
    if not isinstance(raw_columns, list):
        raise CatalogError(f"{where}: 'columns' must be a list")
    columns = []
    for j, rc in enumerate(raw_columns):
        cwhere = f"{where}: columns[{j}]"
        if not isinstance(rc, dict) or not isinstance(rc.get("name"), str) or not rc["name"]:
            raise CatalogError(f"{cwhere}: expected an object with a non-empty 'name'")
        nullable = rc.get("nullable")
        if nullable is not None and not isinstance(nullable, bool):
            raise CatalogError(f"{cwhere} ({rc['name']}): 'nullable' must be true, false or null")
        columns.append(
            Column(
                rc["name"],
                _opt_str(rc.get("type"), cwhere, "type"),
                nullable,
                _opt_str(rc.get("description"), cwhere, "description"),
            )
        )
    row_count = raw.get("row_count")
    if row_count is not None and (not isinstance(row_count, int) or isinstance(row_count, bool)):
        raise CatalogError(f"{where}: 'row_count' must be an integer or null")
    return Table(
        name=name,
        columns=tuple(columns),
        database=_opt_str(raw.get("database"), where, "database"),
        schema=_opt_str(raw.get("schema"), where, "schema"),
        kind=kind,
        description=_opt_str(raw.get("description"), where, "description"),
        partition_by=_names(raw.get("partition_by"), where, "partition_by"),
        cluster_by=_names(raw.get("cluster_by"), where, "cluster_by"),
        row_count=row_count,
    )


def load_catalog(path: str | Path, *, warehouse: str | None = None) -> Catalog:
    """Read a catalog JSON file; a missing or malformed file raises :class:`CatalogError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"{path}: cannot read catalog file: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogError(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    return catalog_from_dict(data, origin=str(path), warehouse=warehouse)


def save_catalog(catalog: Catalog, path: str | Path) -> None:
    """Write ``catalog`` as JSON atomically (temp file + rename)."""
    from cdisql.fileio import atomic_write_text

    atomic_write_text(Path(path), catalog.to_json())
