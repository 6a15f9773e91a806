"""What a segment would cost before it runs: one core call for the CLI and the server.

BigQuery: a dry run (free; nothing runs) gives the bytes the query would process, priced
at the on-demand list rate. Snowflake, Redshift, Databricks: ``EXPLAIN`` gives what the
warehouse plans to scan (partitions and bytes, rows, size), shown as the warehouse says
it. The segment passes the guard first: nothing unsafe is ever sent, even to EXPLAIN.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from cdisql.sources.adapters import AdapterFactory, create_adapter
from cdisql.sources.base import Adapter, WarehouseError, adapter_for, close_quietly
from cdisql.sources.duckdb import DuckDBAdapter
from cdisql.sources.guard import guard_segment
from cdisql.sources.model import Source

ON_DEMAND_USD_PER_TIB = 6.25
"""BigQuery on-demand list price per TiB processed (US and EU multi-regions)."""
TIB = 1 << 40
DUCKDB_EXPLAIN = DuckDBAdapter.explain_prefix


@dataclass(frozen=True)
class Scan:
    """One table the plan reads, with what the warehouse says it will read of it."""

    table: str
    bytes: int | None = None
    rows: int | None = None
    partitions_scanned: int | None = None
    partitions_total: int | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.bytes is not None:
            parts.append(format_bytes(self.bytes))
        if self.rows is not None:
            parts.append(f"≈ {self.rows:,} rows")
        if self.partitions_scanned is not None:
            parts.append(partitions_phrase(self.partitions_scanned, self.partitions_total))
        return ", ".join(parts) or "no figure given"


@dataclass(frozen=True)
class Estimate:
    """The warehouse's own estimate for one segment; ``status`` ok, refused or error."""

    source: str
    kind: str
    status: str
    method: str = ""
    bytes_processed: int | None = None
    price_usd: float | None = None
    rows: int | None = None
    partitions_scanned: int | None = None
    partitions_total: int | None = None
    plan: tuple[str, ...] = ()
    message: str = ""
    duration_s: float = 0.0
    notes: tuple[str, ...] = field(default=())
    scans: tuple[Scan, ...] = ()
    """The tables read, largest first (by bytes, else rows)."""
    error: WarehouseError | None = field(default=None, repr=False, compare=False)
    """The warehouse's error when ``status`` is error (its position, for diagnostics)."""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def rows_scanned(self) -> int | None:
        """Rows the scans read, summed, where the plan gives them."""
        counts = [s.rows for s in self.scans if s.rows is not None]
        return sum(counts) if counts else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("error", None)
        data["plan"] = list(self.plan)
        data["notes"] = list(self.notes)
        data["scans"] = [asdict(s) for s in self.scans]
        return data

    def summary(self) -> str:
        """One line a person reads (CLI) or an editor shows (hover, code lens)."""
        if not self.ok:
            return self.message
        parts: list[str] = []
        if self.bytes_processed is not None:
            parts.append(f"{format_bytes(self.bytes_processed)} processed")
        if self.price_usd is not None:
            parts.append(f"≈ ${self.price_usd:.4f} on demand")
        if self.partitions_scanned is not None:
            parts.append(partitions_phrase(self.partitions_scanned, self.partitions_total))
        if self.rows is not None:
            parts.append(f"≈ {self.rows:,} rows")
        return f"{self.method}: " + (", ".join(parts) if parts else "no figure given")

    def figures(self, *, largest: int = 5) -> list[tuple[str, str]]:
        """(label, value) rows that matter, for a person: bytes and price, partitions,
        rows, the largest scans. Figures the warehouse does not give are said to be absent."""
        out: list[tuple[str, str]] = []
        if self.bytes_processed is not None:
            value = format_bytes(self.bytes_processed)
            if self.price_usd is not None:
                value += f" (≈ ${self.price_usd:.4f} at the on-demand list price)"
            out.append(("bytes to scan", value))
        else:
            out.append(("bytes to scan", f"not given by the {self.kind} plan"))
        if self.partitions_scanned is not None:
            out.append(
                ("partitions", partitions_phrase(self.partitions_scanned, self.partitions_total))
            )
        elif self.kind in ("snowflake",):
            out.append(("partitions", "not given by the plan"))
        if self.rows is not None:
            out.append(("rows returned", f"≈ {self.rows:,}"))
        for i, scan in enumerate(self.scans[:largest]):
            out.append(("largest scans" if i == 0 else "", f"{scan.table}: {scan.describe()}"))
        if len(self.scans) > largest:
            out.append(("", f"… {len(self.scans) - largest} more"))
        return out


def partitions_phrase(scanned: int, total: int | None) -> str:
    """``7 of 120 partitions scanned (113 pruned)``, or ``… (none pruned)``."""
    if total is None:
        return f"{scanned:,} partitions scanned"
    pruned = total - scanned
    how = f"{pruned:,} pruned" if pruned > 0 else "none pruned"
    return f"{scanned:,} of {total:,} partitions scanned ({how})"


def largest_first(scans: list[Scan]) -> tuple[Scan, ...]:
    return tuple(sorted(scans, key=lambda s: (-(s.bytes or 0), -(s.rows or 0), s.table)))


