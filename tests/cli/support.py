"""Segments with known diagnostics and small file helpers for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLEAN = "SELECT CAST(u.id AS VARCHAR) AS external_user_id FROM users AS u\n"
"""A segment every rule accepts."""
WARNING_ONLY = "SELECT CAST(u.id AS VARCHAR) AS external_user_id FROM users AS u WHERE u.email LIKE '%@acme.com'\n"
"""Only CDI306 (leading-wildcard-like, a warning)."""
INFO_ONLY = (
    "SELECT CAST(a.id AS VARCHAR) AS external_user_id FROM a\n"
    "UNION\n"
    "SELECT CAST(b.id AS VARCHAR) FROM b\n"
)
"""Only CDI308 (union-distinct, info)."""
FIXABLE = "SELECT id FROM users;\n"
"""CDI103 (alias the column) and CDI101 (trailing semicolon), both fixable."""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def cdisql(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m cdisql ARGS`` as a user runs it: a fresh process, no colour."""
    return subprocess.run(
        [sys.executable, "-m", "cdisql", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, NO_COLOR="1"),
    )
