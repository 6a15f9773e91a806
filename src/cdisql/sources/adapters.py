"""Which warehouse adapters this installation has, and creating one safely.

The cloud adapter modules (``cdisql.sources.snowflake`` …) may be absent from a
build of cdisql; asking for one then gives a clear error instead of an ImportError.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from cdisql.sources.base import Adapter, MissingDriverError, Progress, WarehouseError, adapter_for
from cdisql.sources.model import SOURCE_TYPES

if TYPE_CHECKING:
    from cdisql.sources.model import Source

AdapterFactory = Callable[["Source"], Adapter]


class AdapterUnavailableError(WarehouseError):
    """This installation has no adapter (or no driver) for the source's type."""


def adapter_class(kind: str) -> type[Adapter] | None:
    """The adapter class of ``kind``, or None when its module is not part of this build."""
    module_name = f"cdisql.sources.{kind}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return None
        raise
    cls: type[Adapter] | None = getattr(module, "ADAPTER", None)
    return cls


def available_adapters() -> dict[str, type[Adapter]]:
    """Every source type with an adapter here, in :data:`SOURCE_TYPES` order."""
    found: dict[str, type[Adapter]] = {}
    for kind in SOURCE_TYPES:
        cls = adapter_class(kind)
        if cls is not None:
            found[kind] = cls
    return found


def create_adapter(
    source: Source, factory: AdapterFactory, *, on_message: Progress | None = None
) -> Adapter:
    """``factory(source)``, turning a missing adapter module into a clear error.

    ``on_message`` receives the adapter's progress lines ("waiting for the SQL warehouse
    to start") when the factory is the default :func:`adapter_for`.
    """
    try:
        if on_message is not None and factory is adapter_for:
            return adapter_for(source, progress=on_message)
        return factory(source)
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith("cdisql.sources."):
            raise AdapterUnavailableError(
                f"this version of cdisql has no {source.type} adapter",
                hint="upgrade cdisql, or use a duckdb source",
            ) from None
        raise


def is_config_error(error: BaseException) -> bool:
    """A problem of setup (missing adapter or driver), not of the warehouse."""
    return isinstance(error, (AdapterUnavailableError, MissingDriverError))
