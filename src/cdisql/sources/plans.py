"""What a warehouse's query plan says, in one shape: the tables it reads (:class:`Scan`),
and the words a person reads for bytes and partitions. Each adapter's ``parse_plan``
turns its warehouse's ``EXPLAIN`` into these figures (:mod:`cdisql.sources.estimate`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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


def plan_lines(rows: list[tuple[Any, ...]]) -> tuple[str, ...]:
    """The plan's rows as text lines, blank lines left out."""
    lines: list[str] = []
    for row in rows:
        text = " ".join(str(v) for v in row if v is not None)
        lines.extend(line.rstrip() for line in text.splitlines() if line.strip())
    return tuple(lines)


def to_int(value: Any) -> int | None:
    """``value`` as a whole number, or None when it is not a number."""
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None
