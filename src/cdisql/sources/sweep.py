"""Old build tables: find them, report them, drop them on request.

A build drops its table whatever happens, but a killed process, a lost connection or a
warehouse that finished a cancelled CTAS can leave one behind (Redshift and Databricks
tables have no expiry). :func:`sweep_build_tables` (``cdisql builds sweep``) lists the
tables of the source's schema whose name is exactly a generated build name
(:data:`~cdisql.sources.base.BUILD_TABLE_NAME`, never anything else), keeps those younger
than ``older_than`` (a build may still be using them), and drops the rest unless it is a
dry run.

Builds and connection tests only *report* old tables (:func:`old_tables_warning`, for
tables older than the source's maximum runtime, which no running build can own): they
never drop anything on their own, since a schema may be shared with another cdisql
whose builds this one cannot see; dropping is the explicit sweep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cdisql.sources.base import Adapter, BuildTable, WarehouseError, adapter_for, close_quietly

if TYPE_CHECKING:
    from cdisql.sources.model import Source


@dataclass(frozen=True)
class SweepReport:
    source: str
    schema: str
    older_than_s: float
    dry_run: bool
    old: tuple[BuildTable, ...] = ()
    """The build tables older than ``older_than_s``: dropped unless a dry run."""
    young: tuple[BuildTable, ...] = ()
    """Build tables kept because a build may still be using them."""
    dropped: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    """``(table, error)`` for each table that could not be dropped."""

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "schema": self.schema,
            "older_than_s": self.older_than_s,
            "dry_run": self.dry_run,
            "old": [{"name": t.name, "created": _iso(t.created)} for t in self.old],
            "young": [{"name": t.name, "created": _iso(t.created)} for t in self.young],
            "dropped": list(self.dropped),
            "failed": [{"name": n, "error": e} for n, e in self.failed],
        }


def split_by_age(
    tables: list[BuildTable], older_than_s: float, *, now: datetime | None = None
) -> tuple[list[BuildTable], list[BuildTable]]:
    """``(old, young)``: tables created more than ``older_than_s`` ago, and the others."""
    now = now or datetime.now(timezone.utc)
    old = [t for t in tables if (now - t.created).total_seconds() > older_than_s]
    return old, [t for t in tables if t not in old]


def sweep_build_tables(
    source: Source,
    *,
    older_than_s: float,
    dry_run: bool = False,
    adapter_factory: Callable[[Source], Adapter] = adapter_for,
    now: datetime | None = None,
) -> SweepReport:
    """List the source's build tables and drop those older than ``older_than_s``.

    Raises :class:`WarehouseError` when the source cannot be reached or listed; a table
    that cannot be dropped is reported in ``failed`` and the others are still dropped.
    """
    adapter = adapter_factory(source)
    try:
        adapter.connect()
        old, young = split_by_age(adapter.list_build_tables(), older_than_s, now=now)
        dropped: list[str] = []
        failed: list[tuple[str, str]] = []
        for table in [] if dry_run else old:
            try:
                adapter.drop_table(table.name)
                dropped.append(table.name)
            except WarehouseError as error:
                failed.append((table.name, str(error)))
    finally:
        close_quietly(adapter)
    return SweepReport(
        source.name,
        source.schema,
        older_than_s,
        dry_run,
        tuple(old),
        tuple(young),
        tuple(dropped),
        tuple(failed),
    )


def old_tables_warning(adapter: Adapter, older_than_s: float) -> str | None:
    """A warning naming the build tables older than ``older_than_s`` in the source's
    schema and the sweep command, or None (also when the warehouse cannot list them)."""
    try:
        old, _ = split_by_age(adapter.list_build_tables(), older_than_s)
    except WarehouseError:
        return None
    if not old:
        return None
    source = adapter.source
    oldest = min(t.created for t in old)
    names = ", ".join(t.name for t in old[:3]) + (
        f" and {len(old) - 3} more" if len(old) > 3 else ""
    )
    return (
        f"{len(old)} old build table(s) left in {adapter.warehouse.schema_word} {source.schema} "
        f"(oldest created {_iso(oldest)}): {names}; drop them with "
        f"`cdisql builds sweep --source {source.name}`"
    )


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
