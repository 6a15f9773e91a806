"""Helpers the warehouse peers share: free ports, waiting, finding the peers' installs.

A peer that is not installed makes its tests fail under CI (``CI=true``) and skip
elsewhere, with the command that installs it.
"""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import time
from pathlib import Path

import pytest

INSTALL_HINT = "run scripts/install-peers.sh"


def peers_dir() -> Path:
    return Path(os.environ.get("CDISQL_PEERS_DIR") or Path.home() / ".cache" / "cdisql-peers")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(what: str) -> None:
    """Fail under CI, skip elsewhere: a missing peer must never pass silently in CI."""
    message = f"{what} is not installed ({INSTALL_HINT})"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_module(module: str, package: str) -> None:
    """:func:`missing` ``package`` unless ``module`` (its import name) can be imported."""
    try:
        importlib.import_module(module)
    except ImportError:
        missing(package)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, *, timeout_s: float = 30, process: object | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        poll = getattr(process, "poll", None)
        if poll is not None and poll() is not None:
            raise RuntimeError(f"the peer exited before listening on port {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout_s:g}s")


def executable(path: Path, name: str) -> Path | None:
    if path.is_file() and os.access(path, os.X_OK):
        return path
    found = shutil.which(name)
    return Path(found) if found else None
