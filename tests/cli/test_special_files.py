"""A cloned repository is untrusted input: FIFOs, devices, links to them and huge files are
skipped with the reason, by every command, and never hang or fill memory.

Each run is a real ``cdisql`` process with a timeout: on the old code a FIFO hung it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdisql.limits import MAX_CATALOG_BYTES, MAX_SEGMENT_BYTES
from cli.support import cdisql

GOOD = "SELECT CAST(u.id AS VARCHAR) AS external_user_id FROM users AS u\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "good.sql").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.sql")
    (tmp_path / "zero.sql").symlink_to("/dev/zero")
    return tmp_path


def test_lint_skips_fifos_and_devices_among_the_files_and_says_why(repo: Path) -> None:
    done = cdisql("lint", ".", cwd=repo)
    assert done.returncode == 2
    assert (
        "pipe.sql: cannot read: is a named pipe (FIFO), not a regular file: skipped" in done.stderr
    )
    done = cdisql("lint", "pipe.sql", "zero.sql", "good.sql", cwd=repo)
    assert "zero.sql: cannot read: is a character device" in done.stderr
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["preview", "build", "estimate"])
@pytest.mark.parametrize("segment", ["pipe.sql", "zero.sql"])
def test_source_commands_refuse_a_special_segment(repo: Path, command: str, segment: str) -> None:
    done = cdisql(command, segment, "--source", "nosuch", cwd=repo)
    assert done.returncode == 2
    assert f"error: {segment}: cannot read: is a" in done.stderr
    assert "a segment must be a regular file" in done.stderr


def test_format_refuses_a_fifo(repo: Path) -> None:
    done = cdisql("format", "pipe.sql", cwd=repo)
    assert "pipe.sql: cannot read: is a named pipe (FIFO)" in done.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "pipe.json"])
def test_a_catalog_that_is_not_a_regular_file_is_refused(repo: Path, target: str) -> None:
    if target == "pipe.json":
        os.mkfifo(repo / target)
    (repo / "cdisql.toml").write_text(f'catalog = "{target}"\n')
    done = cdisql("lint", "good.sql", cwd=repo)
    assert done.returncode == 2
    assert "cannot read catalog file: is a" in done.stderr and "not a regular file" in done.stderr


def test_files_over_the_caps_are_refused_with_their_size(repo: Path) -> None:
    big = repo / "big.sql"
    with big.open("wb") as handle:
        handle.truncate(MAX_SEGMENT_BYTES + 1)  # sparse: no disk used
    done = cdisql("lint", "big.sql", cwd=repo)
    assert "more than the 16.0 MiB cdisql reads as a SQL file" in done.stderr
    catalog = repo / "huge.json"
    with catalog.open("wb") as handle:
        handle.truncate(MAX_CATALOG_BYTES + 1)
    (repo / "cdisql.toml").write_text('catalog = "huge.json"\n')
    done = cdisql("lint", "good.sql", cwd=repo)
    assert "more than the 256.0 MiB cdisql reads as a catalog file" in done.stderr


def test_a_huge_settings_file_is_refused(repo: Path) -> None:
    settings = repo / "cdisql.toml"
    with settings.open("wb") as handle:
        handle.truncate(8 * 1024 * 1024)
    done = cdisql("lint", "good.sql", cwd=repo)
    assert done.returncode == 2 and "cdisql reads as a settings file" in done.stderr


@pytest.mark.parametrize(
    "args", [["lint", "-"], ["format", "-"], ["preview", "-", "--source", "nosuch"]]
)
def test_endless_stdin_is_cut_at_the_cap(tmp_path: Path, args: list[str]) -> None:
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "cdisql", *args],
            cwd=tmp_path,
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "<stdin>: is more than the 16.0 MiB cdisql reads as" in done.stderr
