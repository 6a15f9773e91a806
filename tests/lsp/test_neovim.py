"""A real Neovim (headless) with the cdisql plugin gets diagnostics from the server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def nvim() -> str:
    found = shutil.which("nvim")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nvim is missing in CI: scripts/install-editors.sh installs it")
        pytest.skip("nvim is not installed (scripts/install-editors.sh installs it)")
    return found


def test_neovim_plugin_shows_server_diagnostics(nvim: str, tmp_path: Path) -> None:
    segment = tmp_path / "segment.sql"
    segment.write_text("SELECT user_id FROM users;\n", encoding="utf-8")
    env = {
        **os.environ,
        "CDISQL_NVIM_PLUGIN": str(ROOT / "editors" / "nvim"),
        "CDISQL_SERVER": sys.executable,
        "CDISQL_TEST_FILE": str(segment),
    }
    done = subprocess.run(
        [nvim, "--headless", "--clean", "-c", f"luafile {ROOT / 'tests/lsp/nvim_diagnostics.lua'}"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    out = done.stdout + done.stderr
    assert "DONE" in out, out
    assert "CDI101 0:25" in out, out
    assert "CDI103" in out, out