def format_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def on_demand_price(bytes_processed: int) -> float:
    return bytes_processed / TIB * ON_DEMAND_USD_PER_TIB


def estimate(
    source: Source,
    sql: str,
    *,
    adapter_factory: AdapterFactory = adapter_for,
    on_message: Callable[[str], None] | None = None,
    timeout_s: float = 60,
) -> Estimate:
    """The estimate for ``sql`` on ``source``. Never raises for warehouse problems."""
    started = time.monotonic()

    def result(status: str, **values: Any) -> Estimate:
        return Estimate(
            source.name, source.type, status, duration_s=time.monotonic() - started, **values
        )

    verdict = guard_segment(sql, source, preview=True)
    if not verdict.ok or verdict.query is None:
        return result(
            "refused", message="refused before anything was sent: " + "; ".join(verdict.messages())
        )
    adapter: Adapter | None = None
    try:
        adapter = create_adapter(source, adapter_factory, on_message=on_message)
        adapter.reads_only = True
        adapter.connect()
        return result("ok", **estimate_with(adapter, verdict.query, timeout_s=timeout_s))
    except WarehouseError as error:
        return result("error", message=str(error), error=error)
    finally:
        close_quietly(adapter)


def estimate_with(adapter: Adapter, query: str, *, timeout_s: float = 60) -> dict[str, Any]:
    """The figures for ``query`` on a connected adapter (fields of :class:`Estimate`)."""
    dry_run = getattr(adapter, "dry_run_bytes", None)
    if dry_run is not None:
        scanned = int(dry_run(query))
        return {
            "method": "dry run",
            "bytes_processed": scanned,
            "price_usd": on_demand_price(scanned),
            "notes": (
                f"on-demand list price ${ON_DEMAND_USD_PER_TIB}/TiB; at least 10 MiB is billed "
                "per table read; capacity (slots) pricing bills differently",
            ),
        }
    explain = getattr(adapter, "explain", None)
    if explain is not None:
        columns, rows = explain(query, timeout_s=timeout_s)
    else:  # the embedded DuckDB source: its own EXPLAIN, as JSON
        columns, rows = (), []
        for batch in adapter.fetch(f"{DUCKDB_EXPLAIN} {query}", timeout_s=timeout_s):
            columns, rows = batch.columns, [*rows, *batch.rows]
    parse = _PARSERS.get(adapter.kind, _parse_text_plan)
    return {"method": "EXPLAIN", **parse(columns, rows)}


