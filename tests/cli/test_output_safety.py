"""``--output`` / ``-o`` on the command line: an empty name, a FIFO or a link is refused up front."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdisql.cli import cli


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def segment(tmp_path: Path) -> Path:
    path = tmp_path / "one.sql"
    path.write_text("SELECT CAST(u.id AS VARCHAR) AS external_user_id FROM users AS u\n")
    return path


def test_an_empty_output_name_is_a_usage_error(segment: Path) -> None:
    code, out = _run("lint", str(segment), "-o", "")
    assert code == 2 and "is empty: give the name of the file to write" in out
    code, out = _run("build", str(segment), "--source", "nosuch", "--output", "")
    assert code == 2 and "is empty" in out


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_lint_output_never_replaces_a_fifo_or_a_link(
    segment: Path, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "report.txt"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/null")  # like /dev/stdout -> /proc/self/fd/1
    code, out = _run("lint", str(segment), "-o", str(target))
    assert code == 2
    assert ("named pipe (FIFO)" if kind == "fifo" else "symbolic link") in out
    assert os.path.islink(target) if kind == "symlink" else not target.is_file()


def test_build_output_refuses_a_link_before_connecting(segment: Path, tmp_path: Path) -> None:
    target = tmp_path / "ids.csv"
    target.symlink_to(tmp_path / "elsewhere.csv")
    code, out = _run("build", str(segment), "--source", "nosuch", "--output", str(target))
    assert code == 2 and "symbolic link" in out and "nosuch" not in out
    assert os.path.islink(target)
