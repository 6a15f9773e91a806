"""Reading untrusted files and writing outputs: FIFOs, devices, links, huge files, full disks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cdisql.fileio import (
    UnsafeFileError,
    atomic_output,
    atomic_write_text,
    read_regular_bytes,
    read_regular_text,
)


def test_a_fifo_without_a_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "segment.sql"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(UnsafeFileError) as caught:
        read_regular_bytes(fifo, limit=1000, what="a segment")
    assert time.monotonic() - started < 2
    assert "named pipe (FIFO)" in str(caught.value.strerror) and "a segment" in str(
        caught.value.strerror
    )


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_devices_and_links_to_them_are_refused(tmp_path: Path, target: str) -> None:
    link = tmp_path / "catalog.json"
    link.symlink_to(target)
    for path in (Path(target), link):
        with pytest.raises(UnsafeFileError, match="character device"):
            read_regular_bytes(path, limit=1000, what="the catalog")


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.sql"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(UnsafeFileError) as caught:
        read_regular_bytes(big, limit=1024, what="a segment")
    assert "2048 bytes" in str(caught.value.strerror) and "1024 bytes" in str(caught.value.strerror)
    assert read_regular_text(big, limit=4096, what="a segment") == "x" * 2048


@pytest.mark.parametrize("kind", ["fifo", "symlink", "device"])
def test_an_output_never_replaces_a_special_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "real").write_text("keep")
        target.symlink_to(tmp_path / "real")
    else:
        target = Path("/dev/null")
    before = os.lstat(target)
    with pytest.raises(UnsafeFileError):
        atomic_write_text(target, "data")
    after = os.lstat(target)
    assert (before.st_mode, before.st_ino) == (after.st_mode, after.st_ino)
    if kind == "symlink":
        assert (tmp_path / "real").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_an_output_that_raises_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic_output(tmp_path / "ids.csv") as tmp:
        tmp.write_text("half")
        raise RuntimeError("cancelled")
    assert list(tmp_path.iterdir()) == []
    with atomic_output(tmp_path / "ids.csv") as tmp:
        tmp.write_text("whole\n")
    assert (tmp_path / "ids.csv").read_text() == "whole\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ids.csv"]


def test_a_process_killed_while_writing_leaves_no_partial_file(tmp_path: Path) -> None:
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from cdisql.fileio import atomic_output\n"
        "with atomic_output(Path(sys.argv[1])) as tmp, open(tmp, 'wb') as out:\n"
        "    out.write(b'x' * 100000)\n"
        "    out.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    if not hasattr(os, "O_TMPFILE"):
        pytest.skip("only Linux writes unnamed files")
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "ids.csv")], timeout=60)
    assert list(tmp_path.iterdir()) == []


def test_a_write_past_the_file_size_limit_leaves_no_partial_file(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes the write itself fail (EFBIG), as a full disk does (ENOSPC)."""
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from cdisql.fileio import atomic_write_bytes\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "try:\n"
        "    atomic_write_bytes(Path(sys.argv[1]), b'x' * 100000)\n"
        "except OSError as error:\n"
        "    print(error.strerror)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "report.sarif")],
        timeout=60,
        capture_output=True,
        text=True,
    )
    assert "too large" in done.stdout.lower(), done.stderr
    assert list(tmp_path.iterdir()) == []


def _tiny_tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0 or sys.platform != "linux":
        return False
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


def test_a_full_disk_leaves_no_partial_file(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _tiny_tmpfs(disk):
        pytest.skip("mounting a 64 KiB tmpfs needs root on Linux")
    try:
        with pytest.raises(OSError) as caught:
            atomic_write_text(disk / "report.sarif", "x" * 500_000)
        assert "No space left" in str(caught.value)
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)