# -- what each warehouse's EXPLAIN says --------------------------------------------------------
def _plan_lines(rows: list[tuple[Any, ...]]) -> tuple[str, ...]:
    lines: list[str] = []
    for row in rows:
        text = " ".join(str(v) for v in row if v is not None)
        lines.extend(line.rstrip() for line in text.splitlines() if line.strip())
    return tuple(lines)


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _parse_snowflake(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """``EXPLAIN USING JSON`` (one JSON text) or ``USING TABULAR`` rows."""
    names = [c.lower() for c in columns]
    if len(rows) == 1 and len(rows[0]) == 1 and str(rows[0][0]).lstrip().startswith("{"):
        try:
            data = json.loads(str(rows[0][0]))
        except ValueError:
            data = None
        if isinstance(data, dict):
            steps = data.get("Operations") or []
            operations = [op for step in steps for op in (step or []) if isinstance(op, dict)]
            return _snowflake_figures(data.get("GlobalStats") or {}, operations)
    operations = [
        {k: v for k, v in zip(names, row, strict=False) if v not in (None, "")} for row in rows
    ]
    stats = next(
        (o for o in operations if str(o.get("operation", "")).lower() == "globalstats"), {}
    )
    return _snowflake_figures(
        {k.lower(): v for k, v in stats.items()},
        [o for o in operations if o is not stats],
    )


def _snowflake_figures(stats: dict[str, Any], operations: list[dict[str, Any]]) -> dict[str, Any]:
    lower = {str(k).lower(): v for k, v in stats.items()}
    out: dict[str, Any] = {}
    for key, name in (
        ("partitions_total", "partitionstotal"),
        ("partitions_scanned", "partitionsassigned"),
        ("bytes_processed", "bytesassigned"),
    ):
        value = _int(lower.get(name))
        if value is not None:
            out[key] = value
    scans: list[Scan] = []
    plan: list[str] = []
    for op in operations:
        values = {str(k).lower(): v for k, v in op.items()}
        operation = str(values.get("operation", ""))
        objects = values.get("objects")
        if isinstance(objects, list):
            objects = ", ".join(str(o) for o in objects)
        if operation.lower() == "tablescan" and objects:
            scans.append(
                Scan(
                    str(objects),
                    bytes=_int(values.get("bytesassigned")),
                    partitions_scanned=_int(values.get("partitionsassigned")),
                    partitions_total=_int(values.get("partitionstotal")),
                )
            )
        expressions = values.get("expressions")
        if isinstance(expressions, list):
            expressions = ", ".join(str(e) for e in expressions)
        where = f" {objects}" if objects else ""
        what = f"  [{expressions}]" if expressions else ""
        plan.append(f"{values.get('id', ''):>3} {operation}{where}{what}")
    return {**out, "scans": largest_first(scans), "plan": tuple(plan)}


_PG_SCAN = re.compile(
    r"Scan(?: using \S+)? on (\S+)(?: \S+)?\s+\(cost=[\d.]+\.\.[\d.]+ rows=(\d+) width=(\d+)\)"
)
_REDSHIFT_ROWS = re.compile(r"rows=(\d+)\s+width=(\d+)")


def _parse_redshift(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    plan = _plan_lines(rows)
    out: dict[str, Any] = {"plan": plan}
    for line in plan:
        match = _REDSHIFT_ROWS.search(line)
        if match:  # the top node: what the query returns, by the planner's statistics
            out["rows"] = int(match.group(1))
            break
    scans = [
        # the planner's estimate: rows times the average row width it expects to read
        Scan(m.group(1), bytes=int(m.group(2)) * int(m.group(3)), rows=int(m.group(2)))
        for line in plan
        if (m := _PG_SCAN.search(line))
    ]
    if scans:
        out["scans"] = largest_first(scans)
        out["bytes_processed"] = sum(s.bytes or 0 for s in scans)
    return out


_SIZE = re.compile(r"sizeInBytes=([\d.]+)\s*([KMGTPE]i?B|B)?", re.I)
_ROWCOUNT = re.compile(r"rowCount=([\d.E+]+)", re.I)
_RELATION = re.compile(
    r"Relation\s+([\w.`]+)\[.*?Statistics\(sizeInBytes=([\d.]+)\s*([KMGTPE]i?B|B)?"
    r"(?:,\s*rowCount=([\d.E+]+))?",
    re.I,
)
_UNITS = {
    "B": 1,
    "KIB": 1 << 10,
    "MIB": 1 << 20,
    "GIB": 1 << 30,
    "TIB": 1 << 40,
    "PIB": 1 << 50,
    "EIB": 1 << 60,
}
_PLANNING_ERROR = "error occurred during query planning"


def _size(number: str, unit: str | None) -> int:
    return int(float(number) * _UNITS.get((unit or "B").upper().replace("KB", "KIB"), 1))


def _parse_databricks(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    plan = _plan_lines(rows)
    text = "\n".join(plan)
    if _PLANNING_ERROR in text.lower():
        # Databricks answers EXPLAIN of a query it cannot compile with a plan that says so
        reason = text.split(":", 1)[1].strip() if ":" in text else text
        raise WarehouseError(reason.splitlines()[0] if reason else text, detail=text)
    out: dict[str, Any] = {"plan": plan}
    sizes = [_size(m.group(1), m.group(2)) for m in _SIZE.finditer(text)]
    if sizes:
        out["bytes_processed"] = int(max(sizes))
    counts = [float(m.group(1)) for m in _ROWCOUNT.finditer(text)]
    if counts:
        out["rows"] = int(counts[0])
    scans = [
        Scan(
            m.group(1).replace("`", ""),
            bytes=_size(m.group(2), m.group(3)),
            rows=int(float(m.group(4))) if m.group(4) else None,
        )
        for m in _RELATION.finditer(text)
    ]
    if scans:
        out["scans"] = largest_first(scans)
    return out


def _parse_duckdb(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """``EXPLAIN (FORMAT JSON)``: a tree of operators with estimated cardinalities."""
    text = "\n".join(str(row[-1]) for row in rows if row and row[-1] is not None)
    try:
        tree = json.loads(text)
    except ValueError:
        return {"plan": _plan_lines(rows)}
    roots = tree if isinstance(tree, list) else [tree]
    plan: list[str] = []
    scans: list[Scan] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        info = node.get("extra_info") or {}
        rows_ = _int(info.get("Estimated Cardinality"))
        table = info.get("Table")
        if table:
            scans.append(Scan(str(table), rows=rows_))
        details = [
            f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
            for key, value in info.items()
            if key not in ("Estimated Cardinality", "Type")
        ]
        estimate_text = f"  ~{rows_:,} rows" if rows_ is not None else ""
        line = "  " * depth + str(node.get("name", "?")) + estimate_text
        plan.append(line + (f"  ({'; '.join(details)})" if details else ""))
        for child in node.get("children") or []:
            if isinstance(child, dict):
                walk(child, depth + 1)

    for root in roots:
        if isinstance(root, dict):
            walk(root, 0)
    out: dict[str, Any] = {"plan": tuple(plan), "scans": largest_first(scans)}
    if roots and isinstance(roots[0], dict):
        top = _int((roots[0].get("extra_info") or {}).get("Estimated Cardinality"))
        if top is not None:
            out["rows"] = top
    return out


def _parse_text_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    return {"plan": _plan_lines(rows)}


_PARSERS: dict[str, Callable[[tuple[str, ...], list[tuple[Any, ...]]], dict[str, Any]]] = {
    "snowflake": _parse_snowflake,
    "redshift": _parse_redshift,
    "databricks": _parse_databricks,
    "duckdb": _parse_duckdb,
}
