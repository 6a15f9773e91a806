"""The connection test: connect, list what the identity sees, check CREATE TABLE.

:func:`run_connection_test` is the one function the CLI (``cdisql sources test``) and
the language server call. Success turns a draft source active and refreshes its
catalog cache; a failure leaves a draft a draft. Every check says what to do.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cdisql.sources.adapters import AdapterFactory, create_adapter
from cdisql.sources.base import (
    Adapter,
    Check,
    TableInfo,
    WarehouseError,
    adapter_for,
    close_quietly,
    now_iso,
)
from cdisql.sources.model import SourceState
from cdisql.sources.sweep import old_tables_warning

if TYPE_CHECKING:
    from cdisql.catalog import Catalog
    from cdisql.sources.model import Source


@dataclass(frozen=True)
class ConnectionTestResult:
    source: Source
    """The source after the test (active on success, with ``last_test`` set)."""
    checks: tuple[Check, ...]
    tables: tuple[TableInfo, ...] = ()
    catalog: Catalog | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def verdict(self) -> str:
        """``connection test passed: source 'prod' is active`` (failed: still a draft)."""
        state = self.source.state.value
        shown = "still a draft" if not self.ok and state == "draft" else state
        word = "passed" if self.ok else "failed"
        return f"connection test {word}: source {self.source.name!r} is {shown}"

    def summary(self) -> str:
        """The verdict in one line, with the tables seen, or each failed check and its fix."""
        if self.ok:
            return f"{self.verdict()}: {len(self.tables)} tables visible"
        failed = "; ".join(
            f"{c.name}: {c.detail}" + (f" ({c.fix})" if c.fix else "")
            for c in self.checks
            if not c.ok
        )
        return f"{self.verdict()}: {failed}"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source.name,
            "type": self.source.type,
            "schema": self.source.schema,
            "ok": self.ok,
            "state": self.source.state.value,
            "checks": [
                {"name": c.name, "ok": c.ok, "detail": c.detail, "fix": c.fix} for c in self.checks
            ],
            "tables": [
                {"name": t.name, "kind": t.kind, "description": t.description} for t in self.tables
            ],
        }


def run_connection_test(
    source: Source,
    *,
    adapter_factory: AdapterFactory = adapter_for,
    save: bool = True,
    cancel: threading.Event | None = None,
    on_message: Callable[[str], None] | None = None,
) -> ConnectionTestResult:
    """Test ``source``; with ``save`` store the new state and cache the catalog.

    Never raises for warehouse problems: each becomes a failed :class:`Check`.
    """
    checks: list[Check] = []
    tables: list[TableInfo] = []
    catalog: Catalog | None = None
    adapter: Adapter | None = None
    watcher: threading.Thread | None = None
    done = threading.Event()
    try:
        adapter = create_adapter(source, adapter_factory, on_message=on_message)
        if cancel is not None:
            watcher = _cancel_watcher(adapter, cancel, done)
        try:
            adapter.connect()
        except WarehouseError as error:
            checks.append(Check.failed("connect", error, fix=error.hint or "check the settings"))
            return _finish(source, checks, tables, None, save)
        checks.append(Check("connect", True, f"connected to {_where(source)}"))
        for step in _steps(adapter):
            if cancel is not None and cancel.is_set():
                checks.append(Check("cancelled", False, "the test was cancelled"))
                break
            check, found = step()
            checks.append(check)
            if isinstance(found, list):
                tables = found
            elif found is not None:
                catalog = found
            if not check.ok and check.name in ("schema",):
                break
    finally:
        done.set()
        close_quietly(adapter)
        if watcher is not None:
            watcher.join(timeout=1)
    return _finish(source, checks, tables, catalog, save)


def _steps(adapter: Adapter) -> list[Callable[[], tuple[Check, Any]]]:
    def extra() -> tuple[Check, Any]:
        # an adapter may return several checks: fold all but the last in front
        found = _guarded("warehouse checks", adapter.extra_checks)
        if isinstance(found, Check):
            return found, None
        failed = [c for c in found if not c.ok]
        if failed:
            return failed[0], None
        if not found:
            return Check("warehouse checks", True, "nothing else to check"), None
        return (
            Check(
                found[0].name if len(found) == 1 else "warehouse checks",
                True,
                "; ".join(c.detail for c in found),
            ),
            None,
        )

    def list_tables() -> tuple[Check, Any]:
        found = _guarded("list tables", adapter.list_tables)
        if isinstance(found, Check):
            return found, None
        schema = adapter.source.schema
        if not found:
            return (
                Check(
                    "list tables",
                    True,
                    f"no table or view visible in {adapter.warehouse.schema_word} {schema} "
                    "(if it has tables, grant SELECT on them to the source's identity)",
                ),
                [],
            )
        views = sum(1 for t in found if t.kind == "view")
        return (
            Check(
                "list tables",
                True,
                f"{len(found) - views} table(s) and {views} view(s) visible in {schema}",
            ),
            found,
        )

    def create_table() -> tuple[Check, Any]:
        found = _guarded("create table", adapter.check_create_table)
        return found, None

    def old_build_tables() -> tuple[Check, Any]:
        # a warning, not a failure: dropping them is `cdisql builds sweep`
        warning = old_tables_warning(adapter, adapter.source.max_runtime.seconds)
        detail = f"warning: {warning}" if warning else "none older than the max runtime"
        return Check("old build tables", True, detail), None

    def discover() -> tuple[Check, Any]:
        found = _guarded("catalog", adapter.discover_catalog)
        if isinstance(found, Check):
            return found, None
        columns = sum(len(t.columns) for t in found)
        return Check(
            "catalog", True, f"discovered {len(found)} table(s), {columns} column(s)"
        ), found

    return [extra, list_tables, create_table, old_build_tables, discover]


def _guarded(name: str, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except WarehouseError as error:
        return Check.failed(name, error)
    except Exception as error:  # a driver bug must not hide the other checks
        return Check(name, False, f"{type(error).__name__}: {error}")


def _cancel_watcher(
    adapter: Adapter, cancel: threading.Event, done: threading.Event
) -> threading.Thread:
    def watch() -> None:
        while not done.wait(0.1):
            if cancel.is_set():
                adapter.cancel()
                return

    thread = threading.Thread(target=watch, name="cdisql-test-cancel", daemon=True)
    thread.start()
    return thread


def _where(source: Source) -> str:
    if source.warehouse.database_file_title:
        return f"{source.warehouse.database_file_title} {source.database}"
    return f"{source.warehouse.title} {source.account() or source.database or ''}".strip()


def _finish(
    source: Source,
    checks: list[Check],
    tables: list[TableInfo],
    catalog: Catalog | None,
    save: bool,
) -> ConnectionTestResult:
    ok = bool(checks) and all(c.ok for c in checks)
    updated = source.with_changes(
        state=SourceState.ACTIVE if ok else source.state,
        last_test=now_iso(),
        last_test_ok=ok,
    )
    if save:
        from cdisql.sources.store import save_cached_catalog, update_source

        with contextlib.suppress(Exception):
            updated = update_source(updated)
        if ok and catalog is not None:
            save_cached_catalog(source.name, catalog)
    return ConnectionTestResult(updated, tuple(checks), tuple(tables), catalog)
