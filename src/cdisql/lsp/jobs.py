"""Long-running source commands (test, refresh, preview, build) as cancellable jobs.

A job runs its blocking call in a worker thread and is given a ``threading.Event`` that
the server sets when the client cancels (``$/cancelRequest``: pygls cancels the request,
and :func:`cdisql.lsp.protocol.when_cancelled` passes that on; or
``window/workDoneProgress/cancel`` for its progress token); the sources layer stops the
warehouse query and drops its temporary table when it sees the event set.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Job:
    title: str
    cancel: threading.Event = field(default_factory=threading.Event)
    token: Any = None


class JobRegistry:
    """Running jobs, by progress token; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._jobs: list[Job] = []

    def start(self, title: str, *, token: Any = None) -> Job:
        job = Job(title, token=token)
        with self._lock:
            self._jobs.append(job)
        return job

    def finish(self, job: Job) -> None:
        with self._lock:
            if job in self._jobs:
                self._jobs.remove(job)
            self._lock.notify_all()

    def run(self, job: Job, work: Callable[[], Any]) -> Any:
        """Run ``work`` (in a worker thread) and finish ``job`` when it returns: the job
        counts as running until its cleanup is done, even once its request is gone."""
        try:
            return work()
        finally:
            self.finish(job)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every job has finished (builds dropped their table, recorded their
        history); False when some still run after ``timeout`` seconds."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._jobs, timeout)

    def cancel_token(self, token: Any) -> bool:
        return self._cancel(lambda j: j.token is not None and j.token == token)

    def cancel_all(self) -> bool:
        return self._cancel(lambda j: True)

    def _cancel(self, match: Callable[[Job], bool]) -> bool:
        with self._lock:
            found = [j for j in self._jobs if match(j)]
        for job in found:
            job.cancel.set()
        return bool(found)

    def running(self) -> list[str]:
        with self._lock:
            return [j.title for j in self._jobs]


def format_duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"
