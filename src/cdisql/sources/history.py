"""Build history under the user data dir: one JSON line per build, one id file per build.

``builds/history.jsonl`` holds a line per build (time, source, segment, segment hash,
status, members, duration); ``builds/ids/BUILD_ID.csv.gz`` holds the build's distinct
ids, the export's CSV gzip-compressed (older builds: ``BUILD_ID.txt.gz``, one id per
line), so ``cdisql builds diff`` can show who entered and who left the segment since
the previous build of the same segment.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cdisql import paths
from cdisql.fileio import atomic_output, owner_is_gone


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
    return paths.builds_dir() / "ids" / f"{build_id}.csv.gz"


def _legacy_ids_file(build_id: str) -> Path:
    return paths.builds_dir() / "ids" / f"{build_id}.txt.gz"


def new_build_id() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(3)


def spool_file(build_id: str) -> Path:
    """Where a build exports its ids (then stored, and placed on ``--output``). Named after
    the process, so that :func:`sweep_spools` can tell a killed build's file."""
    return paths.builds_dir() / "ids" / f".{build_id}.{os.getpid()}.export.csv"


def sweep_spools() -> None:
    """Remove the spool files of builds whose process is gone (SIGKILL between the export
    and its storing; every other stop removes its own)."""
    for spool in (paths.builds_dir() / "ids").glob(".*.*.export.csv"):
        if owner_is_gone(spool.name.rsplit(".", 3)[-3]):
            spool.unlink(missing_ok=True)


def store_ids(build_id: str, exported: Path) -> None:
    """Keep a gzip copy of a build's exported id CSV (atomically) for ``builds diff``."""
    # level 1: ids compress nearly as well, at a third of the time of the default
    with (
        atomic_output(ids_file(build_id)) as tmp,
        open(exported, "rb") as source,
        gzip.open(tmp, "wb", compresslevel=1) as target,
    ):
        shutil.copyfileobj(source, target, 1 << 20)


def discard_ids(build_id: str) -> None:
    ids_file(build_id).unlink(missing_ok=True)


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
    if not record.has_ids:
        return
    if record.ids_path.exists():
        with gzip.open(record.ids_path, "rt", encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle)
            next(rows, None)  # the header
            for row in rows:
                if row:
                    yield row[0]
        return
    legacy = _legacy_ids_file(record.build_id)
    if legacy.exists():
        with gzip.open(legacy, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield line.rstrip("\n")


@dataclass(frozen=True)
class MembershipDiff:
    build: BuildRecord
    previous: BuildRecord | None
    entered: tuple[str, ...]
    left: tuple[str, ...]

    def summary(self) -> str:
        """``B2 vs B1: 3 entered, 1 left (10 -> 12 members)``, or that it is the first build."""
        build = self.build
        if self.previous is None:
            return f"{build.build_id}: first build of this segment ({build.members} members)"
        return (
            f"{build.build_id} vs {self.previous.build_id}: "
            f"{len(self.entered)} entered, {len(self.left)} left "
            f"({self.previous.members} -> {build.members} members)"
        )

    def to_json(self, *, sample: int = 5) -> dict[str, Any]:
        """Counts and the first ``sample`` ids of each side (what an editor shows)."""
        return {
            "previous": self.previous.build_id if self.previous else None,
            "previousMembers": self.previous.members if self.previous else None,
            "entered": len(self.entered),
            "left": len(self.left),
            "enteredSample": list(self.entered[:sample]),
            "leftSample": list(self.left[:sample]),
        }


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
