"""No secret (password, token, private key, key passphrase) in any log, error or --json.

Every warehouse is driven through the CLI's JSON faces (``sources test``, ``preview``,
``build``, ``estimate``) and the adapters directly, once with good and once with bad
credentials, with every logger (cdisql's and the drivers') recording at DEBUG. Then
the secrets are looked for in the log records, the exception messages and the output.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from warehouses_support import TOKEN_SERVER_TOKEN, service_account_file

from cdisql.cli import cli
from cdisql.sources.base import WarehouseError, adapter_for
from cdisql.sources.errors import scrub, translate
from cdisql.sources.model import Source, SourceState
from cdisql.sources.store import add_source


def _segment(tmp_path: Path) -> str:
    path = tmp_path / "segment.sql"
    path.write_text("SELECT external_id AS external_user_id FROM cdisql_contract_users\n")
    return str(path)


def _run_faces(name: str, segment: str, *, estimate: bool = True) -> str:
    """Everything the CLI prints for one source, JSON faces included."""
    runner = CliRunner()
    out = []
    commands = [
        ["sources", "test", name, "--json"],
        ["preview", segment, "--source", name, "--json"],
        ["build", segment, "--source", name, "--json"],
    ]
    if estimate:
        commands.append(["estimate", segment, "--source", name, "--json"])
    for args in commands:
        result = runner.invoke(cli, args)
        out.append(result.output)
        if result.exception and not isinstance(result.exception, SystemExit):
            out.append(repr(result.exception))
    return "\n".join(out)


def _variants(secret: str) -> list[str]:
    """The secret, and the forms it could leak in (base64, single lines of a PEM)."""
    found = [secret]
    if "PRIVATE KEY" in secret:
        found += [line for line in secret.splitlines() if len(line) > 40]
    return found


def _assert_clean(secrets: list[str], *texts: str) -> None:
    for secret in secrets:
        for variant in _variants(secret):
            for text in texts:
                assert variant not in text, f"a secret leaked: …{variant[:12]}…"


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    for name in ("snowflake", "redshift_connector", "google", "urllib3", "databricks", "cdisql"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield caplog


def test_scrub_removes_known_values_and_secret_shaped_text() -> None:
    text = (
        "login failed for password=hunter22 token: dapi0123456789abcdef0123456789abcdef "
        "Authorization: Bearer ya29.a0AfH6SMB -----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY----- "
        "jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl and my-own-secret-value"
    )
    clean = scrub(text, ["my-own-secret-value"])
    for secret in ("hunter22", "dapi0123", "ya29.a0", "MIIEv", "eyJhbGci", "my-own-secret-value"):
        assert secret not in clean
    assert "password=***" in clean


def test_translated_errors_never_repeat_the_secret() -> None:
    secret = "S3cr3t-Pa55"
    error = RuntimeError(
        f"connect failed: user=braze password='{secret}' host=x (password authentication failed)"
    )
    translated = translate("redshift", error, secrets=[secret])
    assert secret not in str(translated)
    assert "refused the user name or password" in str(translated)


# -- Redshift: password ----------------------------------------------------------------------
def test_redshift_password_never_leaks(
    redshift_ready: Any, all_logs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.redshift_peer import PASSWORD, PASSWORD_ENV

    source = add_source(redshift_ready.source.with_changes(name="rs-good"))
    output = _run_faces("rs-good", _segment(tmp_path))
    assert '"ok": true' in output
    # a wrong password: the driver's error, translated
    monkeypatch.setenv("RS_WRONG", "Wr0ng-Password-42")
    bad = source.with_changes(
        name="rs-bad", settings={**source.settings, "password_env": "RS_WRONG"}
    )
    errors = []
    adapter = adapter_for(bad)
    with pytest.raises(WarehouseError) as caught:
        adapter.connect()
    errors.append(str(caught.value))
    assert "password" in str(caught.value)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    _assert_clean([PASSWORD, "Wr0ng-Password-42"], output, all_logs.text, *errors)


# -- Snowflake: private key and its passphrase -----------------------------------------------
def test_snowflake_key_and_passphrase_never_leak(
    snowflake_ready: Any, all_logs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdisql.sources import keys

    passphrase = "Key-Passphrase-7f3a"
    monkeypatch.setenv("SF_PASSPHRASE", passphrase)
    key_file = tmp_path / "locked.p8"
    keys.generate_key_file(key_file, passphrase)
    settings = {
        **snowflake_ready.source.settings,
        "private_key_file": str(key_file),
        "private_key_passphrase_env": "SF_PASSPHRASE",
    }
    add_source(snowflake_ready.source.with_changes(name="sf-good", settings=settings))
    # fakesnow answers EXPLAIN with a server error the client retries forever: no estimate here
    output = _run_faces("sf-good", _segment(tmp_path), estimate=False)
    assert '"ok": true' in output
    pem = keys.private_key_pem(keys.load_private_key(key_file, passphrase)).decode()
    der_b64 = base64.b64encode(keys.private_key_der(key_file, passphrase)).decode()
    # a wrong passphrase and an unreadable key: the errors name the file, not the secrets
    monkeypatch.setenv("SF_PASSPHRASE", "not-the-passphrase")
    with pytest.raises(WarehouseError) as wrong:
        adapter_for(
            Source("sf-x", "snowflake", "CONTRACT", database="CDISQL", settings=settings)
        ).connect()
    assert "wrong passphrase" in str(wrong.value)
    _assert_clean(
        [passphrase, pem, der_b64, key_file.read_text()], output, all_logs.text, str(wrong.value)
    )


# -- BigQuery: service-account key and the access token it gets ------------------------------
def test_bigquery_key_and_token_never_leak(
    bigquery_ready: Any, all_logs: Any, tmp_path: Path, token_endpoint: str
) -> None:
    key_file = tmp_path / "sa.json"
    info = service_account_file(key_file, token_endpoint)
    settings = {**bigquery_ready.source.settings, "credentials_file": str(key_file)}
    add_source(bigquery_ready.source.with_changes(name="bq-good", settings=settings))
    output = _run_faces("bq-good", _segment(tmp_path))
    assert '"ok": true' in output and '"bytes_processed"' in output
    key_file.chmod(0o644)
    with pytest.raises(WarehouseError) as loose:
        adapter_for(bigquery_ready.source.with_changes(settings=settings)).connect()
    assert "chmod 600" in str(loose.value)
    _assert_clean(
        [info["private_key"], info["private_key_id"], TOKEN_SERVER_TOKEN],
        output,
        all_logs.text,
        str(loose.value),
    )


# -- Databricks: personal access token ---------------------------------------------------------
def test_databricks_token_never_leaks(
    databricks_ready: Any, all_logs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.databricks_peer import TOKEN, TOKEN_ENV

    add_source(databricks_ready.source.with_changes(name="dbx-good", state=SourceState.DRAFT))
    output = _run_faces("dbx-good", _segment(tmp_path))
    assert '"ok": true' in output
    wrong = "dapi" + "f" * 32
    monkeypatch.setenv(TOKEN_ENV, wrong)
    with pytest.raises(WarehouseError) as refused:
        adapter_for(databricks_ready.source).connect()
    assert "access token" in str(refused.value)
    _assert_clean([TOKEN, wrong], output, all_logs.text, str(refused.value))
