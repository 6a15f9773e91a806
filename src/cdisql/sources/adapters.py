"""Creating a source's adapter, passing its progress lines on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cdisql.sources.base import Adapter, MissingDriverError, Progress, adapter_for

if TYPE_CHECKING:
    from cdisql.sources.model import Source

AdapterFactory = Callable[["Source"], Adapter]


def create_adapter(
    source: Source, factory: AdapterFactory, *, on_message: Progress | None = None
) -> Adapter:
    """``factory(source)``; ``on_message`` receives the adapter's progress lines ("waiting
    for the SQL warehouse to start") when the factory is the default :func:`adapter_for`."""
    if on_message is not None and factory is adapter_for:
        return adapter_for(source, progress=on_message)
    return factory(source)


def is_config_error(error: BaseException) -> bool:
    """A problem of setup (a driver not installed), not of the warehouse."""
    return isinstance(error, MissingDriverError)
