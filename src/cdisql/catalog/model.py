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

The format is published as a JSON Schema (``data/catalog.schema.json``, documented in
``docs/catalog-format.md``); :func:`catalog_problems` checks parsed JSON against the
same rules and names each entry it rejects (``tables[3].columns[1].type: …``).
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
    """Build a :class:`Catalog` from parsed JSON, with errors naming ``origin`` and the entry
    (``tables[3].columns[1].type: …``). Keys it does not know are ignored (a newer cdisql
    may add some); ``cdisql catalog validate`` reports them."""
    reader = _Reader()
    catalog = reader.catalog(data, warehouse)
    if reader.problems or catalog is None:
        first, more = reader.problems[0], len(reader.problems) - 1
        tail = f" (and {more} more: `cdisql catalog validate {origin}` lists them)" if more else ""
        raise CatalogError(f"{origin}: {first}{tail}")
    return catalog


def catalog_problems(data: Any) -> list[str]:
    """Every way ``data`` (parsed JSON) departs from the catalog format of
    ``data/catalog.schema.json``, unknown keys included, each naming its entry."""
    reader = _Reader(strict=True)
    reader.catalog(data, None)
    return reader.problems


_CATALOG_KEYS = ("version", "warehouse", "source", "generated_at", "tables")
_TABLE_KEYS = (
    "database",
    "schema",
    "name",
    "kind",
    "description",
    "partition_by",
    "cluster_by",
    "row_count",
    "columns",
)
_COLUMN_KEYS = ("name", "type", "nullable", "description")


