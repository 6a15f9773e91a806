"""The client-side half of the runtime cap: a thread that cancels the running query.

It wakes up every ``tick`` seconds, reports progress, and calls ``adapter.cancel()``
(again once a second) when the deadline passes or when the caller's cancel event is set (Ctrl-C, an
editor's cancel request). The warehouse's own timeout is the other half.

A run has two phases, each with its own bound: the warm-up (:func:`connect_within`:
connecting, and waiting for a stopped warehouse to start, up to the adapter's
:meth:`~cdisql.sources.base.Adapter.connect_limit_s`), then the queries under the
maximum runtime, whose watchdog starts only once the warehouse is reachable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from cdisql.sources.base import QueryCancelled, WarehouseError

if TYPE_CHECKING:
    from cdisql.sources.base import Adapter

PhaseProgress = Callable[[float, float], None]
"""``(elapsed_s, limit_s)`` of one phase, about ten times a second (once at its start)."""


class Watchdog:
    def __init__(
        self,
        limit_s: float,
        *,
        cancel: threading.Event | None = None,
        on_progress: PhaseProgress | None = None,
        tick: float = 0.1,
    ) -> None:
        self.limit_s = limit_s
        self.started = time.monotonic()
        self.deadline = self.started + limit_s
        self.cancel_event = cancel
        self.on_progress = on_progress
        self.tick = tick
        self.adapter: Adapter | None = None
        self.timed_out = threading.Event()
        self.cancelled = threading.Event()
        self._stop = threading.Event()
        self._last_fire: float | None = None
        self._thread = threading.Thread(target=self._run, name="cdisql-watchdog", daemon=True)

    # -- the caller's side ---------------------------------------------------------------
    def start(self) -> Watchdog:
        """Start the clock (the deadline counts from now) and the thread."""
        self.started = time.monotonic()
        self.deadline = self.started + self.limit_s
        self._report()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=1)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining(self) -> float:
        """Seconds left before the deadline (never below a small positive value)."""
        return max(0.05, self.deadline - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline or self.timed_out.is_set()

    def should_stop(self) -> bool:
        """True once the deadline passed or the caller asked to cancel."""
        if self.cancel_event is not None and self.cancel_event.is_set():
            self.cancelled.set()
        return self.expired() or self.cancelled.is_set()

    # -- the thread --------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            self._report()
            if time.monotonic() >= self.deadline and not self.cancelled.is_set():
                self.timed_out.set()
            elif self.cancel_event is not None and self.cancel_event.is_set():
                self.cancelled.set()
            if self.timed_out.is_set() or self.cancelled.is_set():
                self._fire()

    def _report(self) -> None:
        if self.on_progress is not None:
            try:
                self.on_progress(min(self.elapsed(), self.limit_s), self.limit_s)
            except Exception:  # a display bug must never stop the watchdog
                self.on_progress = None

    def _fire(self) -> None:
        # repeated once a second: a cancel that lands between two statements is not lost
        now = time.monotonic()
        if self._last_fire is not None and now - self._last_fire < 1.0:
            return
        self._last_fire = now
        adapter = self.adapter
        if adapter is not None:
            adapter.cancel()


def connect_within(
    adapter: Adapter,
    *,
    cancel: threading.Event | None = None,
    on_progress: PhaseProgress | None = None,
) -> None:
    """``adapter.connect()`` under the warm-up bound, apart from the maximum runtime.

    A stopped warehouse may take minutes to start (Databricks Classic/Pro: 2-5 minutes);
    that time is not charged to the runtime cap, which starts once this returns. Raises
    :class:`WarmupTimeout` past :meth:`~cdisql.sources.base.Adapter.connect_limit_s`,
    :class:`QueryCancelled` when ``cancel`` is set, or the adapter's own
    :class:`~cdisql.sources.base.ConnectError`.
    """
    limit = adapter.connect_limit_s()
    watch = Watchdog(limit, cancel=cancel, on_progress=on_progress)
    watch.adapter = adapter
    watch.start()
    try:
        adapter.connect()
    except WarehouseError:
        if watch.timed_out.is_set() and not watch.cancelled.is_set():
            raise adapter.warmup_timeout(limit) from None
        if watch.cancelled.is_set():
            raise QueryCancelled("cancelled while connecting") from None
        raise
    finally:
        watch.stop()
    if watch.should_stop():
        if watch.cancelled.is_set():
            raise QueryCancelled("cancelled while connecting")
        raise adapter.warmup_timeout(limit)
