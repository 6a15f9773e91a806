"""What a segment would cost before it runs: one core call for the CLI and the server.

BigQuery: a dry run (free; nothing runs) gives the bytes the query would process, priced
at the on-demand list rate. Snowflake, Redshift, Databricks: ``EXPLAIN`` gives what the
warehouse plans to scan (partitions and bytes, rows, size), shown as the warehouse says
it. The segment passes the guard first: nothing unsafe is ever sent, even to EXPLAIN.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from cdisql.sources.adapters import AdapterFactory, create_adapter
from cdisql.sources.base import Adapter, WarehouseError, adapter_for, close_quietly
from cdisql.sources.guard import guard_segment
from cdisql.sources.model import Source

ON_DEMAND_USD_PER_TIB = 6.25
"""BigQuery on-demand list price per TiB processed (US and EU multi-regions)."""
TIB = 1 << 40


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

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["plan"] = list(self.plan)
        data["notes"] = list(self.notes)
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
            total = f" of {self.partitions_total}" if self.partitions_total is not None else ""
            parts.append(f"{self.partitions_scanned}{total} partitions scanned")
        if self.rows is not None:
            parts.append(f"≈ {self.rows:,} rows")
        return f"{self.method}: " + (", ".join(parts) if parts else "no figure given")


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
        adapter.connect()
        return result("ok", **estimate_with(adapter, verdict.query, timeout_s=timeout_s))
    except WarehouseError as error:
        return result("error", message=str(error))
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
    else:  # the embedded DuckDB source: its own EXPLAIN
        columns, rows = (), []
        for batch in adapter.fetch(f"EXPLAIN {query}", timeout_s=timeout_s):
            columns, rows = batch.columns, [*rows, *batch.rows]
    parse = _PARSERS.get(adapter.kind, _parse_text_plan)
    return {"method": "EXPLAIN", **parse(columns, rows)}


# -- what each warehouse's EXPLAIN says --------------------------------------------------------
def _plan_lines(rows: list[tuple[Any, ...]]) -> tuple[str, ...]:
    lines: list[str] = []
    for row in rows:
        text = " ".join(str(v) for v in row if v is not None)
        lines.extend(line for line in text.splitlines() if line.strip())
    return tuple(lines)


def _parse_snowflake(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    names = [c.lower() for c in columns]
    out: dict[str, Any] = {}
    for row in rows:
        values = dict(zip(names, row, strict=False))
        if str(values.get("operation", "")).lower() == "globalstats":
            with contextlib.suppress(TypeError, ValueError):
                out["partitions_total"] = int(values["partitionstotal"])
                out["partitions_scanned"] = int(values["partitionsassigned"])
                out["bytes_processed"] = int(values["bytesassigned"])
            break
    plan = [
        " ".join(f"{k}={v}" for k, v in zip(names, row, strict=False) if v not in (None, ""))
        for row in rows
    ]
    return {**out, "plan": tuple(plan)}


_REDSHIFT_ROWS = re.compile(r"rows=(\d+)\s+width=(\d+)")


def _parse_redshift(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    plan = _plan_lines(rows)
    out: dict[str, Any] = {"plan": plan}
    for line in plan:
        match = _REDSHIFT_ROWS.search(line)
        if match:  # the top node: what the query returns, by the planner's statistics
            out["rows"] = int(match.group(1))
            break
    return out


_SIZE = re.compile(r"sizeInBytes=([\d.]+)\s*([KMGTPE]i?B|B)?", re.I)
_ROWCOUNT = re.compile(r"rowCount=([\d.E+]+)", re.I)
_UNITS = {
    "B": 1,
    "KIB": 1 << 10,
    "MIB": 1 << 20,
    "GIB": 1 << 30,
    "TIB": 1 << 40,
    "PIB": 1 << 50,
    "EIB": 1 << 60,
}


def _parse_databricks(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    plan = _plan_lines(rows)
    out: dict[str, Any] = {"plan": plan}
    text = "\n".join(plan)
    sizes = [
        float(m.group(1)) * _UNITS.get((m.group(2) or "B").upper().replace("KB", "KIB"), 1)
        for m in _SIZE.finditer(text)
    ]
    if sizes:
        out["bytes_processed"] = int(max(sizes))
    counts = [float(m.group(1)) for m in _ROWCOUNT.finditer(text)]
    if counts:
        out["rows"] = int(counts[0])
    return out


_DUCKDB_ROWS = re.compile(r"~\s*([\d,]+)\s+rows?")


def _parse_duckdb(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    plan = _plan_lines(rows)
    out: dict[str, Any] = {"plan": plan}
    for line in plan:
        match = _DUCKDB_ROWS.search(line)
        if match:  # the top operator's estimated cardinality
            out["rows"] = int(match.group(1).replace(",", ""))
            break
    return out


def _parse_text_plan(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    return {"plan": _plan_lines(rows)}


_PARSERS: dict[str, Callable[[tuple[str, ...], list[tuple[Any, ...]]], dict[str, Any]]] = {
    "snowflake": _parse_snowflake,
    "redshift": _parse_redshift,
    "databricks": _parse_databricks,
    "duckdb": _parse_duckdb,
}
