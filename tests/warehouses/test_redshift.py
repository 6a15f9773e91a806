"""Redshift adapter against PostgreSQL 15 behind pgbouncer, with the real redshift-connector.

Timeout (``SET statement_timeout``), cancel (``pg_cancel_backend`` from a second
connection), CTAS and catalog descriptions are real here. Sort and dist keys are
Redshift-only (the adapter's third catalog query fails harmlessly on PostgreSQL).
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.sources.base import ConnectError, QueryCancelled, QueryTimeout, adapter_for
from cdisql.sources.errors import translate
from cdisql.sources.store import add_source
from cdisql.sources.tunnel import SshTunnel, free_port


def test_statement_timeout_is_enforced_by_the_server(redshift_ready: Any) -> None:
    adapter = adapter_for(redshift_ready.source)
    adapter.connect()
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="57014"):
            adapter.execute("SELECT pg_sleep(10)", timeout_s=1)
        assert time.monotonic() - started < 2  # the server stopped it, not the watchdog
        assert "SET statement_timeout = 1000" in adapter.sent  # type: ignore[attr-defined]
    finally:
        adapter.close()


def test_cancel_from_another_thread_uses_a_second_connection(redshift_ready: Any) -> None:
    adapter = adapter_for(redshift_ready.source)
    adapter.connect()
    try:
        threading.Timer(0.5, adapter.cancel).start()
        started = time.monotonic()
        with pytest.raises(QueryCancelled):
            adapter.execute("SELECT pg_sleep(20)", timeout_s=60)
        assert time.monotonic() - started < 3
        assert any(s.startswith("SELECT pg_cancel_backend(") for s in adapter.sent)  # type: ignore[attr-defined]
        # the connection is still usable afterwards
        rows = [r for b in adapter.fetch("SELECT 1", timeout_s=10) for r in b.rows]
        assert rows == [(1,)]
    finally:
        adapter.close()


def test_catalog_has_table_and_column_descriptions(redshift_ready: Any) -> None:
    adapter = adapter_for(redshift_ready.source)
    adapter.connect()
    try:
        catalog = adapter.discover_catalog()
    finally:
        adapter.close()
    table = catalog.resolve("cdisql_contract_users")
    assert table is not None and table.description == "contract suite users"
    columns = {c.name: c for c in table.columns}
    assert columns["external_id"].description == "Braze external id"
    assert columns["n"].nullable is False and columns["n"].type == "integer"
    assert catalog.resolve("contract_view") is not None


def test_estimate_shows_the_planners_rows(redshift_ready: Any, tmp_path: Path) -> None:
    add_source(redshift_ready.source.with_changes(name="rs-est"))
    segment = tmp_path / "s.sql"
    segment.write_text("SELECT external_id AS external_user_id FROM cdisql_contract_users")
    result = CliRunner().invoke(cli, ["estimate", str(segment), "--source", "rs-est", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "EXPLAIN" and data["rows"] and data["rows"] > 0
    assert any("Seq Scan" in line for line in data["plan"])


def test_estimate_refuses_an_unsafe_statement_before_connecting(
    redshift_ready: Any, tmp_path: Path
) -> None:
    add_source(redshift_ready.source.with_changes(name="rs-est2"))
    segment = tmp_path / "s.sql"
    segment.write_text("DELETE FROM cdisql_contract_users")
    result = CliRunner().invoke(cli, ["estimate", str(segment), "--source", "rs-est2"])
    assert result.exit_code == 1 and "refused before anything was sent" in result.output


def test_wrong_password_is_an_actionable_connect_error(
    redshift_ready: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.redshift_peer import PASSWORD_ENV

    monkeypatch.setenv(PASSWORD_ENV, "not-the-password")
    with pytest.raises(ConnectError, match="refused the user name or password") as caught:
        adapter_for(redshift_ready.source).connect()
    assert caught.value.hint and "password_env" in caught.value.hint


def test_unreachable_cluster_points_at_the_firewall(redshift_ready: Any) -> None:
    closed = free_port()
    source = redshift_ready.source.with_changes(
        settings={**redshift_ready.source.settings, "port": closed}
    )
    with pytest.raises(ConnectError) as caught:
        adapter_for(source).connect()
    assert "5439" in str(caught.value) and "egress" in str(caught.value)


def test_tunnel_command_and_a_failing_tunnel(tmp_path: Path) -> None:
    if shutil.which("ssh") is None:
        pytest.skip("no OpenSSH client on this machine")
    key = tmp_path / "k"
    key.write_text("x")
    key.chmod(0o600)
    tunnel = SshTunnel(
        "127.0.0.1",
        "tunnel",
        key,
        "cluster.internal",
        5439,
        ssh_port=free_port(),
        connect_timeout_s=3,
    )
    tunnel.local_port = 15439
    command = tunnel.command()
    assert command[:4] == ["ssh", "-N", "-L", "127.0.0.1:15439:cluster.internal:5439"]
    assert "BatchMode=yes" in command and "StrictHostKeyChecking=accept-new" in command
    tunnel.local_port = 0
    with pytest.raises(ConnectError, match="ssh: the tunnel") as caught:
        tunnel.open()
    assert caught.value.hint and "authorized_keys" in caught.value.hint


def test_redshift_error_fields_are_read_from_the_driver() -> None:
    error = RuntimeError({"S": "ERROR", "C": "42501", "M": "permission denied for schema cdi"})
    translated = translate("redshift", error)
    assert "lacks a privilege" in str(translated) and "permission denied for schema cdi" in str(
        translated
    )
