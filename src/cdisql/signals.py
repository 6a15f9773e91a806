"""Stop signals as a cancel request: Ctrl-C, ``kill`` and a closed terminal end a build the same way.

:class:`StopSignals` turns SIGINT, SIGTERM and SIGHUP into a ``threading.Event`` for the
duration of a ``with`` block, so a build running in a worker thread is cancelled like
Ctrl-C: the running query is stopped, the temporary table dropped, partial files removed
and the build recorded as ``cancelled``. The process then exits with ``128 + signal``
(130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP), as a shell reports a process the
signal killed. Handlers can only be installed from the main thread; elsewhere the block
does nothing.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType
from typing import Any

STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def exit_code_for(signum: int) -> int:
    """The exit code of a process stopped by ``signum`` (128 + signal, as shells report)."""
    return 128 + int(signum)


class StopSignals:
    """While active, a stop signal sets ``cancel`` (and is remembered) instead of killing."""

    def __init__(self, cancel: threading.Event | None = None) -> None:
        self.cancel = cancel if cancel is not None else threading.Event()
        self.received: int | None = None
        self._previous: dict[int, Any] = {}

    @property
    def name(self) -> str | None:
        """``SIGTERM`` and so on, once a signal was received."""
        return None if self.received is None else signal.Signals(self.received).name

    def exit_code(self, default: int) -> int:
        return default if self.received is None else exit_code_for(self.received)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        self.cancel.set()  # a second signal while cleaning up changes nothing

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in STOP_SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        self._previous.clear()
