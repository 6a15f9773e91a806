"""A driver that ignores cancels never outlives the cap: its call is abandoned, the
connection dropped, and the next statement opens a new one. (FAKE DB-API driver.)"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from cdisql.sources.base import QueryCancelled, QueryTimeout
from cdisql.sources.dbapi import DbApiAdapter
from cdisql.sources.model import Source


class _HungCursor:
    description = (("x",),)

    def __init__(self, owner: _HangingDriver) -> None:
        self.owner = owner

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> None:
        self.owner.sent.append(sql)
        if "hang" in sql:
            threading.Event().wait(30)  # ignores cancel() like a wedged socket

    def fetchmany(self, size: int) -> list[tuple[int]]:
        return [(1,)]

    def cancel(self) -> None:
        self.owner.cancels += 1

    def close(self) -> None:
        pass


class _HangingDriver:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.cancels = 0
        self.connections = 0

    def connect(self) -> Any:
        self.connections += 1
        owner = self

        class Conn:
            def cursor(self) -> _HungCursor:
                return _HungCursor(owner)

            def close(self) -> None:
                pass

        return Conn()


class _Adapter(DbApiAdapter):
    kind = "databricks"
    watchdog_grace_s = 0.2
    abandon_after_s = 0.3

    def __init__(self, driver: _HangingDriver) -> None:
        super().__init__(Source("x", "databricks", "s", database="c"))
        self.driver = driver

    def connect(self) -> None:
        self._conn = self.driver.connect()

    def list_tables(self) -> list[Any]:
        return []

    def discover_catalog(self) -> Any:
        raise NotImplementedError


def test_a_hung_driver_call_is_abandoned_after_the_cap() -> None:
    driver = _HangingDriver()
    adapter = _Adapter(driver)
    adapter.connect()
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        adapter.execute("SELECT hang", timeout_s=0.5)
    assert time.monotonic() - started < 2.5
    assert driver.cancels >= 1
    # the next statement reconnects and works
    rows = [r for b in adapter.fetch("SELECT 1", timeout_s=5) for r in b.rows]
    assert rows == [(1,)] and driver.connections == 2


def test_a_hung_driver_call_is_abandoned_after_a_cancel() -> None:
    driver = _HangingDriver()
    adapter = _Adapter(driver)
    adapter.connect()
    threading.Timer(0.2, adapter.cancel).start()
    started = time.monotonic()
    with pytest.raises(QueryCancelled):
        adapter.execute("SELECT hang", timeout_s=60)
    assert time.monotonic() - started < 2
