"""A missing local peer fails the tests under CI and only skips them elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from peers._local import missing


def test_a_missing_peer_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"install-peers\.sh"):
        missing("fakesnow")


def test_a_missing_peer_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"install-peers\.sh"):
        missing("fakesnow")


def test_estimate_on_the_embedded_duckdb_source_reads_its_plan(tmp_path: object) -> None:
    from pathlib import Path

    from peers.duckdb_peer import PEER

    from cdisql.sources.estimate import estimate

    with PEER.setup(Path(str(tmp_path))) as setup:
        result = estimate(
            setup.source, "SELECT external_id AS external_user_id FROM cdisql_contract_users"
        )
    assert result.ok and result.rows == 250 and result.plan
    assert result.summary() == "EXPLAIN: ≈ 250 rows"


def test_under_ci_a_skipped_test_fails_the_run(tmp_path: Path) -> None:
    """``bash scripts/test`` in CI runs every test: a skip anywhere fails the run."""
    (tmp_path / "test_one.py").write_text(
        "import pytest\n\ndef test_needs_a_tool():\n    pytest.skip('no such tool')\n",
        encoding="utf-8",
    )
    tests = Path(__file__).resolve().parents[1]

    def run(ci: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "CI": ci, "PYTHONPATH": str(tests)}
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "ci_policy",
                "-p",
                "no:cacheprovider",
                "--rootdir",
                str(tmp_path),
                "-c",
                os.devnull,
                str(tmp_path / "test_one.py"),
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )

    in_ci = run("true")
    assert in_ci.returncode == 1, in_ci.stdout
    assert "skipped under CI, where every test must run: no such tool" in in_ci.stdout
    assert run("").returncode == 0
