"""What changed between two catalogs (a committed snapshot and the live source).

Tables match by their qualified name and columns by name, both compared the way the
warehouse compares names; types are compared as the warehouse spells them, ignoring
case and spaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdisql.catalog.model import Catalog, Column, Table

ADDED, DROPPED, CHANGED = "+", "-", "~"


@dataclass(frozen=True)
class Change:
    """One difference: ``what`` happened to ``table`` (and ``column``), before -> after."""

    sign: str
    what: str
    table: str
    column: str | None = None
    before: str | None = None
    after: str | None = None

    def describe(self) -> str:
        name = f"{self.table}.{self.column}" if self.column else self.table
        if self.before is not None and self.after is not None:
            return f"{self.what}: {name}: {self.before} -> {self.after}"
        detail = self.after if self.sign == ADDED else self.before
        return f"{self.what}: {name}" + (f" ({detail})" if detail else "")

    def to_json(self) -> dict[str, str | None]:
        return {
            "change": self.what,
            "table": self.table,
            "column": self.column,
            "before": self.before,
            "after": self.after,
        }


def diff_catalogs(snapshot: Catalog, live: Catalog) -> list[Change]:
    """Tables and columns added, dropped or retyped, partition and cluster keys changed,
    from ``snapshot`` to ``live``; in table order, then column order."""
    wh = live.warehouse

    def table_key(table: Table) -> tuple[str, ...]:
        return tuple(wh.key(p) for p in table.parts)

    def column_key(name: str) -> str:
        return name if wh.columns_case_sensitive else name.casefold()

    before = {table_key(t): t for t in snapshot}
    after = {table_key(t): t for t in live}
    changes: list[Change] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            changes.append(Change(ADDED, f"{new.kind} added", new.qualified_name))
            continue
        if new is None and old is not None:
            changes.append(Change(DROPPED, f"{old.kind} dropped", old.qualified_name))
            continue
        assert old is not None and new is not None
        name = new.qualified_name
        old_columns = {column_key(c.name): c for c in old.columns}
        new_columns = {column_key(c.name): c for c in new.columns}
        for ckey, column in old_columns.items():
            if ckey not in new_columns:
                changes.append(Change(DROPPED, "column dropped", name, column.name, column.type))
        for ckey, column in new_columns.items():
            was = old_columns.get(ckey)
            if was is None:
                changes.append(Change(ADDED, "column added", name, column.name, None, column.type))
            elif _type(was) != _type(column):
                changes.append(
                    Change(CHANGED, "column retyped", name, column.name, was.type, column.type)
                )
        for what, old_keys, new_keys in (
            ("partition keys changed", old.partition_by, new.partition_by),
            ("cluster keys changed", old.cluster_by, new.cluster_by),
        ):
            if [column_key(k) for k in old_keys] != [column_key(k) for k in new_keys]:
                changes.append(Change(CHANGED, what, name, None, _keys(old_keys), _keys(new_keys)))
    return changes


def _type(column: Column) -> str:
    return "".join((column.type or "").split()).upper()


def _keys(keys: tuple[str, ...]) -> str:
    return "[" + ", ".join(keys) + "]"
