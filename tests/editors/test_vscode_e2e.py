"""The packaged VS Code extension in a real VS Code (code-server) driven by Chromium.

Builds the .vsix with ``npm run package`` (what a user installs), then runs
``editors/vscode/e2e/run.mjs``, which installs it into code-server, opens a workspace on
the embedded demo source and checks the page: the CDI103 squiggle and Problems entry,
completion after ``FROM``, hover on a table, the preview table, the build summary, the
status bar and its menu, *Select source* writing the workspace setting, Cancel stopping a
running build, no warning toast, and the error (with *Set server path…*) when the server
cannot be found. Screenshots go to ``editors/vscode/e2e-artifacts/``
(``CDISQL_E2E_ARTIFACTS``); with ``CDISQL_UPDATE_SCREENSHOTS=1`` they also replace
``docs/img/vscode-*.png``. scripts/install-vscode-e2e.sh installs code-server, Node 24
and Chromium; under ``CI=true`` a missing piece fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "editors" / "vscode"
SCREENSHOTS = (
    "diagnostics",
    "completion",
    "hover",
    "preview",
    "build",
    "status",
    "cancel",
    "server-missing",
)


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}: CI must run the VS Code end-to-end test")
    pytest.skip(what)


def _e2e_env() -> dict[str, str]:
    cache = Path(os.environ.get("CDISQL_EDITORS_CACHE", Path.home() / ".cache" / "cdisql-editors"))
    found: dict[str, str] = {}
    env_file = cache / "e2e.env"
    if env_file.exists():
        for line in env_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if value:
                found[key] = value
    for key in ("CDISQL_E2E_NODE", "CDISQL_E2E_CODE_SERVER", "CDISQL_E2E_CHROMIUM"):
        value = os.environ.get(key) or found.get(key)
        if not value or not Path(value).exists():
            _missing(f"{key} not found: run scripts/install-vscode-e2e.sh")
    return found


@pytest.mark.timeout(1200)
def test_packaged_extension_in_code_server_shows_what_a_user_needs(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    node = shutil.which("node")
    if npm is None or node is None:
        _missing("npm/node are not installed")
    if not (EXTENSION / "node_modules" / "puppeteer-core").is_dir():
        _missing("the extension's npm packages are missing: run scripts/install-editors.sh")
    server = Path(sys.executable).with_name("cdisql")
    assert server.exists(), f"no cdisql script next to {sys.executable}"
    env = {**os.environ, **_e2e_env()}

    packaged = subprocess.run(
        [npm, "run", "package"], cwd=EXTENSION, capture_output=True, text=True, timeout=300
    )
    assert packaged.returncode == 0, packaged.stdout + packaged.stderr
    vsix = EXTENSION / "cdisql.vsix"
    assert vsix.exists()
    assert "WARNING" not in packaged.stdout + packaged.stderr, packaged.stdout + packaged.stderr

    artifacts = Path(os.environ.get("CDISQL_E2E_ARTIFACTS", EXTENSION / "e2e-artifacts"))
    shutil.rmtree(artifacts, ignore_errors=True)
    command = [node, "e2e/run.mjs", "--vsix", str(vsix), "--artifacts", str(artifacts)]
    done = subprocess.run(
        [*command, "--server", str(server)],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0 and "E2E OK" in out, out
    for name in SCREENSHOTS:
        shot = artifacts / f"vscode-{name}.png"
        assert shot.stat().st_size > 10_000, f"{shot} is missing or empty"
        if os.environ.get("CDISQL_UPDATE_SCREENSHOTS") == "1":
            shutil.copyfile(shot, ROOT / "docs" / "img" / shot.name)
