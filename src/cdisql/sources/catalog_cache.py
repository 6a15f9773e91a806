"""Catalog discovery through an adapter, cached per source under the user cache dir."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from cdisql.sources.adapters import AdapterFactory, create_adapter
from cdisql.sources.base import QueryCancelled, adapter_for

if TYPE_CHECKING:
    from cdisql.catalog import Catalog
    from cdisql.sources.model import Source


def refresh_catalog(
    source: Source,
    *,
    adapter_factory: AdapterFactory = adapter_for,
    cancel: threading.Event | None = None,
    save: bool = True,
) -> Catalog:
    """Discover ``source``'s catalog (a constant number of queries) and cache it.

    Raises :class:`cdisql.sources.base.WarehouseError` when the warehouse cannot be read
    (:class:`~cdisql.sources.base.QueryCancelled` once ``cancel`` is set).
    """
    from cdisql.sources.store import save_cached_catalog

    adapter = create_adapter(source, adapter_factory)
    done = threading.Event()

    def watch() -> None:
        while cancel is not None and not done.wait(0.1):
            if cancel.is_set():
                adapter.cancel()
                return

    watcher = threading.Thread(target=watch, name="cdisql-catalog-cancel", daemon=True)
    if cancel is not None:
        watcher.start()
    try:
        if cancel is not None and cancel.is_set():
            raise QueryCancelled("catalog refresh cancelled")
        adapter.connect()
        try:
            catalog = adapter.discover_catalog()
        finally:
            adapter.close()
    finally:
        done.set()
    if cancel is not None and cancel.is_set():
        raise QueryCancelled("catalog refresh cancelled")
    if save:
        save_cached_catalog(source.name, catalog)
    return catalog


def refresh_summary(source_name: str, catalog: Catalog) -> str:
    """``prod: 12 table(s), 140 column(s) cached in …``: what a refresh did, for a person."""
    from cdisql import paths

    columns = sum(len(t.columns) for t in catalog)
    return (
        f"{source_name}: {len(catalog)} table(s), {columns} column(s) cached in "
        f"{paths.catalog_file(source_name)}"
    )
