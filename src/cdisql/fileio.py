"""Files from untrusted places and files we write: read only regular files of a bounded
size; write atomically (a crash, a signal or a full disk never leaves a half-written file);
lock a file between processes; keep secrets private. The one place cdisql renames a
temp file onto a path or takes a file lock."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path


class InsecureFileError(PermissionError):
    """A file holding a secret is readable by group or others."""


class UnsafeFileError(OSError):
    """A path cdisql refuses to read or replace: not a regular file, or too large.

    ``strerror`` says what the file is and what to do; callers print
    ``f"{path}: {error.strerror}"`` like any other ``OSError``.
    """


_KINDS = (
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "named pipe (FIFO)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISLNK, "symbolic link"),
)


def file_kind(mode: int) -> str:
    """What a file is, in words (``named pipe (FIFO)``, ``character device``, ...)."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "regular file" if stat.S_ISREG(mode) else "special file"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def read_regular_bytes(path: str | os.PathLike[str], *, limit: int, what: str) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Opened non-blocking, then checked with ``fstat``: a FIFO, a device (``/dev/zero``),
    a socket or a link to one is refused at once instead of hanging or filling memory.
    ``what`` names the file in the message ("a segment", "the catalog"). Raises
    :class:`UnsafeFileError`, or the usual ``OSError`` (no such file, permission).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise UnsafeFileError(
                errno.EINVAL,
                f"is a {file_kind(mode)}, not a regular file: skipped; {what} must be a "
                "regular file (replace the link or pipe by the file itself)",
                str(path),
            )
        size = os.fstat(fd).st_size
        if size > limit:
            raise _too_large(path, size, limit, what)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise _too_large(path, total, limit, what)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(
    path: str | os.PathLike[str], size: int | None, limit: int, what: str
) -> UnsafeFileError:
    amount = "is" if size is None else f"is {_size(size)},"
    return UnsafeFileError(
        errno.EFBIG,
        f"{amount} more than the {_size(limit)} cdisql reads as {what}: skipped; "
        "check that this is the right file",
        str(path),
    )


def read_stdin_bytes(*, limit: int, what: str) -> bytes:
    """Standard input, at most ``limit`` bytes (``cdisql lint - < /dev/zero`` is refused,
    not read into memory forever)."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)  # absent on a text stream (tests)
    data = sys.stdin.read(limit + 1).encode("utf-8") if stream is None else stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large("<stdin>", None, limit, what)
    return bytes(data)


def read_regular_text(path: str | os.PathLike[str], *, limit: int, what: str) -> str:
    """:func:`read_regular_bytes` decoded as UTF-8 (``UnicodeDecodeError`` if it is not)."""
    return read_regular_bytes(path, limit=limit, what=what).decode("utf-8")


def check_replaceable(path: Path) -> None:
    """Refuse to write over anything but a regular file (a FIFO, a link, ``/dev/stdout``)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        kind = file_kind(mode)
        raise UnsafeFileError(
            errno.EEXIST,
            f"is a {kind}: cdisql writes a new regular file and never replaces a {kind}; "
            "give the path of a regular file (or of one that does not exist yet)",
            str(path),
        )


def _anonymous_file(folder: Path, mode: int) -> int | None:
    """A file with no name in ``folder`` (Linux ``O_TMPFILE``): a crash leaves nothing."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError:  # a file system without O_TMPFILE: fall back to a named temp file
        return None


def _link_into_place(fd: int, path: Path) -> None:
    """Give the unnamed file ``fd`` its name ``path`` (a link under a temp name, a rename)."""
    import secrets

    name = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(4)}.tmp")
    folder = os.open(path.parent, os.O_RDONLY)
    try:  # a dir fd makes os.link use linkat(AT_SYMLINK_FOLLOW), as O_TMPFILE needs
        os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=folder)
    finally:
        os.close(folder)
    try:
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, private: bool = False, durable: bool = True
) -> None:
    """Write ``text`` (UTF-8, line ends kept) to ``path`` atomically; see :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"), private=private, durable=durable)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, private: bool = False, durable: bool = True
) -> None:
    """Write ``data`` to ``path`` completely or not at all (:func:`atomic_output`).

    ``private`` files are created 0600 (secrets, key files, the sources store).
    ``durable=False`` skips the ``fsync``: for caches, where a file lost in a power cut
    only costs time and the sync would cost it on every write.
    """
    with atomic_output(Path(path), private=private) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())


def place_file(produced: Path, path: Path) -> None:
    """Move a complete file written elsewhere (a driver's bulk ``COPY``, a database built
    under a temp name) onto ``path`` atomically: a rename on the same file system, else a
    copy to a temp file + rename."""
    import shutil

    with atomic_output(path, rename_into=True) as tmp:
        try:
            os.replace(produced, tmp)
        except OSError:  # another file system
            shutil.copyfile(produced, tmp)


@contextlib.contextmanager
def atomic_output(
    path: Path, *, private: bool = False, rename_into: bool = False
) -> Iterator[Path]:
    """A temp file to fill in; it becomes ``path`` when the block ends normally and is
    deleted when it raises (an error, a cancel, Ctrl-C, a full disk): ``path`` is either
    the whole new file or untouched. For streams too large to hold (id exports).

    On Linux the temp file has no name (``O_TMPFILE``; the path yielded is its
    ``/proc/self/fd`` entry, to open for writing), so even SIGKILL leaves nothing behind.
    ``rename_into`` asks for a named temp file next to ``path`` instead, for a caller
    that renames a finished file onto it. ``path`` must be a regular file or not exist
    (:func:`check_replaceable`): a FIFO, a device or a link is never replaced.
    """
    check_replaceable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = 0o600 if private else 0o644
    fd = None if rename_into else _anonymous_file(path.parent, mode)
    if fd is not None:
        try:
            yield Path(f"/proc/self/fd/{fd}")
            os.fchmod(fd, mode)
            check_replaceable(path)
            _link_into_place(fd, path)
        finally:
            os.close(fd)
        return
    import tempfile

    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, mode)
        check_replaceable(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def locked(lock_path: str | os.PathLike[str], timeout: float = 5.0) -> Iterator[None]:
    """An exclusive lock between processes (and threads) on ``lock_path``: ``flock`` where
    it exists, else filelock. Raises :class:`TimeoutError` after ``timeout`` seconds.

    (``filelock`` costs ~10 ms of imports, a tenth of a one-file lint.)
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        try:
            with FileLock(os.fspath(lock_path), timeout=timeout):
                yield
        except Timeout as error:
            raise TimeoutError(str(error)) from None
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{lock_path}: locked by another process") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def owner_is_gone(pid: str) -> bool:
    """True when ``pid`` (the process id a working file is named after) is no running
    process: what a build killed with SIGKILL, which no handler sees, left behind."""
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, owned by another user
        return False
    return False


def check_private(path: Path) -> None:
    """Refuse a secret-bearing file that group or others can read (like ssh does)."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InsecureFileError(
            f"{path}: permissions {stat.filemode(mode)} are too open; "
            f"it holds a secret and must be readable by you only: chmod 600 {path}"
        )
