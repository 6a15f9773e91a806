"""The contract's "one column holding a STRING": the id's type through the whole query,
fixes that keep the audience, and sources that provably return one row."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cdisql.catalog import Catalog
from cdisql.lint import lint_text
from cdisql.lint.diagnostics import Diagnostic
from cdisql.lint.fixing import fix_text

CatalogFor = Callable[[str], Catalog]


def diagnostics(sql: str, dialect: str, code: str, catalog: Catalog | None) -> list[Diagnostic]:
    return [d for d in lint_text(sql, dialect, catalog=catalog).diagnostics if d.code == code]


def not_string(sql: str, dialect: str, catalog: Catalog | None) -> list[str]:
    """The message of each CDI104 the user sees."""
    return [d.message for d in diagnostics(sql, dialect, "CDI104", catalog)]


# -- CDI104: the id's type, through CTEs, set operations, derived tables and USING ---------
@pytest.mark.parametrize(
    ("dialect", "sql", "named"),
    [
        # semi-structured values without a cast
        ("snowflake", "SELECT traits AS external_user_id FROM profiles", "VARIANT"),
        ("snowflake", "SELECT p.traits:braze_id AS external_user_id FROM profiles p", "VARIANT"),
        ("snowflake", "SELECT address AS external_user_id FROM profiles", "OBJECT"),
        ("redshift", "SELECT traits AS external_user_id FROM profiles", "SUPER"),
        ("redshift", "SELECT p.traits.braze_id AS external_user_id FROM profiles p", "SUPER"),
        ("bigquery", "SELECT traits AS external_user_id FROM profiles", "JSON"),
        ("bigquery", "SELECT TO_JSON(external_id) AS external_user_id FROM profiles", "JSON"),
        ("databricks", "SELECT payload AS external_user_id FROM profiles", "VARIANT"),
        ("databricks", "SELECT p.payload:braze_id AS external_user_id FROM profiles p", "VARIANT"),
        ("duckdb", "SELECT traits AS external_user_id FROM profiles", "JSON"),
        # arrays, records, maps
        ("snowflake", "SELECT device_ids AS external_user_id FROM profiles", "ARRAY"),
        ("snowflake", "SELECT ARRAY_AGG(external_id) AS external_user_id FROM users", "ARRAY"),
        (
            "snowflake",
            "SELECT OBJECT_CONSTRUCT('id', external_id) AS external_user_id FROM users",
            "OBJECT",
        ),
        ("bigquery", "SELECT address AS external_user_id FROM profiles", "STRUCT"),
        ("bigquery", "SELECT p.address.legacy_id AS external_user_id FROM profiles p", "INT64"),
        ("databricks", "SELECT traits AS external_user_id FROM profiles", "MAP"),
        ("databricks", "SELECT collect_set(external_id) AS external_user_id FROM users", "ARRAY"),
        ("databricks", "SELECT address.legacy_id AS external_user_id FROM profiles", "BIGINT"),
        ("duckdb", "SELECT list(external_id) AS external_user_id FROM users", "[]"),
        # geography and bytes
        ("snowflake", "SELECT home AS external_user_id FROM profiles", "GEOGRAPHY"),
        ("redshift", "SELECT email_sha AS external_user_id FROM profiles", "VARBYTE"),
        ("bigquery", "SELECT SHA256(email) AS external_user_id FROM users", "BYTES"),
        ("databricks", "SELECT email_sha AS external_user_id FROM profiles", "BINARY"),
        # timestamps from DATE_TRUNC
        ("snowflake", "SELECT DATE_TRUNC('day', updated_at) AS external_user_id FROM users", ""),
        ("redshift", "SELECT DATE_TRUNC('day', updated_at) AS external_user_id FROM users", ""),
        ("databricks", "SELECT date_trunc('DAY', updated_at) AS external_user_id FROM users", ""),
        ("bigquery", "SELECT DATE_TRUNC(updated_at, DAY) AS external_user_id FROM users", ""),
        # numbers reached through USING, a UNION inside a CTE, a derived table, a star
        (
            "snowflake",
            "SELECT user_id AS external_user_id FROM users JOIN orders USING (user_id)",
            "DECIMAL(38, 0)",
        ),
        (
            "bigquery",
            "SELECT user_id AS external_user_id FROM users JOIN orders USING (user_id)",
            "INT64",
        ),
        (
            "redshift",
            "WITH ids AS (SELECT user_id FROM users UNION SELECT user_id FROM orders) "
            "SELECT user_id AS external_user_id FROM ids",
            "BIGINT",
        ),
        (
            "databricks",
            "SELECT d.id AS external_user_id FROM (SELECT o.user_id AS id FROM orders o) d",
            "BIGINT",
        ),
        (
            "snowflake",
            "WITH u AS (SELECT * FROM users) SELECT user_id AS external_user_id FROM u",
            "DECIMAL(38, 0)",
        ),
    ],
)
def test_ids_that_are_not_strings_are_reported_with_their_type(
    dialect: str, sql: str, named: str, catalog_for: CatalogFor
) -> None:
    (message,) = not_string(sql, dialect, catalog_for(dialect))
    assert message.startswith("external_user_id is ")
    assert named in message


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        # casts and string functions
        ("snowflake", "SELECT CAST(traits AS STRING) AS external_user_id FROM profiles"),
        ("snowflake", "SELECT p.traits:braze_id::varchar AS external_user_id FROM profiles p"),
        ("snowflake", "SELECT TO_VARCHAR(user_id) AS external_user_id FROM users"),
        ("snowflake", "SELECT TO_JSON(traits) AS external_user_id FROM profiles"),
        ("snowflake", "SELECT CONCAT('u-', user_id) AS external_user_id FROM users"),
        ("snowflake", "SELECT HEX_ENCODE(email_sha) AS external_user_id FROM profiles"),
        ("redshift", "SELECT user_id::varchar(32) AS external_user_id FROM users"),
        ("redshift", "SELECT CAST(user_id AS TEXT) AS external_user_id FROM users"),
        ("redshift", "SELECT JSON_SERIALIZE(traits) AS external_user_id FROM profiles"),
        ("bigquery", "SELECT TO_JSON_STRING(address) AS external_user_id FROM profiles"),
        ("bigquery", "SELECT FORMAT('%d', user_id) AS external_user_id FROM users"),
        ("bigquery", "SELECT JSON_VALUE(traits, '$.id') AS external_user_id FROM profiles"),
        ("bigquery", "SELECT p.address.braze_id AS external_user_id FROM profiles p"),
        ("databricks", "SELECT CAST(payload AS STRING) AS external_user_id FROM profiles"),
        ("databricks", "SELECT to_json(address) AS external_user_id FROM profiles"),
        ("databricks", "SELECT format_string('%d', user_id) AS external_user_id FROM users"),
        ("duckdb", "SELECT address.braze_id AS external_user_id FROM profiles"),
        # one element of an array is the element's type
        ("bigquery", "SELECT d AS external_user_id FROM profiles, UNNEST(device_ids) AS d"),
        (
            "databricks",
            "SELECT d AS external_user_id FROM profiles LATERAL VIEW explode(device_ids) t AS d",
        ),
        (
            "databricks",
            "WITH x AS (SELECT d FROM profiles LATERAL VIEW OUTER explode(device_ids) t AS d) "
            "SELECT d AS external_user_id FROM x",
        ),
        ("databricks", "SELECT device_ids[0] AS external_user_id FROM profiles"),
        ("duckdb", "SELECT unnest(device_ids) AS external_user_id FROM profiles"),
        # a string and a number merged: the warehouse decides, so nothing is said
        (
            "snowflake",
            "WITH ids AS (SELECT external_id AS id FROM users UNION ALL SELECT user_id FROM orders)"
            " SELECT id AS external_user_id FROM ids",
        ),
        ("bigquery", "SELECT COALESCE(external_id, user_id) AS external_user_id FROM users"),
        # unknown stays silent
        (
            "snowflake",
            "SELECT f.value AS external_user_id FROM profiles p, "
            "LATERAL FLATTEN(input => p.device_ids) f",
        ),
        ("snowflake", "SELECT nope AS external_user_id FROM users"),
        ("snowflake", "SELECT id AS external_user_id FROM not_in_the_catalog"),
        ("snowflake", 'SELECT "external_id" AS external_user_id FROM users'),
    ],
)
def test_strings_and_unknown_types_are_not_reported(
    dialect: str, sql: str, catalog_for: CatalogFor
) -> None:
    assert not_string(sql, dialect, catalog_for(dialect)) == []


def test_the_id_type_needs_no_catalog_when_the_query_says_it() -> None:
    sql = (
        "WITH ids AS (SELECT ARRAY_AGG(DISTINCT x) AS ids FROM t GROUP BY g) "
        "SELECT ids AS external_user_id FROM ids"
    )
    (message,) = not_string(sql, "snowflake", None)
    assert "ARRAY" in message


# -- fixes that keep the audience ------------------------------------------------------------
def test_fix_never_turns_a_count_into_an_id(catalog_for: CatalogFor) -> None:
    cat = catalog_for("snowflake")
    sql = "SELECT COUNT(*) FROM users WHERE is_vip"
    outcome = fix_text(sql, "snowflake", catalog=cat)
    assert outcome.text == sql
    assert {d.code for d in outcome.remaining.diagnostics} == {"CDI103", "CDI104"}


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT ARRAY_AGG(external_id) AS ids FROM users GROUP BY country",
        "SELECT 'vip' FROM users",
        "SELECT NULL AS id FROM users",
        "SELECT MAX(external_id) AS id FROM users",
        "SELECT COUNT(*) AS n FROM users",
    ],
)
def test_no_fix_names_an_aggregate_an_array_or_a_literal_the_id(
    sql: str, catalog_for: CatalogFor
) -> None:
    (d,) = diagnostics(sql, "snowflake", "CDI103", catalog_for("snowflake"))
    assert d.fix is None


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT LOWER(external_id) FROM users",
        "SELECT email FROM users",
        "SELECT COALESCE(u.external_id, u.email) AS who FROM users u",
    ],
)
def test_naming_an_expression_or_another_column_the_id_is_only_offered(
    sql: str, catalog_for: CatalogFor
) -> None:
    (d,) = diagnostics(sql, "snowflake", "CDI103", catalog_for("snowflake"))
    assert d.fix is not None and not d.fix.safe
    assert fix_text(sql, "snowflake", catalog=catalog_for("snowflake")).text == sql


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT external_id FROM users", "SELECT external_id AS external_user_id FROM users"),
        (
            "SELECT u.external_id AS ext FROM users u",
            "SELECT u.external_id AS external_user_id FROM users u",
        ),
        (
            "SELECT DISTINCT user_id FROM orders WHERE amount > 100",
            "SELECT DISTINCT CAST(user_id AS VARCHAR) AS external_user_id FROM orders "
            "WHERE amount > 100",
        ),
        (
            "SELECT TO_VARCHAR(user_id) AS uid FROM users",
            "SELECT TO_VARCHAR(user_id) AS external_user_id FROM users",
        ),
    ],
)
def test_fix_names_one_plain_id_column_and_casts_an_integer_one(
    sql: str, expected: str, catalog_for: CatalogFor
) -> None:
    assert fix_text(sql, "snowflake", catalog=catalog_for("snowflake")).text == expected


@pytest.mark.parametrize(
    ("sql", "fix"),
    [
        ("SELECT user_id AS external_user_id FROM users", "safe"),
        ("SELECT lifetime_value AS external_user_id FROM users", "unsafe"),
        ("SELECT user_id + 1 AS external_user_id FROM users", "unsafe"),
        ("SELECT traits:braze_id AS external_user_id FROM profiles", "unsafe"),
        ("SELECT COUNT(*) AS external_user_id FROM users", None),
        ("SELECT updated_at AS external_user_id FROM users", None),
        ("SELECT is_vip AS external_user_id FROM users", None),
        ("SELECT device_ids AS external_user_id FROM profiles", None),
        ("SELECT home AS external_user_id FROM profiles", None),
    ],
)
def test_cast_fix_is_safe_only_for_an_integer_column(
    sql: str, fix: str | None, catalog_for: CatalogFor
) -> None:
    (d,) = diagnostics(sql, "snowflake", "CDI104", catalog_for("snowflake"))
    found = None if d.fix is None else "safe" if d.fix.safe else "unsafe"
    assert found == fix


def test_distinct_is_kept_when_group_by_names_the_column_not_the_alias() -> None:
    # GROUP BY email groups by the column; LOWER() can merge two groups into one value
    sql = (
        "WITH emails AS (SELECT DISTINCT LOWER(email) AS email FROM users GROUP BY email) "
        "SELECT email AS external_user_id FROM emails"
    )
    assert diagnostics(sql, "snowflake", "CDI309", None) == []


# -- CDI302: a source that provably returns one row is not cartesian ----------------------
@pytest.mark.parametrize(
    ("dialect", "source"),
    [
        ("snowflake", "(SELECT DATEADD(day, -30, CURRENT_DATE()) AS since)"),
        ("redshift", "(SELECT CURRENT_DATE - 30 AS since)"),
        ("snowflake", "(SELECT MAX(order_date) AS since, 'orders' AS label FROM orders)"),
        ("bigquery", "(SELECT order_date AS since FROM orders ORDER BY order_date DESC LIMIT 1)"),
        ("databricks", "(VALUES (30)) AS p(since)"),
        ("duckdb", "(SELECT current_date - 30 AS since) p"),
    ],
)
def test_one_row_derived_tables_are_not_cartesian(dialect: str, source: str) -> None:
    sql = f"SELECT u.external_id AS external_user_id FROM users u CROSS JOIN {source}"
    assert diagnostics(sql, dialect, "CDI302", None) == []


@pytest.mark.parametrize(
    "params",
    [
        "SELECT CURRENT_DATE - 30 AS since",
        "SELECT MIN(order_date) AS since FROM orders",
        "SELECT since FROM base",  # over a one-row CTE
    ],
)
@pytest.mark.parametrize("join", ["CROSS JOIN params p", ", params p", "JOIN params p ON TRUE"])
def test_one_row_ctes_are_not_cartesian(params: str, join: str) -> None:
    sql = (
        f"WITH base AS (SELECT CURRENT_DATE - 7 AS since), params AS ({params}) "
        f"SELECT u.external_id AS external_user_id FROM users u {join}"
    )
    assert diagnostics(sql, "snowflake", "CDI302", None) == []


@pytest.mark.parametrize(
    "source",
    [
        "(SELECT MAX(amount) AS m FROM orders GROUP BY user_id)",
        "(SELECT MAX(amount) OVER () AS m FROM orders)",
        "(SELECT MAX(amount) AS m FROM orders UNION ALL SELECT MIN(amount) FROM orders)",
        "(SELECT amount FROM orders LIMIT 2)",
        "(VALUES (1), (2)) AS v(n)",
        "(SELECT o.amount FROM (SELECT 1 AS x) one, orders o)",
    ],
)
def test_sources_with_more_than_one_row_are_still_cartesian(source: str) -> None:
    sql = f"SELECT u.external_id AS external_user_id FROM users u CROSS JOIN {source}"
    assert len(diagnostics(sql, "snowflake", "CDI302", None)) == 1
