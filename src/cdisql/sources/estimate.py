"""What a segment would cost before it runs: one core call for the CLI and the server.

BigQuery: a dry run (free; nothing runs) gives the bytes the query would process, priced
at the on-demand list rate. Snowflake, Redshift, Databricks: ``EXPLAIN`` gives what the
warehouse plans to scan (partitions and bytes, rows, size), shown as the warehouse says
it. The segment passes the guard first: nothing unsafe is ever sent, even to EXPLAIN.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from cdisql.sources.adapters import AdapterFactory, create_adapter
from cdisql.sources.base import Adapter, WarehouseError, adapter_class, adapter_for, close_quietly
from cdisql.sources.duckdb import DuckDBAdapter
from cdisql.sources.guard import guard_segment
from cdisql.sources.model import Source
from cdisql.sources.plans import Scan, format_bytes, partitions_phrase

__all__ = ["Estimate", "Scan", "estimate", "estimate_with", "format_bytes", "partitions_phrase"]

ON_DEMAND_USD_PER_TIB = 6.25
"""BigQuery on-demand list price per TiB processed (US and EU multi-regions)."""
TIB = 1 << 40
DUCKDB_EXPLAIN = DuckDBAdapter.explain_prefix


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
        elif adapter_class(self.kind).plan_gives_partitions:
            out.append(("partitions", "not given by the plan"))
        if self.rows is not None:
            out.append(("rows returned", f"≈ {self.rows:,}"))
        for i, scan in enumerate(self.scans[:largest]):
            out.append(("largest scans" if i == 0 else "", f"{scan.table}: {scan.describe()}"))
        if len(self.scans) > largest:
            out.append(("", f"… {len(self.scans) - largest} more"))
        return out


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
    # the parser of the warehouse the plan comes from (a stand-in may run on another)
    return {"method": "EXPLAIN", **adapter_class(adapter.kind).parse_plan(columns, rows)}
