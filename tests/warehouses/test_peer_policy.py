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
