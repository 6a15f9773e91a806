"""Key pairs: files, formats, and the Snowflake connector accepting them (against fakesnow)."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization

from cdisql.cli import cli
from cdisql.fileio import InsecureFileError
from cdisql.sources import keys
from cdisql.sources.model import Source
from cdisql.sources.store import add_source, get_source


def test_generated_key_is_rsa_2048_pkcs8_and_private(tmp_path: Path) -> None:
    path = tmp_path / "k.p8"
    public = keys.generate_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert text.startswith("-----BEGIN PRIVATE KEY-----")  # PKCS#8, unencrypted
    key = keys.load_private_key(path)
    assert key.key_size == 2048
    der = base64.b64decode(public.snowflake_body)
    assert (
        serialization.load_der_public_key(der).public_numbers() == key.public_key().public_numbers()
    )  # type: ignore[union-attr]
    assert public.snowflake_fingerprint.startswith("SHA256:")


def test_passphrase_encrypts_the_key_and_is_needed_to_read_it(tmp_path: Path) -> None:
    path = tmp_path / "k.p8"
    keys.generate_key_file(path, "correct horse battery staple")
    assert path.read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert keys.load_private_key(path, "correct horse battery staple").key_size == 2048
    with pytest.raises(keys.KeyFileError, match="encrypted"):
        keys.load_private_key(path)
    with pytest.raises(keys.KeyFileError) as wrong:
        keys.load_private_key(path, "wrong")
    assert "wrong" not in str(wrong.value).replace("wrong passphrase", "")


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.p8"
    keys.generate_key_file(path)
    path.chmod(0o644)
    with pytest.raises(InsecureFileError, match="chmod 600"):
        keys.load_private_key(path)


def test_openssh_line_is_an_authorized_keys_line(tmp_path: Path) -> None:
    public = keys.generate_key_file(tmp_path / "tunnel.pem")
    line = public.openssh_line("cdisql-rs")
    kind, body, comment = line.split(" ")
    assert kind == "ssh-rsa" and comment == "cdisql-rs"
    serialization.load_ssh_public_key(f"{kind} {body}".encode())


def test_snowflake_connector_logs_in_with_generated_keys(fakesnow: Any, tmp_path: Path) -> None:
    """DER bytes and key objects, plain and passphrase-protected, are accepted at login."""
    import snowflake.connector

    plain, locked = tmp_path / "plain.p8", tmp_path / "locked.p8"
    keys.generate_key_file(plain)
    keys.generate_key_file(locked, "s3cret-passphrase")
    for private_key in (
        keys.private_key_der(plain),
        keys.private_key_der(locked, "s3cret-passphrase"),
        keys.load_private_key(plain),
    ):
        conn = snowflake.connector.connect(
            account="fakesnow",
            user="BRAZE_INGESTION_USER",
            host="127.0.0.1",
            port=fakesnow.port,
            protocol="http",
            authenticator="SNOWFLAKE_JWT",
            private_key=private_key,
            session_parameters={"CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False},
        )
        try:
            cursor = conn.cursor()
            assert cursor.execute("SELECT 1").fetchone() == (1,)
        finally:
            conn.close()


def _snowflake_source(fakesnow: Any, tmp_path: Path) -> Source:
    settings = fakesnow.source_settings(tmp_path / "unused.p8")
    settings.pop("private_key_file")
    return add_source(Source("sf", "snowflake", "CONTRACT", database="CDISQL", settings=settings))


def test_keys_generate_records_the_key_and_the_source_connects(
    snowflake_ready: Any, fakesnow: Any, tmp_path: Path
) -> None:
    from cdisql.sources.base import adapter_for

    _snowflake_source(fakesnow, tmp_path)
    result = CliRunner().invoke(cli, ["keys", "generate", "sf"])
    assert result.exit_code == 0, result.output
    assert "ALTER USER BRAZE_INGESTION_USER SET RSA_PUBLIC_KEY = 'MII" in result.output
    source = get_source("sf")
    key_file = Path(source.settings["private_key_file"])
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text() not in result.output
    again = CliRunner().invoke(cli, ["keys", "generate", "sf"])
    assert again.exit_code == 2 and "keys rotate sf" in again.output
    adapter = adapter_for(source)
    adapter.connect()
    try:
        assert any(t.name.upper() == "CDISQL_CONTRACT_USERS" for t in adapter.list_tables())
    finally:
        adapter.close()


def test_keys_rotate_uses_the_second_slot_and_switches_only_when_proven(
    snowflake_ready: Any, fakesnow: Any, tmp_path: Path
) -> None:
    from cdisql.sources.base import ConnectError

    _snowflake_source(fakesnow, tmp_path)
    assert CliRunner().invoke(cli, ["keys", "generate", "sf"]).exit_code == 0
    first = get_source("sf").settings["private_key_file"]
    started = CliRunner().invoke(cli, ["keys", "rotate", "sf", "--json"])
    assert started.exit_code == 0, started.output
    data = json.loads(started.stdout)
    assert data["sql"][0].startswith("ALTER USER BRAZE_INGESTION_USER SET RSA_PUBLIC_KEY_2 = 'MII")
    pending = get_source("sf")
    assert pending.settings["private_key_file"] == first  # the old key stays in use
    assert Path(pending.settings["pending_private_key_file"]).exists()

    # a new key the warehouse refuses: nothing changes
    def refusing(source: Source) -> Any:
        class Refused:
            def connect(self) -> None:
                raise ConnectError("Snowflake refused the key pair: JWT token is invalid")

            def close(self) -> None:
                pass

        return Refused()

    with pytest.raises(ConnectError):
        keys.finish_rotation(pending, adapter_factory=refusing)
    assert get_source("sf").settings["private_key_file"] == first
    assert Path(first).exists()

    finished = CliRunner().invoke(cli, ["keys", "rotate", "sf", "--finish"])
    assert finished.exit_code == 0, finished.output
    assert "ALTER USER BRAZE_INGESTION_USER UNSET RSA_PUBLIC_KEY;" in finished.output
    after = get_source("sf")
    assert after.settings["private_key_file"] == pending.settings["pending_private_key_file"]
    assert after.settings["rsa_key_slot"] == 2 and "pending_private_key_file" not in after.settings
    assert not Path(first).exists()

    # the next rotation goes back to slot 1
    again = CliRunner().invoke(cli, ["keys", "rotate", "sf", "--json"])
    assert json.loads(again.stdout)["sql"][0].startswith(
        "ALTER USER BRAZE_INGESTION_USER SET RSA_PUBLIC_KEY = "
    )


def test_keys_generate_for_a_redshift_tunnel_prints_the_authorized_keys_line(
    tmp_path: Path,
) -> None:
    add_source(
        Source(
            "rs",
            "redshift",
            "cdi",
            database="dev",
            settings={
                "host": "cluster.example",
                "user": "u",
                "password_env": "X",
                "ssh_host": "bastion",
                "ssh_user": "tunnel",
            },
        )
    )
    result = CliRunner().invoke(cli, ["keys", "generate", "rs"])
    assert result.exit_code == 0, result.output
    assert "ssh-rsa AAAA" in result.output and "~tunnel/.ssh/authorized_keys" in result.output
    key_file = Path(get_source("rs").settings["ssh_key_file"])
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_keys_generate_refuses_a_bigquery_source() -> None:
    add_source(
        Source("bq", "bigquery", "ds", database="p", settings={"credentials_file": "/x.json"})
    )
    result = CliRunner().invoke(cli, ["keys", "generate", "bq"])
    assert result.exit_code == 2 and "Snowflake" in result.output


def test_passphrase_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, fakesnow: Any, tmp_path: Path
) -> None:
    _snowflake_source(fakesnow, tmp_path)
    monkeypatch.setenv("SF_KEY_PASSPHRASE", "pass-from-env-123")
    result = CliRunner().invoke(
        cli, ["keys", "generate", "sf", "--passphrase-env", "SF_KEY_PASSPHRASE"]
    )
    assert result.exit_code == 0, result.output
    settings = get_source("sf").settings
    assert settings["private_key_passphrase_env"] == "SF_KEY_PASSPHRASE"
    assert "pass-from-env-123" not in json.dumps(dict(settings)) + result.output
    assert keys.load_private_key(
        Path(settings["private_key_file"]), os.environ["SF_KEY_PASSPHRASE"]
    )
