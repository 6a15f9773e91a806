"""A completion index over a :class:`~cdisql.catalog.Catalog`, built once per catalog.

A source may expose tens of thousands of tables; completion must answer in a few
milliseconds. Names are kept sorted by their folded key so that a prefix query is a
binary search plus a short slice, and tables are grouped by schema for ``schema.``.
The index references the catalog's own ``Table`` objects: it adds no copy of the
columns.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from cdisql.catalog import Catalog, Table
from cdisql.dialects import Warehouse


@dataclass
class CatalogIndex:
    catalog: Catalog
    _keys: list[str] = field(default_factory=list, repr=False)
    _tables: list[Table] = field(default_factory=list, repr=False)
    _schemas: dict[str, list[Table]] = field(default_factory=dict, repr=False)
    _schema_names: dict[str, str] = field(default_factory=dict, repr=False)
    _databases: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, catalog: Catalog) -> CatalogIndex:
        index = cls(catalog)
        pairs = sorted(((t.name.casefold(), i) for i, t in enumerate(catalog.tables)))
        index._keys = [k for k, _ in pairs]
        index._tables = [catalog.tables[i] for _, i in pairs]
        for table in catalog.tables:
            if table.schema:
                key = table.schema.casefold()
                index._schemas.setdefault(key, []).append(table)
                index._schema_names.setdefault(key, table.schema)
            if table.database:
                index._databases.setdefault(table.database.casefold(), table.database)
        return index

    @property
    def warehouse(self) -> Warehouse:
        return self.catalog.warehouse

    def __len__(self) -> int:
        return len(self._tables)

    def tables_with_prefix(self, prefix: str) -> Iterator[Table]:
        """Tables whose name starts with ``prefix`` (case-insensitive), in name order."""
        key = prefix.casefold()
        i = bisect.bisect_left(self._keys, key)
        keys = self._keys
        while i < len(keys) and keys[i].startswith(key):
            yield self._tables[i]
            i += 1

    def schema_names(self) -> list[str]:
        return sorted(self._schema_names.values(), key=str.casefold)

    def tables_in_schema(self, schema: str) -> list[Table]:
        return self._schemas.get(schema.casefold(), [])

    def is_schema(self, name: str) -> bool:
        return name.casefold() in self._schemas

    def resolve(self, parts: tuple[str, ...]) -> Table | None:
        """The table named by ``parts``; the first match when the name is ambiguous."""
        found = self.catalog.lookup(*parts)
        return found[0] if found else None
