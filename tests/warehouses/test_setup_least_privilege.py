"""`cdisql setup-sql`: least-privilege BigQuery (a scratch dataset for build tables),
valid commands (parsed here as a shell would), names from `--source`, no literal password."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.sources.model import Source
from cdisql.sources.setup_sql import EGRESS_IPS, SetupOptions, generated_password, setup_sql
from cdisql.sources.store import add_source

SA = "braze-cdi@acme.iam.gserviceaccount.com"


def _commands(text: str) -> list[list[str]]:
    """The shell commands in the setup's comments, split as a shell would split them."""
    out = []
    for line in text.splitlines():
        if re.match(r"--   \S", line):  # a command; prose goes on with four spaces
            words = shlex.split(line[2:], comments=True)
            if words:
                out.append(words)
    return out


def _flags(words: list[str]) -> dict[str, str]:
    return dict(w[2:].split("=", 1) for w in words if w.startswith("--") and "=" in w)


def _grants(text: str) -> list[tuple[str, str, str, str]]:
    """(role, SCHEMA|TABLE, object, grantee) of each BigQuery GRANT statement."""
    pattern = r"^GRANT `([^`]+)` ON (SCHEMA|TABLE) ((?:`[^`]+`\.?)+) TO \"([^\"]+)\";$"
    found = [re.match(pattern, line) for line in text.splitlines() if line.startswith("GRANT")]
    assert all(found), text
    return [(m.group(1), m.group(2), m.group(3).replace("`", ""), m.group(4)) for m in found if m]


def _bigquery(**options: object) -> str:
    given = {"database": "acme", "schema": "cdi", "user": SA, **options}
    return setup_sql("bigquery", SetupOptions(**given))  # type: ignore[arg-type]


def test_bigquery_reads_the_source_dataset_and_edits_only_the_scratch_one() -> None:
    text = _bigquery()
    assert _grants(text) == [
        ("roles/bigquery.dataViewer", "SCHEMA", "acme.cdi", f"serviceAccount:{SA}"),
        ("roles/bigquery.dataEditor", "SCHEMA", "acme.cdi_cdisql_builds", f"serviceAccount:{SA}"),
    ]
    project_roles = [
        _flags(w)["role"]
        for w in _commands(text)
        if w[:3] == ["gcloud", "projects", "add-iam-policy-binding"]
    ]
    assert project_roles == [
        "roles/bigquery.connectionUser",
        "roles/bigquery.user",
        "roles/bigquery.jobUser",
    ]
    for words in _commands(text):
        if words[:3] == ["gcloud", "projects", "add-iam-policy-binding"]:
            assert words[3] == "acme" and _flags(words)["member"] == f"serviceAccount:{SA}"


def test_with_tables_the_reads_are_per_table_and_never_dataset_wide() -> None:
    grants = _grants(_bigquery(tables=("users", "events")))
    assert grants == [
        ("roles/bigquery.dataViewer", "TABLE", "acme.cdi.users", f"serviceAccount:{SA}"),
        ("roles/bigquery.dataViewer", "TABLE", "acme.cdi.events", f"serviceAccount:{SA}"),
        ("roles/bigquery.dataEditor", "SCHEMA", "acme.cdi_cdisql_builds", f"serviceAccount:{SA}"),
    ]


def test_the_scratch_dataset_is_created_with_a_table_expiration() -> None:
    text = _bigquery(scratch_dataset="cdi_scratch", scratch_expiration_hours=6, location="EU")
    (mk,) = [w for w in _commands(text) if w[0] == "bq"]
    assert mk[:3] == ["bq", "--location=EU", "mk"] and "--dataset" in mk
    assert _flags(mk)["default_table_expiration"] == str(6 * 3600)
    assert mk[-1] == "acme:cdi_scratch"
    editors = [g for g in _grants(text) if g[0] == "roles/bigquery.dataEditor"]
    assert [g[2] for g in editors] == ["acme.cdi_scratch"]
    assert "1 day" not in text and "6 hours" in text
    default = next(w for w in _commands(_bigquery()) if w[0] == "bq")
    assert _flags(default)["default_table_expiration"] == "86400"


@pytest.mark.parametrize("region", ["US", "EU"])
def test_the_access_level_file_is_a_list_of_conditions(region: str) -> None:
    text = _bigquery(region=region)
    (echo,) = [w for w in _commands(text) if w[0] == "echo"]
    assert echo[-2:] == [">", "braze_cdi_level.yaml"]
    conditions = json.loads(echo[1])  # JSON is YAML: gcloud reads it as a list of conditions
    assert conditions == [{"ipSubnetworks": [f"{ip}/32" for ip in EGRESS_IPS[region]]}]
    (create,) = [
        w for w in _commands(text) if w[:3] == ["gcloud", "access-context-manager", "levels"]
    ]
    assert _flags(create)["basic-level-spec"] == "braze_cdi_level.yaml"


