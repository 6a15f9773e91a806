"""Build history under the user data dir: one JSON line per build, one id file per build.

``builds/history.jsonl`` holds a line per build (time, source, segment, segment hash,
status, members, duration); ``builds/ids/BUILD_ID.txt.gz`` holds the build's distinct
ids, sorted, one per line, gzip-compressed, so ``cdisql builds diff`` can show who
entered and who left the segment since the previous build of the same segment.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from cdisql import paths


def segment_hash(text: str) -> str:
    """A stable short hash of a segment's text (surrounding whitespace ignored)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class BuildRecord:
    build_id: str
    time: str
    source: str
    segment: str
    segment_hash: str
    status: str
    members: int | None
    duration_s: float
    has_ids: bool = False

    @property
    def ids_path(self) -> Path:
        return ids_file(self.build_id)


def history_file() -> Path:
    return paths.builds_dir() / "history.jsonl"


def ids_file(build_id: str) -> Path:
    return paths.builds_dir() / "ids" / f"{build_id}.txt.gz"


def new_build_id() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(3)


class IdWriter:
    """Writes one build's ids to a temp file; ``commit`` renames it into place."""

    def __init__(self, build_id: str) -> None:
        self.path = ids_file(build_id)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self._handle: IO[str] | None = gzip.open(  # noqa: SIM115 (closed by commit/discard)
            self._tmp, "wt", encoding="utf-8", newline="\n"
        )

    def write(self, value: str) -> None:
        assert self._handle is not None
        self._handle.write(value.replace("\n", " ") + "\n")

    def commit(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            os.replace(self._tmp, self.path)

    def discard(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None
        self._tmp.unlink(missing_ok=True)


def record_build(record: BuildRecord) -> None:
    """Append ``record`` to the history as one line.

    One ``write`` on an ``O_APPEND`` descriptor: the CLI and the language server can
    record at the same time without interleaving; a line cut by a crash is skipped on
    reading.
    """
    path = history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(asdict(record), ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def list_builds(*, source: str | None = None, segment_hash: str | None = None) -> list[BuildRecord]:
    """Recorded builds, oldest first; a damaged line (crash mid-append) is skipped."""
    path = history_file()
    if not path.exists():
        return []
    records: list[BuildRecord] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            raw: dict[str, Any] = json.loads(line)
            record = BuildRecord(**raw)
        except (ValueError, TypeError):
            continue
        if source is not None and record.source != source:
            continue
        if segment_hash is not None and record.segment_hash != segment_hash:
            continue
        records.append(record)
    return records


def read_ids(record: BuildRecord) -> Iterator[str]:
    if not record.has_ids or not record.ids_path.exists():
        return
    with gzip.open(record.ids_path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n")


@dataclass(frozen=True)
class MembershipDiff:
    build: BuildRecord
    previous: BuildRecord | None
    entered: tuple[str, ...]
    left: tuple[str, ...]


def previous_build(record: BuildRecord) -> BuildRecord | None:
    """The last successful build of the same segment on the same source before ``record``."""
    earlier: BuildRecord | None = None
    for other in list_builds(source=record.source, segment_hash=record.segment_hash):
        if other.build_id == record.build_id:
            return earlier
        if other.status == "ok" and other.has_ids:
            earlier = other
    return earlier


def membership_diff(record: BuildRecord, previous: BuildRecord | None = None) -> MembershipDiff:
    """Ids that entered and left between ``previous`` (default: the last build) and ``record``."""
    previous = previous if previous is not None else previous_build(record)
    now = set(read_ids(record))
    before: set[str] = set(read_ids(previous)) if previous is not None else set()
    return MembershipDiff(
        record, previous, tuple(sorted(now - before)), tuple(sorted(before - now))
    )


def find_build(build_id: str, records: Iterable[BuildRecord] | None = None) -> BuildRecord | None:
    for record in records if records is not None else list_builds():
        if record.build_id == build_id or record.build_id.startswith(build_id):
            return record
    return None
