"""`cdisql setup-sql`: complete, parseable setup with every grant the docs list."""

from __future__ import annotations

import re

import pytest
import sqlglot
from click.testing import CliRunner
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from cdisql.cli import cli
from cdisql.platform import platform_facts, raw_facts
from cdisql.sources.setup_sql import DEFAULTS, EGRESS_IPS, SetupOptions, setup_sql

KINDS = ("snowflake", "redshift", "bigquery", "databricks")

# what the platform's documentation grants, with its example names (data/platform.json)
GRANTS = platform_facts().grants
SNOWFLAKE_DOC_GRANTS = tuple(GRANTS["snowflake"]["documented"])
(SNOWFLAKE_DOC_TABLE_GRANT,) = GRANTS["snowflake"]["documented_for_one_table"]
# Redshift names a schema without its database in GRANT … ON SCHEMA (the setup connects
# to the database), and a table with its schema
_REDSHIFT = GRANTS["redshift"]
_REDSHIFT_DB = _REDSHIFT["names"]["database"] + "."
REDSHIFT_DOC_GRANTS = tuple(g.replace(_REDSHIFT_DB, "") for g in _REDSHIFT["documented"])
REDSHIFT_DOC_TABLE_GRANT = _REDSHIFT["documented_for_one_table"][0].replace(
    "ON TABLE ", f"ON TABLE {_REDSHIFT['names']['schema']}."
)
BIGQUERY_DOC_ROLES = tuple(GRANTS["bigquery"]["roles"])
BIGQUERY_DOC_PERMISSIONS = tuple(GRANTS["bigquery"]["permissions"])


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
    regions = platform_facts().regions
    assert {name: region.ips for name, region in regions.items()} == EGRESS_IPS
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
    for permission in BIGQUERY_DOC_PERMISSIONS:
        assert permission in text, permission
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
    for privilege in GRANTS["databricks"]["privileges"]:
        assert f"GRANT {privilege} ON SCHEMA `main`.`cdi`" in text, privilege
    assert "Access tokens" in text and "no expiry" in text and "ip-access-lists" in text


def test_every_platform_fact_names_its_source() -> None:
    """The data file says where each fact comes from, and the setup uses the doc's names."""
    data = raw_facts()
    for section in ("egress_ips", "max_runtime", "preview", "grants"):
        assert "documentation" in data[section]["source"], section
    for kind in ("snowflake", "redshift"):
        names = GRANTS[kind]["names"]
        defaults = DEFAULTS[kind]
        assert (defaults.database, defaults.schema, defaults.user) == (
            names["database"],
            names["schema"],
            names["user"],
        )


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
