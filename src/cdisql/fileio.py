"""Atomic writes and private files: a crash never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


class InsecureFileError(PermissionError):
    """A file holding a secret is readable by group or others."""


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    """Write ``text`` (UTF-8, line ends kept) to ``path`` atomically; see :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"), private=private)


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename.

    ``private`` files are created 0600 (secrets, key files, the sources store).
    """
    with atomic_output(path, private=private) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_output(path: Path, *, private: bool = False) -> Iterator[Path]:
    """A temp file next to ``path`` to fill in; renamed onto ``path`` when the block ends
    normally, deleted when it raises (an error, a cancel, Ctrl-C): ``path`` is either
    the whole new file or untouched. For streams too large to hold (id exports).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o600 if private else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_private(path: Path) -> None:
    """Refuse a secret-bearing file that group or others can read (like ssh does)."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InsecureFileError(
            f"{path}: permissions {stat.filemode(mode)} are too open; "
            f"it holds a secret and must be readable by you only: chmod 600 {path}"
        )
