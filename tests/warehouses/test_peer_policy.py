"""A missing local peer fails the tests under CI and only skips them elsewhere."""

from __future__ import annotations

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
