"""`cdisql setup-sql`: complete, parseable setup with every grant the docs list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlglot
from click.testing import CliRunner
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from cdisql.cli import cli
from cdisql.sources.setup_sql import EGRESS_IPS, SetupOptions, setup_sql

KINDS = ("snowflake", "redshift", "bigquery", "databricks")

# the grants of the connected-sources documentation (reference/connected-sources.fr.md),
# with its example names; test_documented_grants_match_the_reference re-reads the page
SNOWFLAKE_DOC_GRANTS = (
    "GRANT USAGE ON DATABASE BRAZE_CLOUD_PRODUCTION TO ROLE BRAZE_INGESTION_ROLE",
    "GRANT USAGE ON SCHEMA BRAZE_CLOUD_PRODUCTION.INGESTION TO ROLE BRAZE_INGESTION_ROLE",
    "GRANT CREATE TABLE ON SCHEMA BRAZE_CLOUD_PRODUCTION.INGESTION TO ROLE BRAZE_INGESTION_ROLE",
    "GRANT SELECT ON ALL TABLES IN SCHEMA BRAZE_CLOUD_PRODUCTION.INGESTION TO ROLE BRAZE_INGESTION_ROLE",
    "GRANT SELECT ON FUTURE TABLES IN SCHEMA BRAZE_CLOUD_PRODUCTION.INGESTION TO ROLE BRAZE_INGESTION_ROLE",
    "GRANT USAGE ON WAREHOUSE BRAZE_INGESTION_WAREHOUSE TO ROLE BRAZE_INGESTION_ROLE",
    "GRANT ROLE BRAZE_INGESTION_ROLE TO USER BRAZE_INGESTION_USER",
)
SNOWFLAKE_DOC_TABLE_GRANT = "GRANT SELECT ON TABLE BRAZE_CLOUD_PRODUCTION.INGESTION.USERS_ATTRIBUTES_SYNC TO ROLE BRAZE_INGESTION_ROLE"
# Redshift names a schema without its database in GRANT … ON SCHEMA
REDSHIFT_DOC_GRANTS = (
    "GRANT USAGE ON SCHEMA INGESTION TO braze_user",
    "GRANT CREATE ON SCHEMA INGESTION TO braze_user",
)
REDSHIFT_DOC_TABLE_GRANT = "GRANT SELECT ON TABLE INGESTION.USERS_ATTRIBUTES_SYNC TO braze_user"
BIGQUERY_DOC_ROLES = (
    "roles/bigquery.connectionUser",
    "roles/bigquery.user",
    "roles/bigquery.dataViewer",
    "roles/bigquery.jobUser",
)


def _norm(sql: str) -> str:
    return re.sub(r"\s+", " ", sql.strip().rstrip(";")).upper()


def _statements(text: str) -> set[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return {_norm(s) for s in body.split(";") if s.strip()}


@pytest.mark.parametrize("region", ["US", "EU"])
@pytest.mark.parametrize("kind", KINDS)
def test_setup_sql_parses_in_the_warehouse_dialect(kind: str, region: str) -> None:
    text = setup_sql(kind, SetupOptions(region=region))
    parsed = [
        e
        for e in sqlglot.parse(text, read=kind, error_level=ErrorLevel.RAISE)
        if e is not None and not isinstance(e, exp.Semicolon)  # trailing comments
    ]
    assert len(parsed) == len(_statements(text)) >= 2
    grants = [
        e for e in parsed if isinstance(e, exp.Grant) or e.sql(kind).upper().startswith("GRANT")
    ]
    assert grants, "no GRANT statement"


@pytest.mark.parametrize("kind", KINDS)
def test_setup_sql_allows_exactly_the_regions_egress_ips(kind: str) -> None:
    us, eu = setup_sql(kind, SetupOptions(region="US")), setup_sql(kind, SetupOptions(region="EU"))
    assert all(ip in us for ip in EGRESS_IPS["US"]) and not any(ip in us for ip in EGRESS_IPS["EU"])
    assert all(ip in eu for ip in EGRESS_IPS["EU"]) and not any(ip in eu for ip in EGRESS_IPS["US"])
    assert len(EGRESS_IPS["US"]) == 8 and len(EGRESS_IPS["EU"]) == 9


def test_snowflake_setup_has_every_documented_grant_and_auto_resume() -> None:
    text = setup_sql("snowflake")
    statements = _statements(text)
    for grant in SNOWFLAKE_DOC_GRANTS:
        assert _norm(grant) in statements, grant
    assert "AUTO_RESUME = TRUE" in text and "OPERATE" in text
    assert "CREATE NETWORK POLICY" in text and "RSA_PUBLIC_KEY" in text
    specific = _statements(setup_sql("snowflake", SetupOptions(tables=("USERS_ATTRIBUTES_SYNC",))))
    assert _norm(SNOWFLAKE_DOC_TABLE_GRANT) in specific


def test_redshift_setup_has_every_documented_grant_and_firewall_rules() -> None:
    text = setup_sql("redshift")
    statements = _statements(text)
    for grant in REDSHIFT_DOC_GRANTS:
        assert _norm(grant) in statements, grant
    assert any(s.startswith("CREATE USER BRAZE_USER PASSWORD") for s in statements)
    assert "ALTER DEFAULT PRIVILEGES" in text  # future tables
    assert "--port 5439" in text and "authorized_keys" in text
    specific = _statements(setup_sql("redshift", SetupOptions(tables=("USERS_ATTRIBUTES_SYNC",))))
    assert _norm(REDSHIFT_DOC_TABLE_GRANT) in specific


def test_bigquery_setup_has_every_documented_role_and_table_create() -> None:
    text = setup_sql(
        "bigquery",
        SetupOptions(database="acme", schema="cdi", user="sa@acme.iam.gserviceaccount.com"),
    )
    for role in BIGQUERY_DOC_ROLES:
        assert role in text, role
    assert "bigquery.tables.create" in text
    assert "GRANT `roles/bigquery.dataViewer` ON SCHEMA `acme`.`cdi`" in text


def test_databricks_setup_grants_and_token_steps() -> None:
    text = setup_sql("databricks", SetupOptions(database="main", schema="cdi", user="svc@acme.com"))
    statements = _statements(text)
    for grant in (
        "GRANT USE CATALOG ON CATALOG `main` TO `svc@acme.com`",
        "GRANT USE SCHEMA ON SCHEMA `main`.`cdi` TO `svc@acme.com`",
        "GRANT CREATE TABLE ON SCHEMA `main`.`cdi` TO `svc@acme.com`",
        "GRANT SELECT ON SCHEMA `main`.`cdi` TO `svc@acme.com`",
    ):
        assert _norm(grant) in statements, grant
    assert "Access tokens" in text and "no expiry" in text and "ip-access-lists" in text


def test_documented_grants_match_the_reference() -> None:
    """The grant lists above are the reference page's own (when shared/ is beside the repo)."""
    page = Path(__file__).resolve().parents[3] / "shared" / "reference" / "connected-sources.fr.md"
    if not page.exists():
        pytest.skip("the shared reference page is not beside this checkout")
    documented = {
        _norm(line)
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.strip().upper().startswith("GRANT")
    }
    snowflake = {g for g in documented if "ROLE BRAZE_INGESTION_ROLE" in g}
    assert snowflake == {_norm(g) for g in (*SNOWFLAKE_DOC_GRANTS, SNOWFLAKE_DOC_TABLE_GRANT)}
    redshift = {g for g in documented if g.endswith("BRAZE_USER")}
    assert {g.split(" ON ")[0] for g in redshift} == {"GRANT USAGE", "GRANT CREATE", "GRANT SELECT"}


def test_setup_sql_cli_prints_the_setup_with_options() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "setup-sql",
            "snowflake",
            "--database",
            "ANALYTICS",
            "--schema",
            "CDI",
            "--role",
            "CDI_ROLE",
            "--user",
            "CDI_USER",
            "--warehouse",
            "CDI_WH",
            "--region",
            "eu",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "GRANT CREATE TABLE ON SCHEMA ANALYTICS.CDI TO ROLE CDI_ROLE;" in result.output
    assert "3.70.107.88" in result.output and "23.21.118.191" not in result.output