def _a(value: Any) -> str:
    """``value``'s JSON type, as a message says it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


class _Reader:
    """Reads the catalog format, noting each problem with the JSON path of its entry."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.problems: list[str] = []

    def problem(self, path: str, message: str, named: str = "") -> None:
        self.problems.append(f"{path}: {message}{f' ({named})' if named else ''}")

    def unknown_keys(
        self, raw: dict[str, Any], known: tuple[str, ...], path: str, named: str
    ) -> None:
        if not self.strict:
            return
        import difflib

        for key in raw:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f": did you mean {close[0]!r}?" if close else f" (known: {', '.join(known)})"
                self.problem(f"{path}.{key}" if path else str(key), f"unknown key{hint}", named)

    def text(self, raw: dict[str, Any], key: str, path: str, named: str) -> str | None:
        value = raw.get(key)
        if value is None or isinstance(value, str):
            return value
        self.problem(f"{path}.{key}", f"must be a string or null, not {_a(value)}", named)
        return None

    def names(self, raw: dict[str, Any], key: str, path: str, named: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{path}.{key}", f"must be a list of column names, not {_a(value)}", named)
            return ()
        return tuple(value)

    def catalog(self, data: Any, warehouse: str | None) -> Catalog | None:
        if not isinstance(data, dict):
            self.problem(
                "(top)", f"expected a JSON object with 'version' and 'tables', not {_a(data)}"
            )
            return None
        self.unknown_keys(data, _CATALOG_KEYS, "", "")
        version = data.get("version")
        if version != FORMAT_VERSION:
            self.problem(
                "version", f"unsupported catalog version {version!r} (expected {FORMAT_VERSION})"
            )
        kind = data.get("warehouse") or warehouse
        wh: Warehouse | None = None
        if not isinstance(kind, str):
            found = "is missing" if "warehouse" not in data else f"is {data['warehouse']!r}"
            self.problem(
                "warehouse",
                f"'warehouse' {found}: it must name one of snowflake, redshift, bigquery, "
                "databricks, duckdb",
            )
        else:
            try:
                wh = get_warehouse(kind)
            except ValueError as error:
                self.problem("warehouse", str(error))
        for key in ("source", "generated_at"):
            self.text(data, key, "", "")
        raw_tables = data.get("tables")
        if not isinstance(raw_tables, list):
            self.problem("tables", f"'tables' must be a list, not {_a(raw_tables)}")
            return None
        tables = [t for i, raw in enumerate(raw_tables) if (t := self.table(raw, i)) is not None]
        if wh is None or self.problems:
            return None
        source, generated = data.get("source"), data.get("generated_at")
        return Catalog(
            wh,
            tuple(tables),
            source=source if isinstance(source, str) else None,
            generated_at=generated if isinstance(generated, str) else None,
        )

    def table(self, raw: Any, i: int) -> Table | None:
        path = f"tables[{i}]"
        if not isinstance(raw, dict):
            self.problem(path, f"expected an object, not {_a(raw)}")
            return None
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            self.problem(f"{path}.name", "'name' is required and must be a non-empty string")
            return None
        named = f"table {name}"
        self.unknown_keys(raw, _TABLE_KEYS, path, named)
        kind = raw.get("kind", "table")
        if kind not in TABLE_KINDS:
            self.problem(
                f"{path}.kind",
                f"'kind' must be one of {', '.join(TABLE_KINDS)}, not {kind!r}",
                named,
            )
            kind = "table"
        raw_columns = raw.get("columns", [])
        if not isinstance(raw_columns, list):
            self.problem(
                f"{path}.columns", f"'columns' must be a list, not {_a(raw_columns)}", named
            )
            raw_columns = []
        columns = [
            c
            for j, rc in enumerate(raw_columns)
            if (c := self.column(rc, f"{path}.columns[{j}]", named)) is not None
        ]
        row_count = raw.get("row_count")
        if row_count is not None and (
            not isinstance(row_count, int) or isinstance(row_count, bool)
        ):
            self.problem(
                f"{path}.row_count",
                f"'row_count' must be an integer or null, not {_a(row_count)}",
                named,
            )
            row_count = None
        return Table(
            name=name,
            columns=tuple(columns),
            database=self.text(raw, "database", path, named),
            schema=self.text(raw, "schema", path, named),
            kind=kind,
            description=self.text(raw, "description", path, named),
            partition_by=self.names(raw, "partition_by", path, named),
            cluster_by=self.names(raw, "cluster_by", path, named),
            row_count=row_count,
        )

    def column(self, raw: Any, path: str, table: str) -> Column | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
            self.problem(path, "expected an object with a non-empty 'name'", table)
            return None
        named = f"{table}, column {raw['name']}"
        self.unknown_keys(raw, _COLUMN_KEYS, path, named)
        nullable = raw.get("nullable")
        if nullable is not None and not isinstance(nullable, bool):
            self.problem(
                f"{path}.nullable",
                f"'nullable' must be true, false or null, not {_a(nullable)}",
                named,
            )
            nullable = None
        return Column(
            raw["name"],
            self.text(raw, "type", path, named),
            nullable,
            self.text(raw, "description", path, named),
        )


def load_catalog(path: str | Path, *, warehouse: str | None = None) -> Catalog:
    """Read a catalog JSON file; a missing or malformed file raises :class:`CatalogError`."""
    return catalog_from_dict(read_catalog_json(path), origin=str(path), warehouse=warehouse)


def read_catalog_json(path: str | Path) -> Any:
    """The parsed JSON of a catalog file; :class:`CatalogError` when it cannot be read."""
    from cdisql.fileio import read_regular_text
    from cdisql.limits import MAX_CATALOG_BYTES

    path = Path(path)
    try:
        text = read_regular_text(path, limit=MAX_CATALOG_BYTES, what="a catalog file")
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog file not found") from None
    except OSError as error:
        raise CatalogError(f"{path}: cannot read catalog file: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise CatalogError(f"{path}: cannot read catalog file: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogError(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None


def catalog_schema() -> dict[str, Any]:
    """The catalog format as a JSON Schema (``data/catalog.schema.json``)."""
    from importlib import resources

    text = resources.files("cdisql").joinpath("data/catalog.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def save_catalog(catalog: Catalog, path: str | Path) -> None:
    """Write ``catalog`` as JSON atomically (temp file + rename)."""
    from cdisql.fileio import atomic_write_text

    atomic_write_text(Path(path), catalog.to_json())
