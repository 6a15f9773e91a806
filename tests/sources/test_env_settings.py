"""``--password-env`` and every ``*_env`` setting name a variable: a pasted secret is refused,
never echoed and never stored."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cdisql import paths
from cdisql.cli import cli
from cdisql.sources.base import ConnectError
from cdisql.sources.credentials import env_secret

PASTED = "Hunter2!pw"


@pytest.mark.parametrize("flag", [["--password-env", PASTED], ["--set", f"password_env={PASTED}"]])
def test_a_secret_given_as_a_variable_name_is_refused_without_echo(flag: list[str]) -> None:
    args = ["sources", "add", "rs", "--type", "redshift", "--schema", "public"]
    args += ["--host", "h", "--database", "db", "--user", "u", *flag]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "must be the NAME of an environment variable" in result.output
    assert PASTED not in result.output
    store = paths.sources_file()
    assert not store.exists() or PASTED not in store.read_text()


def test_a_valid_name_is_stored() -> None:
    args = ["sources", "add", "rs", "--type", "redshift", "--schema", "public"]
    args += ["--host", "h", "--database", "db", "--user", "u", "--password-env", "RS_PW"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert '"password_env": "RS_PW"' in paths.sources_file().read_text()


def test_a_bad_name_stored_by_an_older_version_is_not_echoed_at_connect() -> None:
    with pytest.raises(ConnectError) as caught:
        env_secret(PASTED, what="Redshift password", setting_name="password_env")
    assert PASTED not in str(caught.value) and "NAME of an environment variable" in str(
        caught.value
    )