def test_the_redshift_password_is_never_a_literal() -> None:
    first, second = setup_sql("redshift"), setup_sql("redshift")
    assert "Choose-a-Strong-Passw0rd" not in first
    (create,) = [line for line in first.splitlines() if line.startswith("CREATE USER")]
    password = re.search(r"PASSWORD '([^']+)'", create)
    assert password is not None and password.group(1) not in second  # generated each time
    value = password.group(1)
    assert len(value) >= 8 and any(c.isupper() for c in value) and any(c.isdigit() for c in value)
    assert all(generated_password() != generated_password() for _ in range(3))


def test_with_a_password_variable_the_setup_refers_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RS_PASSWORD", "Sup3r-Secret-Value")
    text = setup_sql("redshift", SetupOptions(password_env="RS_PASSWORD"))
    assert "Sup3r-Secret-Value" not in text
    (create,) = [line for line in text.splitlines() if line.startswith("CREATE USER")]
    assert create == "CREATE USER braze_user PASSWORD :'password';"
    (psql,) = [w for w in _commands(text) if w[0] == "psql"]
    assert psql[:3] == ["psql", "-v", "password=$RS_PASSWORD"] and psql[-2:] == ["-f", "setup.sql"]


def test_setup_sql_takes_the_names_from_the_source(tmp_path: Path) -> None:
    add_source(
        Source(
            "prod",
            "snowflake",
            "CDI",
            database="ANALYTICS",
            settings={
                "account": "acme",
                "user": "CDI_USER",
                "role": "CDI_ROLE",
                "warehouse": "CDI_WH",
            },
        )
    )
    result = CliRunner().invoke(cli, ["setup-sql", "--source", "prod", "--region", "EU"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "GRANT CREATE TABLE ON SCHEMA ANALYTICS.CDI TO ROLE CDI_ROLE;" in out
    assert "GRANT USAGE ON WAREHOUSE CDI_WH TO ROLE CDI_ROLE;" in out
    assert "GRANT ROLE CDI_ROLE TO USER CDI_USER;" in out
    assert "BRAZE_INGESTION" not in out and "3.70.107.88" in out
    override = CliRunner().invoke(cli, ["setup-sql", "--source", "prod", "--role", "OTHER"])
    assert "TO ROLE OTHER;" in override.output and "CDI_ROLE" not in override.output
    wrong = CliRunner().invoke(cli, ["setup-sql", "redshift", "--source", "prod"])
    assert wrong.exit_code != 0 and "is a snowflake source" in wrong.output


def test_setup_sql_for_a_bigquery_source_names_its_service_account_and_scratch(
    tmp_path: Path,
) -> None:
    key = tmp_path / "key.json"
    key.write_text(json.dumps({"type": "service_account", "client_email": SA, "private_key": "x"}))
    key.chmod(0o600)
    add_source(
        Source(
            "bq",
            "bigquery",
            "cdi",
            database="acme",
            settings={"credentials_file": str(key), "scratch_dataset": "cdi_tmp", "location": "EU"},
        )
    )
    result = CliRunner().invoke(cli, ["setup-sql", "--source", "bq"])
    assert result.exit_code == 0, result.output
    assert _grants(result.output)[-1] == (
        "roles/bigquery.dataEditor",
        "SCHEMA",
        "acme.cdi_tmp",
        f"serviceAccount:{SA}",
    )
    (mk,) = [w for w in _commands(result.output) if w[0] == "bq"]
    assert mk[1] == "--location=EU" and mk[-1] == "acme:cdi_tmp"
    assert '"x"' not in result.output


def test_setup_sql_for_a_redshift_source_refers_to_its_password_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RS_PW", "An0ther-Secret")
    add_source(
        Source(
            "rs",
            "redshift",
            "cdi",
            database="dev",
            settings={"host": "h", "user": "braze_user", "password_env": "RS_PW", "port": 5440},
        )
    )
    result = CliRunner().invoke(cli, ["setup-sql", "--source", "rs"])
    assert result.exit_code == 0, result.output
    assert "An0ther-Secret" not in result.output and 'password="$RS_PW"' in result.output
    assert (
        "--port 5440" in result.output
        and "GRANT USAGE ON SCHEMA cdi TO braze_user;" in result.output
    )
