"""The real ``cdisql`` process: what a shell, a pre-commit hook or CI sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cli.support import FIXABLE, WARNING_ONLY, write


def cdisql(*args: str, cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "cdisql", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=env,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )


def test_lint_fix_then_lint_again_in_real_processes(tmp_path: Path):
    path = write(tmp_path / "segments" / "vip.sql", FIXABLE)
    write(tmp_path / "segments" / "like.sql", WARNING_ONLY)
    first = cdisql("lint", "segments", cwd=tmp_path)
    assert first.returncode == 1
    assert f"{Path('segments/vip.sql')}:1:8: CDI103 [error] [*]" in first.stdout
    fixed = cdisql("lint", "--fix", "--fail-on", "error", "segments", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert path.read_text() == "SELECT id AS external_user_id FROM users\n"
    assert "CDI306" in fixed.stdout  # what remains is reported


def test_json_from_stdin(tmp_path: Path):
    result = cdisql("lint", "--format", "json", "-", cwd=tmp_path, input=WARNING_ONLY.encode())
    assert result.returncode == 1
    [item] = json.loads(result.stdout)
    assert item["filename"] == "-" and item["code"] == "CDI306"


def test_unreadable_input_never_shows_a_traceback(tmp_path: Path):
    (tmp_path / "bin.sql").write_bytes(bytes(range(256)))
    write(tmp_path / "cdisql.toml", "[lint\n")
    bad_settings = cdisql("lint", "bin.sql", cwd=tmp_path)
    assert bad_settings.returncode == 2
    assert "cdisql.toml: not valid TOML" in bad_settings.stderr
    (tmp_path / "cdisql.toml").unlink()
    binary = cdisql("lint", "bin.sql", cwd=tmp_path)
    assert binary.returncode == 2
    assert "bin.sql:2: not UTF-8 text (byte 0x80 at offset 128)" in binary.stderr
    for result in (bad_settings, binary):
        assert "Traceback" not in result.stderr


def test_junk_text_is_linted_not_crashed_on(tmp_path: Path):
    write(
        tmp_path / "junk.sql", "\x00\x01 SELECT 'unterminated\n$$ BEGIN ;; END $$ ``` \U0001f600\n"
    )
    result = cdisql("lint", "--format", "json", "junk.sql", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert any(item["code"] == "CDI100" for item in json.loads(result.stdout))


def test_non_ascii_output_survives_an_ascii_terminal(tmp_path: Path):
    write(tmp_path / "café.sql", "SELECT id FROM users WHERE name LIKE '%é'\n")
    env = dict(os.environ, PYTHONIOENCODING="ascii", LANG="C", LC_ALL="C")
    proc = subprocess.run(
        [sys.executable, "-m", "cdisql", "lint", "."],
        cwd=tmp_path,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr
    assert b"caf?.sql:1:" in proc.stdout


def test_bom_is_kept_when_fixing(tmp_path: Path):
    path = tmp_path / "bom.sql"
    path.write_bytes(b"\xef\xbb\xbfSELECT id FROM users;\n")
    result = cdisql("lint", "--fix", "bom.sql", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert path.read_bytes() == b"\xef\xbb\xbfSELECT id AS external_user_id FROM users\n"
