"""Name resolution (CDI201-CDI203): what each message says and where it points, per warehouse.

The fixture catalogs (fixtures/catalogs) hold USERS (USER_ID, EXTERNAL_ID, COUNTRY...),
ORDERS (ORDER_ID, USER_ID, AMOUNT, STATUS, CREATED_AT...) and EVENTS (USER_ID,
EVENT_TYPE, TAGS, CREATED_AT...) in every warehouse (upper case in Snowflake).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cdisql.catalog import Catalog, Column, Table
from cdisql.dialects import get_warehouse
from cdisql.lint import LintSettings, lint_text

CatalogFor = Callable[[str], Catalog]
TABLES = {
    "snowflake": ("USERS", "ORDERS", "EVENTS"),
    "redshift": ("cdi.users", "cdi.orders", "cdi.events"),
    "bigquery": ("cdi.users", "cdi.orders", "cdi.events"),
    "databricks": ("cdi.users", "cdi.orders", "cdi.events"),
}


def names(sql: str, dialect: str, catalog: Catalog) -> list[tuple[str, str, str]]:
    """``(code, text under the range, message)`` of each CDI2xx diagnostic."""
    result = lint_text(sql, dialect, catalog=catalog, settings=LintSettings())
    return [
        (d.code, sql[d.start : d.end], d.message)
        for d in result.diagnostics
        if d.code.startswith("CDI2")
    ]


@pytest.mark.parametrize("dialect", list(TABLES))
def test_a_qualifier_nothing_in_scope_is_named_by_is_reported(
    dialect: str, catalog_for: CatalogFor
) -> None:
    users, _, _ = TABLES[dialect]
    sql = f"SELECT u.external_id AS external_user_id FROM {users} AS u WHERE o.amount > 3"
    assert names(sql, dialect, catalog_for(dialect)) == [
        ("CDI202", "o.amount", "column `o.amount` does not exist: no table or alias `o` in scope")
    ]


@pytest.mark.parametrize("dialect", list(TABLES))
def test_a_using_column_the_joined_table_lacks_is_reported(
    dialect: str, catalog_for: CatalogFor
) -> None:
    users, orders, _ = TABLES[dialect]
    sql = f"SELECT external_id AS external_user_id FROM {users} JOIN {orders} USING (email)"
    ((code, text, message),) = names(sql, dialect, catalog_for(dialect))
    assert (code, text) == ("CDI202", "email")
    assert message.startswith("column `email` does not exist in ")
    assert "a USING column must be in both tables" in message


@pytest.mark.parametrize("dialect", list(TABLES))
def test_a_column_merged_by_using_is_ambiguous_once_a_third_table_has_it(
    dialect: str, catalog_for: CatalogFor
) -> None:
    users, orders, events = TABLES[dialect]
    merged = (
        f"SELECT external_id AS external_user_id FROM {users} JOIN {orders} USING (user_id) "
        "WHERE user_id > 0"
    )
    assert names(merged, dialect, catalog_for(dialect)) == []
    third = (
        f"SELECT external_id AS external_user_id FROM {users} JOIN {orders} USING (user_id) "
        f"JOIN {events} AS e ON e.event_type = 'x' WHERE user_id > 0"
    )
    ((code, text, message),) = names(third, dialect, catalog_for(dialect))
    assert (code, text) == ("CDI203", "user_id")
    assert message.startswith("column `user_id` is in ")
    assert "qualify it" in message


@pytest.mark.parametrize(
    ("dialect", "reported"),
    [("bigquery", True), ("databricks", True), ("snowflake", False), ("redshift", False)],
)
def test_a_select_alias_in_where_is_reported_where_the_warehouse_does_not_read_it(
    dialect: str, reported: bool, catalog_for: CatalogFor
) -> None:
    users, _, _ = TABLES[dialect]
    sql = (
        f"SELECT LOWER(external_id) AS external_user_id FROM {users} "
        "WHERE external_user_id LIKE 'a%' GROUP BY external_user_id"
    )
    found = names(sql, dialect, catalog_for(dialect))
    if not reported:
        assert found == []
        return
    title = get_warehouse(dialect).title
    assert found == [
        (
            "CDI202",
            "external_user_id",
            "column `external_user_id` does not exist: `external_user_id` is an alias of the "
            f"SELECT list, which {title} does not read in WHERE",
        )
    ]


def test_a_quoted_lower_case_name_is_not_the_upper_case_column_in_snowflake(
    catalog_for: CatalogFor,
) -> None:
    sql = 'SELECT "external_id" AS external_user_id FROM USERS'
    assert names(sql, "snowflake", catalog_for("snowflake")) == [
        (
            "CDI202",
            '"external_id"',
            "column `external_id` does not exist in USERS: a quoted name keeps its case in "
            "Snowflake; did you mean EXTERNAL_ID?",
        )
    ]
    assert (
        names(
            'SELECT "EXTERNAL_ID" AS external_user_id FROM USERS',
            "snowflake",
            catalog_for("snowflake"),
        )
        == []
    )


@pytest.mark.parametrize("dialect", ["redshift", "bigquery", "databricks"])
def test_quoting_changes_no_column_match_elsewhere(dialect: str, catalog_for: CatalogFor) -> None:
    users, _, _ = TABLES[dialect]
    quote = get_warehouse(dialect).quote
    sql = f"SELECT {quote('External_Id')} AS external_user_id FROM {users}"
    assert names(sql, dialect, catalog_for(dialect)) == []


def test_cte_names_are_case_insensitive_in_bigquery_and_tables_are_not(
    catalog_for: CatalogFor,
) -> None:
    cte = "WITH Gold AS (SELECT external_id FROM cdi.users) SELECT external_id AS external_user_id FROM gold"
    assert names(cte, "bigquery", catalog_for("bigquery")) == []
    table = "SELECT external_id AS external_user_id FROM cdi.Users"
    assert [code for code, _, _ in names(table, "bigquery", catalog_for("bigquery"))] == ["CDI201"]


def test_a_quoted_cte_name_keeps_its_case_in_snowflake(catalog_for: CatalogFor) -> None:
    sql = (
        'WITH "gold" AS (SELECT EXTERNAL_ID FROM USERS) '
        "SELECT EXTERNAL_ID AS external_user_id FROM gold"
    )
    assert names(sql, "snowflake", catalog_for("snowflake")) == [
        ("CDI201", "gold", "table `gold` is not in the catalog")
    ]


@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "databricks"])
def test_a_recursive_cte_reads_its_column_list(dialect: str, catalog_for: CatalogFor) -> None:
    users, _, _ = TABLES[dialect]
    sql = (
        f"WITH RECURSIVE t (id, depth) AS (SELECT user_id, 0 FROM {users} UNION ALL "
        f"SELECT u.user_id, t.depth + 1 FROM {users} AS u JOIN t ON u.user_id = t.id "
        "WHERE t.depth < 3) SELECT CAST(t.id AS VARCHAR) AS external_user_id FROM t WHERE t.level = 1"
    )
    assert [(c, text) for c, text, _ in names(sql, dialect, catalog_for(dialect))] == [
        ("CDI202", "t.level")
    ]


@pytest.mark.parametrize(
    ("dialect", "pivot", "output"),
    [
        ("bigquery", "PIVOT (SUM(amount) AS total FOR status IN ('paid', 'open'))", "total_paid"),
        (
            "databricks",
            "PIVOT (SUM(amount) FOR status IN ('paid' AS paid, 'open' AS open))",
            "paid",
        ),
        ("snowflake", "PIVOT (SUM(amount) FOR status IN ('paid', 'open'))", "\"'paid'\""),
    ],
)
def test_pivot_outputs_are_columns_and_the_pivoted_ones_are_gone(
    dialect: str, pivot: str, output: str, catalog_for: CatalogFor
) -> None:
    _, orders, _ = TABLES[dialect]
    base = f"SELECT CAST(user_id AS STRING) AS external_user_id FROM (SELECT user_id, status, amount FROM {orders}) {pivot}"
    assert names(f"{base} WHERE {output} > 0", dialect, catalog_for(dialect)) == []
    assert [
        (c, t) for c, t, _ in names(f"{base} WHERE amount > 0", dialect, catalog_for(dialect))
    ] == [("CDI202", "amount")]


def test_a_bigquery_wildcard_table_has_the_columns_of_the_tables_it_matches(
    catalog_for: CatalogFor,
) -> None:
    catalog = catalog_for("bigquery")
    good = (
        "SELECT CAST(user_id AS STRING) AS external_user_id FROM `acme-analytics.cdi.event*` "
        "WHERE _TABLE_SUFFIX > 's' AND event_type = 'purchase'"
    )
    assert names(good, "bigquery", catalog) == []
    bad = good.replace("event_type", "event_name")
    assert [(c, t) for c, t, _ in names(bad, "bigquery", catalog)] == [("CDI202", "event_name")]


@pytest.mark.parametrize("dialect", list(TABLES))
def test_a_struct_root_that_is_not_a_column_is_reported(
    dialect: str, catalog_for: CatalogFor
) -> None:
    users, _, events = TABLES[dialect]
    sql = (
        f"SELECT u.external_id AS external_user_id FROM {users} AS u JOIN {events} AS e "
        "ON e.user_id = u.user_id WHERE e.tagz.first = 'x'"
    )
    ((code, text, message),) = names(sql, dialect, catalog_for(dialect))
    assert (code, text) == ("CDI202", "tagz")
    assert message.startswith("column `e.tagz` does not exist in ")


def test_a_correlated_column_wins_over_a_select_alias_of_the_subquery(
    catalog_for: CatalogFor,
) -> None:
    sql = (
        "SELECT u.external_id AS external_user_id FROM cdi.users AS u WHERE EXISTS ("
        "SELECT o.status AS country FROM cdi.orders AS o "
        "WHERE o.user_id = u.user_id AND country = 'FR')"
    )
    assert names(sql, "bigquery", catalog_for("bigquery")) == []


def test_an_unquoted_name_matches_a_catalog_column_of_any_case_in_snowflake() -> None:
    """A catalog written by hand may list Snowflake columns in lower case: an unquoted
    reference matches them as an unquoted table name matches a table; a quoted one keeps
    its case."""
    users = Table(
        "USERS", (Column("user_id"), Column("external_id")), database="ANALYTICS", schema="CDI"
    )
    catalog = Catalog(get_warehouse("snowflake"), (users,))
    assert names("SELECT external_id AS external_user_id FROM USERS", "snowflake", catalog) == []
    quoted = 'SELECT "EXTERNAL_ID" AS external_user_id FROM USERS'
    assert [c for c, _, _ in names(quoted, "snowflake", catalog)] == ["CDI202"]
