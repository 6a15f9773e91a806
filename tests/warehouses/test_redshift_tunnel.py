"""The Redshift SSH tunnel through a real OpenSSH bastion on 127.0.0.1, with the key
`cdisql keys generate` creates, to PostgreSQL behind pgbouncer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.sources.base import ConnectError, adapter_for
from cdisql.sources.store import add_source, get_source


def _tunnel_source(redshift_ready: Any, ssh_bastion: Any, tmp_path: Path) -> Any:
    settings = {
        **redshift_ready.source.settings,
        "ssh_host": "127.0.0.1",
        "ssh_port": ssh_bastion.port,
        "ssh_user": ssh_bastion.user,
        "ssh_known_hosts_file": str(tmp_path / "known_hosts"),
    }
    return add_source(redshift_ready.source.with_changes(name="rs-tunnel", settings=settings))


def test_generated_key_opens_the_tunnel_and_the_source_connects_through_it(
    redshift_ready: Any, ssh_bastion: Any, tmp_path: Path
) -> None:
    _tunnel_source(redshift_ready, ssh_bastion, tmp_path)
    generated = CliRunner().invoke(cli, ["keys", "generate", "rs-tunnel", "--json"])
    assert generated.exit_code == 0, generated.output
    line = json.loads(generated.stdout)["authorized_keys_line"]
    assert line.startswith("ssh-rsa ")

    # before the key is on the bastion: an actionable error
    with pytest.raises(ConnectError, match="ssh: the tunnel") as refused:
        adapter_for(get_source("rs-tunnel")).connect()
    assert refused.value.hint and "authorized_keys" in refused.value.hint

    ssh_bastion.authorized_keys.write_text(line + "\n")
    tested = CliRunner().invoke(cli, ["sources", "test", "rs-tunnel", "--json"])
    assert tested.exit_code == 0, tested.output
    assert json.loads(tested.stdout)["ok"] is True

    adapter = adapter_for(get_source("rs-tunnel"))
    adapter.connect()
    tunnel = adapter._tunnel  # type: ignore[attr-defined]
    try:
        assert tunnel is not None and tunnel.local_port != redshift_ready.source.settings["port"]
        rows = [
            r
            for b in adapter.fetch("SELECT count(*) FROM cdisql_contract_users", timeout_s=30)
            for r in b.rows
        ]
        assert rows == [(250,)]
    finally:
        adapter.close()
    assert tunnel._process is None  # closing the source closes the tunnel
    assert (tmp_path / "known_hosts").exists()  # the bastion's host key, kept apart
