"""Load a large catalog file into a long-lived process without its parsing overhead.

``json.loads`` of a catalog of 10,000 tables / 500,000 columns builds a tree of dicts
several times the size of the final :class:`~cdisql.catalog.Catalog`; in a language
server that lives for days the freed memory stays fragmented in the process. So the
file is parsed and validated in a short-lived child process (the core's own
:func:`~cdisql.catalog.load_catalog`, so the same errors), which sends back a compact
form: every distinct string once, and tables and columns as integer references. The
parent then builds the ``Catalog`` directly, with repeated names (``USER_ID``,
``VARCHAR``) shared, and identical column definitions (same name, type, nullability
and description: ``USER_ID VARCHAR NULL`` in many tables) built once and shared by
every table that has them (``Column`` is immutable).

Run as ``python -m cdisql.assist.catalog_loader PATH [WAREHOUSE]`` it writes the compact
form (``marshal``) to stdout.
"""

from __future__ import annotations

import marshal
import subprocess
import sys
from array import array
from pathlib import Path
from typing import Any

from cdisql.catalog import Catalog, Column, Table
from cdisql.catalog.model import CatalogError, load_catalog
from cdisql.dialects import get_warehouse

_FORMAT = 3
CHILD_THRESHOLD = 4_000_000
"""Files smaller than this (bytes) are parsed in-process: a child costs more than it saves."""
_NULLABLE = {None: 2, True: 1, False: 0}
_FROM_NULLABLE = (False, True, None)


def to_compact(catalog: Catalog) -> bytes:
    strings: dict[str, int] = {}

    def ref(value: str | None) -> int:
        if value is None:
            return -1
        found = strings.get(value)
        if found is None:
            found = strings[value] = len(strings)
        return found

    tables = []
    names = array("i")
    types = array("i")
    nullable = bytearray()
    descriptions = array("i")
    # for each column, the index of the first column defined exactly like it
    first = array("i")
    seen: dict[tuple[int, int, int, int], int] = {}
    for t in catalog.tables:
        start = len(names)
        for c in t.columns:
            key = (ref(c.name), ref(c.type), _NULLABLE[c.nullable], ref(c.description))
            first.append(seen.setdefault(key, len(names)))
            names.append(key[0])
            types.append(key[1])
            nullable.append(key[2])
            descriptions.append(key[3])
        tables.append(
            (
                ref(t.name),
                ref(t.database),
                ref(t.schema),
                ref(t.kind),
                ref(t.description),
                tuple(ref(p) for p in t.partition_by),
                tuple(ref(p) for p in t.cluster_by),
                t.row_count,
                start,
                len(names),
            )
        )
    payload = (
        _FORMAT,
        catalog.warehouse.kind,
        catalog.source,
        catalog.generated_at,
        list(strings),
        tables,
        names.tobytes(),
        types.tobytes(),
        bytes(nullable),
        descriptions.tobytes(),
        first.tobytes(),
    )
    return marshal.dumps(payload)


def from_compact(data: bytes) -> Catalog:
    payload: Any = marshal.loads(data)
    if not isinstance(payload, tuple) or payload[0] != _FORMAT:
        raise CatalogError("unreadable compact catalog")
    (
        _,
        kind,
        source,
        generated_at,
        strings,
        tables,
        raw_names,
        raw_types,
        nullable,
        raw_desc,
        raw_first,
    ) = payload
    # integer references stay in flat arrays: no Python int object per column
    names, types, descriptions, first = array("i"), array("i"), array("i"), array("i")
    names.frombytes(raw_names)
    types.frombytes(raw_types)
    descriptions.frombytes(raw_desc)
    first.frombytes(raw_first)

    def s(i: int) -> str | None:
        return None if i < 0 else strings[i]

    made: list[Column | None] = [None] * len(names)

    def column(j: int) -> Column:
        # a column defined like an earlier one is that one (built before: first[j] <= j)
        found = made[first[j]]
        if found is None:
            found = made[j] = Column(
                strings[names[j]], s(types[j]), _FROM_NULLABLE[nullable[j]], s(descriptions[j])
            )
        return found

    built = []
    for name, db, schema, tkind, desc, part, clus, rows, start, end in tables:
        columns = tuple(column(j) for j in range(start, end))
        built.append(
            Table(
                name=strings[name],
                columns=columns,
                database=s(db),
                schema=s(schema),
                kind=strings[tkind],
                description=s(desc),
                partition_by=tuple(strings[p] for p in part),
                cluster_by=tuple(strings[p] for p in clus),
                row_count=rows,
            )
        )
    return Catalog(get_warehouse(kind), tuple(built), source=source, generated_at=generated_at)


def load_catalog_compact(path: str | Path, *, warehouse: str | None = None) -> Catalog:
    """:func:`cdisql.catalog.load_catalog`, parsed in a child process (see the module doc).

    Raises :class:`CatalogError` like ``load_catalog``; falls back to loading in this
    process when a child cannot be started.
    """
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0
    if size < CHILD_THRESHOLD:
        return load_catalog(path, warehouse=warehouse)
    command = [sys.executable, "-m", "cdisql.assist.catalog_loader", str(path)]
    if warehouse:
        command.append(warehouse)
    try:
        done = subprocess.run(command, capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError):
        return load_catalog(path, warehouse=warehouse)
    if done.returncode == 3:
        raise CatalogError(done.stderr.decode("utf-8", "replace").strip())
    if done.returncode != 0:
        return load_catalog(path, warehouse=warehouse)
    return from_compact(done.stdout)


def main(argv: list[str]) -> int:
    try:
        catalog = load_catalog(argv[0], warehouse=argv[1] if len(argv) > 1 else None)
    except CatalogError as error:
        sys.stderr.write(str(error))
        return 3
    sys.stdout.buffer.write(to_compact(catalog))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
