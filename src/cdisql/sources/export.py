"""Writing a build's ids to a CSV file: the streaming writer every adapter's export uses.

:meth:`cdisql.sources.base.Adapter.export_ids` is the one export entry point; an
adapter overrides it with its driver's bulk path and writes through :func:`id_csv`,
which gives it a file that appears at the destination only when complete (temp file,
atomic rename), counts the ids, reports progress and stops between batches when asked.
Rows come either as plain values (DB-API batches: the stdlib ``csv`` writer) or as
Arrow record batches (pyarrow's CSV writer, imported only when an adapter hands one in;
pyarrow is never a dependency of the core).
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from cdisql.fileio import atomic_output
from cdisql.sources.base import QueryCancelled

ID_HEADER = "external_user_id"
"""The CSV's one column, as the platform names it."""

ExportProgress = Callable[[int], None]
"""Receives the number of ids written so far, after each batch."""

StopCheck = Callable[[], bool]
"""Returns True when the export must stop (runtime cap reached, cancel requested)."""


class ExportStopped(QueryCancelled):
    """Raised between batches when the caller's stop check says so (the build turns it
    into a timeout or a cancel); the partial file is deleted."""


class IdCsvWriter:
    """Streams ids into an open text file as one-column CSV rows (header written first)."""

    def __init__(
        self,
        handle: IO[str],
        *,
        progress: ExportProgress | None = None,
        should_stop: StopCheck | None = None,
    ) -> None:
        self._handle = handle
        self._rows = csv.writer(handle, lineterminator="\n")
        self._rows.writerow([ID_HEADER])
        self._progress = progress
        self._should_stop = should_stop
        self.count = 0

    def write_values(self, values: Iterable[Any]) -> None:
        """One batch of ids (any type: written as ``str``; the caller filters out nulls)."""
        self._check()
        rows = [[str(value)] for value in values]
        self._rows.writerows(rows)
        self._advance(len(rows))

    def write_arrow(self, batch: Any) -> None:
        """One Arrow ``RecordBatch`` or ``Table`` whose first column holds the ids
        (pyarrow's C++ CSV writer: no Python object per id)."""
        import pyarrow as pa
        import pyarrow.csv as pa_csv

        self._check()
        column = batch.column(0)
        if column.type != pa.string():
            column = column.cast(pa.string())
        table = pa.table({ID_HEADER: column})
        out = pa.BufferOutputStream()
        pa_csv.write_csv(table, out, write_options=pa_csv.WriteOptions(include_header=False))
        self._handle.flush()
        self._handle.buffer.write(out.getvalue().to_pybytes())  # type: ignore[attr-defined]
        self._advance(table.num_rows)

    def _check(self) -> None:
        if self._should_stop is not None and self._should_stop():
            raise ExportStopped("export stopped")

    def _advance(self, rows: int) -> None:
        self.count += rows
        if self._progress is not None and rows:
            self._progress(self.count)


@contextlib.contextmanager
def id_csv(
    path: Path,
    *,
    progress: ExportProgress | None = None,
    should_stop: StopCheck | None = None,
) -> Iterator[IdCsvWriter]:
    """An :class:`IdCsvWriter` onto a temp file next to ``path``: renamed onto ``path``
    when the block ends normally, deleted when it raises."""
    with (
        atomic_output(path) as tmp,
        open(tmp, "w", encoding="utf-8", newline="") as handle,
    ):
        yield IdCsvWriter(handle, progress=progress, should_stop=should_stop)
