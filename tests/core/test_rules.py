"""Each rule: what fires, what does not, and the exact range it points at."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cdisql.catalog import Catalog
from cdisql.lint import LintSettings, all_rules, get_rule, lint_text
from cdisql.lint.diagnostics import Diagnostic, Severity

CatalogFor = Callable[[str], Catalog]


def found(
    sql: str,
    dialect: str = "snowflake",
    code: str | None = None,
    catalog: Catalog | None = None,
    **settings: object,
) -> list[tuple[str, str]]:
    """``(code, text under the range)`` of each diagnostic, optionally one code only."""
    result = lint_text(sql, dialect, catalog=catalog, settings=LintSettings(**settings))  # type: ignore[arg-type]
    return [(d.code, sql[d.start : d.end]) for d in result.diagnostics if code in (None, d.code)]


def only(sql: str, dialect: str, code: str, catalog: Catalog | None = None) -> list[str]:
    return [text for _, text in found(sql, dialect, code, catalog)]


def diagnostics(
    sql: str, dialect: str, code: str, catalog: Catalog | None = None, **settings: object
) -> list[Diagnostic]:
    result = lint_text(sql, dialect, catalog=catalog, settings=LintSettings(**settings))  # type: ignore[arg-type]
    return [d for d in result.diagnostics if d.code == code]


GOOD = "SELECT external_id AS external_user_id FROM users WHERE is_vip"


# -- the registry ------------------------------------------------------------------------
def test_registry_holds_the_issue_table_with_default_severities() -> None:
    expected = {
        "CDI001": ("unused-noqa", Severity.INFO),
        "CDI002": ("unknown-dialect-directive", Severity.WARNING),
        "CDI100": ("syntax-error", Severity.ERROR),
        "CDI101": ("multiple-statements", Severity.ERROR),
        "CDI102": ("not-a-query", Severity.ERROR),
        "CDI103": ("output-column", Severity.ERROR),
        "CDI104": ("id-not-string", Severity.ERROR),
        "CDI105": ("foreign-schema", Severity.ERROR),
        "CDI106": ("limit-truncates-audience", Severity.WARNING),
        "CDI107": ("unknown-function", Severity.WARNING),
        "CDI201": ("unknown-table", Severity.ERROR),
        "CDI202": ("unknown-column", Severity.ERROR),
        "CDI203": ("ambiguous-column", Severity.ERROR),
        "CDI301": ("select-star", Severity.WARNING),
        "CDI302": ("cartesian-join", Severity.WARNING),
        "CDI303": ("order-by-without-limit", Severity.WARNING),
        "CDI304": ("missing-partition-filter", Severity.WARNING),
        "CDI305": ("function-on-partition-column", Severity.WARNING),
        "CDI306": ("leading-wildcard-like", Severity.WARNING),
        "CDI307": ("not-in-subquery", Severity.WARNING),
        "CDI308": ("union-distinct", Severity.INFO),
        "CDI309": ("distinct-with-group-by", Severity.INFO),
        "CDI310": ("correlated-subquery", Severity.WARNING),
        "CDI311": ("unpartitioned-window", Severity.WARNING),
        "CDI401": ("warehouse-rejected", Severity.ERROR),
        "CDI402": ("over-budget", Severity.ERROR),
        "CDI403": ("build-permission", Severity.ERROR),
    }
    assert {r.code: (r.name, r.severity) for r in all_rules()} == expected


def test_contract_output_and_catalog_flags() -> None:
    contract = {r.code for r in all_rules() if r.contract}
    assert contract == {"CDI100", "CDI101", "CDI102", "CDI103", "CDI104", "CDI105"}
    assert {r.code for r in all_rules() if r.output_rule} == {"CDI103", "CDI104"}
    assert {r.code for r in all_rules() if r.needs_catalog} == {
        "CDI201",
        "CDI202",
        "CDI203",
        "CDI304",
        "CDI305",
    }


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_documents_itself_with_the_four_headings(rule: type) -> None:
    doc = rule.doc()  # type: ignore[attr-defined]
    headings = [line for line in doc.splitlines() if line.startswith("## ")]
    assert headings == ["## What it does", "## Why is this bad?", "## Example", "## Use instead"]
    assert rule.summary()  # type: ignore[attr-defined]
    assert get_rule(rule.name) is rule  # type: ignore[attr-defined]


@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "bigquery", "databricks", "duckdb"])
def test_a_good_segment_is_clean_in_every_dialect(dialect: str, catalog_for: CatalogFor) -> None:
    assert found(GOOD, dialect, catalog=catalog_for(dialect)) == []


# -- CDI100 ------------------------------------------------------------------------------
def test_syntax_error_points_at_the_token_and_reads_like_sql() -> None:
    sql = "SELECT external_id AS external_user_id FROM users WHERE"
    (d,) = diagnostics(sql, "snowflake", "CDI100")
    assert sql[d.start : d.end] == "WHERE"
    assert "WHERE needs a condition" in d.message
    assert "class" not in d.message and "sqlglot" not in d.message


def test_syntax_error_names_the_unexpected_token() -> None:
    sql = "SELECT a b c FROM users"
    (d,) = diagnostics(sql, "redshift", "CDI100")
    assert sql[d.start : d.end] == "c"
    assert d.message.startswith("unexpected 'c'")


def test_unterminated_string_points_at_its_quote() -> None:
    sql = "SELECT external_id AS external_user_id FROM users WHERE email = 'x"
    (d,) = diagnostics(sql, "bigquery", "CDI100")
    assert sql[d.start : d.end] == "'x"


def test_valid_sql_has_no_syntax_error() -> None:
    assert only(GOOD, "databricks", "CDI100") == []


# -- CDI101 ------------------------------------------------------------------------------
def test_trailing_semicolon_is_reported_with_a_safe_fix() -> None:
    sql = GOOD + ";\n"
    (d,) = diagnostics(sql, "snowflake", "CDI101")
    assert (d.start, d.end) == (len(GOOD), len(GOOD) + 1)
    assert d.fix is not None and d.fix.safe


def test_two_statements_are_reported_without_a_fix() -> None:
    sql = f"{GOOD};\n{GOOD}"
    (d,) = diagnostics(sql, "snowflake", "CDI101")
    assert sql[d.start : d.end] == ";"
    assert d.fix is None
    assert "2 statements" in d.message


def test_one_statement_without_semicolon_is_fine() -> None:
    assert only(GOOD, "redshift", "CDI101") == []


# -- CDI102 ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("dialect", "sql", "word"),
    [
        ("snowflake", "CREATE TABLE t AS SELECT 1 AS external_user_id", "CREATE"),
        ("snowflake", "INSERT INTO t SELECT 'a' AS external_user_id", "INSERT"),
        ("redshift", "UPDATE users SET is_vip = TRUE", "UPDATE"),
        ("redshift", "DELETE FROM users", "DELETE"),
        ("snowflake", "GRANT SELECT ON users TO ROLE analyst", "GRANT"),
        ("snowflake", "CALL refresh()", "CALL"),
        ("snowflake", "USE SCHEMA cdi", "USE"),
        ("databricks", "SET spark.sql.shuffle.partitions = 10", "SET"),
        ("snowflake", "COPY INTO t FROM @stage", "COPY"),
        ("snowflake", "EXECUTE IMMEDIATE 'SELECT 1'", "EXECUTE"),
        ("bigquery", "DECLARE x INT64 DEFAULT 1", "DECLARE"),
        ("duckdb", "PRAGMA database_list", "PRAGMA"),
        ("duckdb", "ATTACH 'x.db' AS x", "ATTACH"),
        ("snowflake", "DROP TABLE users", "DROP"),
        ("snowflake", "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "MERGE"),
    ],
)
def test_statements_that_are_not_a_query_are_refused(dialect: str, sql: str, word: str) -> None:
    hits = only(sql, dialect, "CDI102")
    assert hits and hits[0].upper() == word


def test_select_into_is_refused_at_into() -> None:
    assert only("SELECT external_id INTO t FROM users", "redshift", "CDI102") == ["INTO"]


def test_scripting_block_is_refused() -> None:
    sql = "BEGIN\n  SELECT 1;\nEND"
    assert "BEGIN" in only(sql, "snowflake", "CDI102")


def test_a_bare_name_is_not_a_query() -> None:
    assert only("users", "snowflake", "CDI102") == ["users"]


def test_an_empty_segment_is_not_a_query() -> None:
    assert [c for c, _ in found("  -- nothing here\n", "snowflake")] == ["CDI102"]


@pytest.mark.parametrize(
    "sql",
    [
        GOOD,
        "WITH v AS (SELECT external_id FROM users) SELECT external_id AS external_user_id FROM v",
        "(SELECT external_id AS external_user_id FROM users)",
        "SELECT external_id AS external_user_id FROM users UNION ALL SELECT 'x'",
    ],
)
def test_pure_queries_pass(sql: str) -> None:
    assert only(sql, "snowflake", "CDI102") == []


# -- CDI103 ------------------------------------------------------------------------------
def test_a_single_unaliased_column_gets_an_alias_fix() -> None:
    sql = "SELECT u.external_id FROM users u"
    (d,) = diagnostics(sql, "snowflake", "CDI103")
    assert sql[d.start : d.end] == "u.external_id"
    assert d.fix is not None and d.fix.safe


def test_a_wrong_alias_is_renamed_by_the_fix() -> None:
    sql = "SELECT external_id AS uid FROM users"
    (d,) = diagnostics(sql, "snowflake", "CDI103")
    assert sql[d.start : d.end] == "external_id AS uid"
    assert d.fix is not None
    assert [(e.replacement, sql[e.start : e.end]) for e in d.fix.edits] == [
        ("external_user_id", "uid")
    ]


def test_select_star_output_is_wrong() -> None:
    assert only("SELECT * FROM users", "bigquery", "CDI103") == ["*"]
    assert only("SELECT u.* FROM users u", "bigquery", "CDI103") == ["u.*"]


def test_extra_columns_are_pointed_at() -> None:
    sql = "SELECT external_id AS external_user_id, email, CAST(x AS INT) FROM users"
    assert only(sql, "snowflake", "CDI103") == ["email, CAST(x AS INT)"]


@pytest.mark.parametrize(
    "sql",
    [
        GOOD,
        "SELECT external_id AS EXTERNAL_USER_ID FROM users",
        'SELECT "EXTERNAL_USER_ID" FROM users',
        "SELECT t.external_user_id FROM t",
        "SELECT external_id AS external_user_id FROM a UNION ALL SELECT id FROM b",
    ],
)
def test_one_column_named_external_user_id_passes(sql: str) -> None:
    assert only(sql, "snowflake", "CDI103") == []


def test_every_set_operation_branch_must_have_one_column() -> None:
    sql = "SELECT external_id AS external_user_id FROM a UNION ALL SELECT id, name FROM b"
    assert only(sql, "snowflake", "CDI103") == ["name"]


def test_output_rules_do_not_apply_to_a_preview() -> None:
    sql = "SELECT user_id, 1 FROM users"
    assert found(sql, "snowflake", "CDI103", preview=True) == []


# -- CDI104 ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("dialect", "sql", "text"),
    [
        ("snowflake", "SELECT 42 AS external_user_id", "42"),
        ("bigquery", "SELECT CAST(id AS INT64) AS external_user_id FROM t", "CAST(id AS INT64)"),
        ("redshift", "SELECT id::BIGINT AS external_user_id FROM t", "id::BIGINT"),
        ("databricks", "SELECT id + 1 AS external_user_id FROM t", "id + 1"),
        ("snowflake", "SELECT COUNT(*) AS external_user_id FROM t", "COUNT(*)"),
    ],
)
def test_certainly_numeric_ids_are_reported(dialect: str, sql: str, text: str) -> None:
    assert only(sql, dialect, "CDI104") == [text]


def test_numeric_catalog_column_is_reported(catalog_for: CatalogFor) -> None:
    sql = "SELECT u.user_id AS external_user_id FROM users u"
    assert only(sql, "snowflake", "CDI104", catalog_for("snowflake")) == ["u.user_id"]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT external_id AS external_user_id FROM users",
        "SELECT CAST(user_id AS VARCHAR) AS external_user_id FROM users",
        "SELECT unknown_thing AS external_user_id FROM somewhere",
        "SELECT 'abc' AS external_user_id",
        "SELECT NULL AS external_user_id",
    ],
)
def test_strings_and_unknown_types_pass(sql: str, catalog_for: CatalogFor) -> None:
    assert only(sql, "snowflake", "CDI104", catalog_for("snowflake")) == []


# -- CDI105 ------------------------------------------------------------------------------
def test_foreign_schema_points_at_the_qualifier() -> None:
    sql = "SELECT external_id AS external_user_id FROM marketing.users"
    (d,) = diagnostics(sql, "snowflake", "CDI105", source_database="ANALYTICS", source_schema="CDI")
    assert sql[d.start : d.end] == "marketing"
    assert "ANALYTICS.CDI" in d.message


def test_names_fold_like_the_warehouse() -> None:
    sql = "SELECT external_id AS external_user_id FROM analytics.cdi.users"
    hits = found(sql, "snowflake", "CDI105", source_database="ANALYTICS", source_schema="CDI")
    assert hits == []


def test_bigquery_backtick_path_is_split() -> None:
    sql = "SELECT external_id AS external_user_id FROM `acme.marketing.users`"
    hits = found(sql, "bigquery", "CDI105", source_database="acme", source_schema="cdi")
    assert hits == [("CDI105", "`acme.marketing.users`")]
    ok = "SELECT external_id AS external_user_id FROM `acme.cdi.users`"
    assert found(ok, "bigquery", "CDI105", source_database="acme", source_schema="cdi") == []


def test_other_project_is_foreign_in_bigquery() -> None:
    sql = "SELECT external_id AS external_user_id FROM `other.cdi.users`"
    (d,) = diagnostics(sql, "bigquery", "CDI105", source_database="acme", source_schema="cdi")
    assert "project other" in d.message


def test_unknown_source_schema_does_not_fire() -> None:
    assert only("SELECT x AS external_user_id FROM marketing.users", "snowflake", "CDI105") == []


# -- CDI106 ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("dialect", "sql", "text"),
    [
        ("snowflake", GOOD + " LIMIT 100", "LIMIT 100"),
        ("redshift", "SELECT TOP 10 external_id AS external_user_id FROM users", "TOP 10"),
        ("databricks", GOOD + " LIMIT 5", "LIMIT 5"),
    ],
)
def test_limit_on_the_final_query_is_reported(dialect: str, sql: str, text: str) -> None:
    assert only(sql, dialect, "CDI106") == [text]


def test_limit_inside_a_subquery_is_fine() -> None:
    sql = "SELECT external_id AS external_user_id FROM (SELECT external_id FROM users LIMIT 5) t"
    assert only(sql, "snowflake", "CDI106") == []


# -- CDI107 ------------------------------------------------------------------------------
def test_function_of_another_warehouse_is_reported_with_where_it_is_known() -> None:
    sql = "SELECT IFF(is_vip, external_id, NULL) AS external_user_id FROM users"
    (d,) = diagnostics(sql, "bigquery", "CDI107")
    assert sql[d.start : d.end] == "IFF"
    assert "Snowflake" in d.message and "BigQuery" in d.message


def test_known_and_user_defined_functions_pass() -> None:
    sql = "SELECT IFF(is_vip, my_udf(external_id), NULL) AS external_user_id FROM users"
    assert only(sql, "snowflake", "CDI107") == []


# -- CDI201 / CDI202 / CDI203 --------------------------------------------------------------
def test_unknown_table_suggests_the_closest(catalog_for: CatalogFor) -> None:
    sql = "SELECT external_id AS external_user_id FROM userz"
    (d,) = diagnostics(sql, "snowflake", "CDI201", catalog_for("snowflake"))
    assert sql[d.start : d.end] == "userz"
    assert d.suggestions == ("USERS",)
    assert [r.message for r in d.related] == ["did you mean USERS?"]


def test_table_suggestions_match_difflib_over_every_name() -> None:
    # the per-catalog index only skips names difflib's own bounds would reject
    import difflib
    import random

    from cdisql.lint.suggest import NameSuggester

    rng = random.Random(7)
    for alphabet in ("abcDEFxyz_01", "ab", "events_ORDERS_2026_éßİı"):
        for _ in range(40):
            names = [
                "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 18)))
                for _ in range(rng.randint(1, 200))
            ]
            for fold in (True, False):
                suggester = NameSuggester(names, fold=fold)
                ordered = sorted(set(names))
                keys = {(n.casefold() if fold else n): n for n in ordered}
                for _ in range(8):
                    word = (
                        rng.choice(names)[:-1] + rng.choice(alphabet)
                        if rng.random() < 0.5
                        else "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
                    )
                    key = word.casefold() if fold else word
                    expected = tuple(
                        keys[h] for h in difflib.get_close_matches(key, list(keys), n=3, cutoff=0.6)
                    )
                    assert suggester.suggest(word) == expected, (word, names)


def test_table_suggestions_are_indexed_once_per_catalog() -> None:
    import difflib

    from cdisql.catalog import Table
    from cdisql.dialects import get_warehouse

    tables = (*(Table(f"TABLE_{i:05d}") for i in range(3000)), Table("USERS"))
    catalog = Catalog(get_warehouse("snowflake"), tables)
    sql = "SELECT external_id AS external_user_id FROM userz JOIN table_0042x USING (id)"
    first = diagnostics(sql, "snowflake", "CDI201", catalog)
    names = {t.name.casefold(): t.name for t in tables}
    close = difflib.get_close_matches("table_0042x", list(names), n=3, cutoff=0.6)
    assert [d.suggestions for d in first] == [("USERS",), tuple(names[c] for c in close)]
    assert len(first[1].suggestions) == 3
    built = dict(catalog._derived)
    assert len(built) == 1
    assert [d.suggestions for d in diagnostics(sql, "snowflake", "CDI201", catalog)] == [
        d.suggestions for d in first
    ]
    assert catalog._derived == built  # the same index, not a new one


def test_cte_names_and_qualified_tables_are_not_unknown(catalog_for: CatalogFor) -> None:
    sql = (
        "WITH vip AS (SELECT external_id FROM analytics.cdi.users WHERE is_vip) "
        "SELECT v.external_id AS external_user_id FROM vip v JOIN cdi.users u "
        "ON u.external_id = v.external_id"
    )
    assert only(sql, "snowflake", "CDI201", catalog_for("snowflake")) == []


def test_bigquery_table_names_are_case_sensitive(catalog_for: CatalogFor) -> None:
    sql = "SELECT external_id AS external_user_id FROM Users"
    assert only(sql, "bigquery", "CDI201", catalog_for("bigquery")) == ["Users"]
    assert only(sql, "snowflake", "CDI201", catalog_for("snowflake")) == []


def test_unknown_column_suggests_the_closest(catalog_for: CatalogFor) -> None:
    sql = "SELECT u.external_idd AS external_user_id FROM users u"
    (d,) = diagnostics(sql, "snowflake", "CDI202", catalog_for("snowflake"))
    assert sql[d.start : d.end] == "u.external_idd"
    assert d.suggestions == ("EXTERNAL_ID",)


def test_columns_of_ctes_subqueries_and_aliases_resolve(catalog_for: CatalogFor) -> None:
    sql = (
        "WITH spend AS (SELECT user_id, SUM(amount) AS total FROM orders GROUP BY user_id) "
        "SELECT u.external_id AS external_user_id FROM users u "
        "JOIN spend s ON s.user_id = u.user_id "
        "WHERE s.total > 100 AND u.user_id IN (SELECT user_id FROM events "
        "WHERE event_date > '2026-01-01') "
        "QUALIFY ROW_NUMBER() OVER (PARTITION BY external_user_id ORDER BY s.total) = 1"
    )
    assert found(sql, "snowflake", catalog=catalog_for("snowflake")) == []


def test_column_of_a_cte_that_it_does_not_select(catalog_for: CatalogFor) -> None:
    sql = "WITH v AS (SELECT external_id FROM users) SELECT v.email AS external_user_id FROM v"
    assert only(sql, "snowflake", "CDI202", catalog_for("snowflake")) == ["v.email"]


def test_correlated_reference_to_an_outer_column_resolves(catalog_for: CatalogFor) -> None:
    sql = (
        "SELECT external_id AS external_user_id FROM users u WHERE EXISTS "
        "(SELECT 1 FROM orders o WHERE o.user_id = u.user_id AND signup_date < order_date)"
    )
    assert only(sql, "snowflake", "CDI202", catalog_for("snowflake")) == []


def test_ambiguous_column_lists_the_tables(catalog_for: CatalogFor) -> None:
    sql = (
        "SELECT u.external_id AS external_user_id FROM users u "
        "JOIN orders o ON o.user_id = u.user_id WHERE user_id > 3"
    )
    (d,) = diagnostics(sql, "redshift", "CDI203", catalog_for("redshift"))
    assert sql[d.start : d.end] == "user_id"
    assert "users" in d.message and "orders" in d.message


def test_catalog_rules_need_a_catalog() -> None:
    assert found("SELECT x AS external_user_id FROM nowhere WHERE y > 1", "snowflake") == []


# -- CDI301 ------------------------------------------------------------------------------
def test_select_star_anywhere(catalog_for: CatalogFor) -> None:
    sql = (
        "WITH e AS (SELECT * FROM events WHERE event_date > '2026-01-01') "
        "SELECT o.* FROM (SELECT user_id FROM e) o"
    )
    assert only(sql, "snowflake", "CDI301") == ["*", "o.*"]


def test_select_star_fix_lists_catalog_columns(catalog_for: CatalogFor) -> None:
    sql = "SELECT external_id AS external_user_id FROM (SELECT * FROM active_users) a"
    (d,) = diagnostics(sql, "snowflake", "CDI301", catalog_for("snowflake"))
    assert d.fix is not None and not d.fix.safe
    assert d.fix.edits[0].replacement == "EXTERNAL_ID, LAST_SEEN"


def test_count_star_is_not_select_star() -> None:
    assert only("SELECT COUNT(*) AS n FROM users", "snowflake", "CDI301") == []


# -- CDI302 ------------------------------------------------------------------------------
def test_cross_join_is_reported_from_its_keyword() -> None:
    sql = "SELECT u.external_id AS external_user_id FROM users u CROSS JOIN orders o"
    assert only(sql, "snowflake", "CDI302") == ["CROSS JOIN orders o"]


def test_comma_join_without_a_linking_predicate_is_reported() -> None:
    sql = "SELECT u.external_id AS external_user_id FROM users u, orders o WHERE o.amount > 1"
    assert only(sql, "redshift", "CDI302") == ["orders o"]


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        ("redshift", "SELECT a.x AS external_user_id FROM a, b WHERE a.id = b.id"),
        ("snowflake", "SELECT a.x AS external_user_id FROM a JOIN b ON a.id = b.id"),
        ("snowflake", "SELECT a.x AS external_user_id FROM a JOIN b USING (id)"),
        ("bigquery", "SELECT tag AS external_user_id FROM t, UNNEST(t.tags) AS tag"),
        ("snowflake", "SELECT f.value AS external_user_id FROM t, LATERAL FLATTEN(input => t.a) f"),
        ("snowflake", "SELECT f.value AS external_user_id FROM t, TABLE(FLATTEN(t.a)) f"),
        ("databricks", "SELECT tag AS external_user_id FROM t LATERAL VIEW explode(t.a) x AS tag"),
        ("snowflake", "SELECT a.x AS external_user_id FROM a CROSS JOIN (SELECT MAX(d) m FROM b)"),
    ],
)
def test_joined_unnested_and_one_row_sources_are_not_cartesian(dialect: str, sql: str) -> None:
    assert only(sql, dialect, "CDI302") == []


# -- CDI303 ------------------------------------------------------------------------------
def test_order_by_without_limit_covers_the_whole_clause() -> None:
    sql = GOOD + " ORDER BY signup_date DESC, email"
    assert only(sql, "snowflake", "CDI303") == ["ORDER BY signup_date DESC, email"]


def test_order_by_in_cte_and_subquery_is_reported() -> None:
    sql = (
        "WITH a AS (SELECT id FROM t ORDER BY id) "
        "SELECT id AS external_user_id FROM (SELECT id FROM a ORDER BY id DESC) s"
    )
    assert only(sql, "snowflake", "CDI303") == ["ORDER BY id", "ORDER BY id DESC"]


@pytest.mark.parametrize(
    "sql",
    [
        GOOD + " ORDER BY signup_date LIMIT 10",
        "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) AS external_user_id FROM t",
        "SELECT ARRAY_AGG(x) WITHIN GROUP (ORDER BY y) AS external_user_id FROM t",
    ],
)
def test_order_by_with_limit_or_in_windows_is_fine(sql: str) -> None:
    assert only(sql, "snowflake", "CDI303") == []


# -- CDI304 / CDI305 ---------------------------------------------------------------------
def test_partitioned_table_without_filter(catalog_for: CatalogFor) -> None:
    sql = "SELECT DISTINCT CAST(user_id AS STRING) AS external_user_id FROM events e"
    (d,) = diagnostics(sql, "bigquery", "CDI304", catalog_for("bigquery"))
    assert sql[d.start : d.end] == "events e"
    assert "event_date" in d.message


def test_partition_or_cluster_filter_satisfies_pruning(catalog_for: CatalogFor) -> None:
    cat = catalog_for("bigquery")
    for where in ("event_date >= '2026-01-01'", "e.event_type = 'x'"):
        sql = f"SELECT CAST(user_id AS STRING) AS external_user_id FROM events e WHERE {where}"
        assert only(sql, "bigquery", "CDI304", cat) == []


def test_function_on_partition_column_points_at_the_function(catalog_for: CatalogFor) -> None:
    sql = (
        "SELECT DISTINCT TO_VARCHAR(user_id) AS external_user_id FROM events "
        "WHERE YEAR(event_date) = 2026"
    )
    assert only(sql, "snowflake", "CDI305", catalog_for("snowflake")) == ["YEAR(event_date)"]
    assert only(sql, "snowflake", "CDI304", catalog_for("snowflake")) == []


def test_one_bare_predicate_on_the_partition_column_is_enough(catalog_for: CatalogFor) -> None:
    sql = (
        "SELECT DISTINCT TO_VARCHAR(user_id) AS external_user_id FROM events "
        "WHERE YEAR(event_date) = 2026 AND event_date >= '2026-06-01'"
    )
    assert only(sql, "snowflake", "CDI305", catalog_for("snowflake")) == []


# -- CDI306 ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("dialect", "sql", "text"),
    [
        ("snowflake", "SELECT a AS external_user_id FROM t WHERE e LIKE '%x'", "'%x'"),
        ("snowflake", "SELECT a AS external_user_id FROM t WHERE e ILIKE '_x%'", "'_x%'"),
        ("redshift", "SELECT a AS external_user_id FROM t WHERE e NOT LIKE '%x'", "'%x'"),
        ("snowflake", "SELECT a AS external_user_id FROM t WHERE e LIKE ANY ('a%', '%b')", "'%b'"),
    ],
)
def test_leading_wildcard_patterns(dialect: str, sql: str, text: str) -> None:
    assert only(sql, dialect, "CDI306") == [text]


def test_trailing_wildcard_is_fine() -> None:
    assert (
        only("SELECT a AS external_user_id FROM t WHERE e LIKE 'x%'", "snowflake", "CDI306") == []
    )


# -- CDI307 ------------------------------------------------------------------------------
@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "bigquery", "databricks", "duckdb"])
def test_not_in_subquery_covers_the_predicate(dialect: str) -> None:
    sql = "SELECT a AS external_user_id FROM t WHERE t.id NOT IN (SELECT id FROM u)"
    assert only(sql, dialect, "CDI307") == ["t.id NOT IN (SELECT id FROM u)"]


@pytest.mark.parametrize(
    "where", ["t.id IN (SELECT id FROM u)", "t.id NOT IN (1, 2)", "NOT EXISTS (SELECT 1 FROM u)"]
)
def test_in_lists_and_exists_are_fine(where: str) -> None:
    assert only(f"SELECT a AS external_user_id FROM t WHERE {where}", "snowflake", "CDI307") == []


# -- CDI308 ------------------------------------------------------------------------------
def test_union_without_all_points_at_union() -> None:
    sql = "SELECT a AS external_user_id FROM t UNION SELECT b FROM u"
    (d,) = diagnostics(sql, "snowflake", "CDI308")
    assert sql[d.start : d.end] == "UNION"
    assert d.severity is Severity.INFO


def test_union_all_is_fine() -> None:
    sql = "SELECT a AS external_user_id FROM t UNION ALL SELECT b FROM u"
    assert only(sql, "snowflake", "CDI308") == []


# -- CDI309 ------------------------------------------------------------------------------
@pytest.mark.parametrize("group", ["GROUP BY user_id", "GROUP BY 1", "GROUP BY external_user_id"])
def test_distinct_over_group_by_keys(group: str) -> None:
    sql = f"SELECT DISTINCT user_id AS external_user_id FROM orders {group}"
    assert only(sql, "snowflake", "CDI309") == ["DISTINCT"]


def test_distinct_with_group_by_on_other_columns_is_fine() -> None:
    sql = "SELECT DISTINCT MAX(user_id) AS external_user_id FROM orders GROUP BY status"
    assert only(sql, "snowflake", "CDI309") == []


# -- CDI310 ------------------------------------------------------------------------------
def test_correlated_scalar_subquery_in_select_and_where() -> None:
    where = (
        "SELECT u.id AS external_user_id FROM users u "
        "WHERE (SELECT COUNT(*) FROM orders o WHERE o.uid = u.id) > 3"
    )
    assert only(where, "snowflake", "CDI310") == [
        "(SELECT COUNT(*) FROM orders o WHERE o.uid = u.id)"
    ]
    select = (
        "SELECT (SELECT MAX(o.id) FROM orders o WHERE o.uid = u.id) AS external_user_id "
        "FROM users u"
    )
    assert only(select, "redshift", "CDI310") == [
        "(SELECT MAX(o.id) FROM orders o WHERE o.uid = u.id)"
    ]


@pytest.mark.parametrize(
    "where",
    [
        "EXISTS (SELECT 1 FROM orders o WHERE o.uid = u.id)",
        "u.id IN (SELECT o.uid FROM orders o WHERE o.uid = u.id)",
        "(SELECT MAX(o.amount) FROM orders o) > u.total",
    ],
)
def test_exists_in_and_uncorrelated_subqueries_are_fine(where: str) -> None:
    sql = f"SELECT u.id AS external_user_id FROM users u WHERE {where}"
    assert only(sql, "snowflake", "CDI310") == []


# -- CDI311 ------------------------------------------------------------------------------
def test_window_with_order_and_no_partition() -> None:
    sql = "SELECT a AS external_user_id FROM t QUALIFY ROW_NUMBER() OVER (ORDER BY b DESC) < 9"
    assert only(sql, "snowflake", "CDI311") == ["ROW_NUMBER() OVER (ORDER BY b DESC)"]


@pytest.mark.parametrize(
    "window", ["ROW_NUMBER() OVER (PARTITION BY a ORDER BY b)", "COUNT(*) OVER ()"]
)
def test_partitioned_or_unordered_windows_are_fine(window: str) -> None:
    sql = f"SELECT a AS external_user_id FROM t QUALIFY {window} = 1"
    assert only(sql, "snowflake", "CDI311") == []


def test_id_read_from_a_cte_is_followed_to_its_definition(catalog_for: CatalogFor) -> None:
    literal = "WITH x AS (SELECT 1 AS id) SELECT id AS external_user_id FROM x"
    assert only(literal, "snowflake", "CDI104") == ["id"]
    derived = "SELECT t.n AS external_user_id FROM (SELECT COUNT(*) AS n FROM u) t"
    assert only(derived, "databricks", "CDI104") == ["t.n"]
    cte = "WITH x AS (SELECT user_id FROM users) SELECT user_id AS external_user_id FROM x"
    assert only(cte, "snowflake", "CDI104") == []  # no catalog: type unknown
    assert only(cte, "snowflake", "CDI104", catalog_for("snowflake")) == ["user_id"]


def test_using_join_merges_the_column_so_it_is_not_ambiguous(catalog_for: CatalogFor) -> None:
    sql = (
        "SELECT CAST(user_id AS STRING) AS external_user_id "
        "FROM orders JOIN users USING (user_id) WHERE user_id > 5"
    )
    assert only(sql, "bigquery", "CDI203", catalog_for("bigquery")) == []


def test_locking_reads_are_not_pure_queries() -> None:
    sql = "SELECT external_id AS external_user_id FROM users FOR UPDATE"
    assert only(sql, "snowflake", "CDI102") == ["FOR"]


def test_duckdb_from_first_query_points_at_from() -> None:
    assert found("FROM users", "duckdb") == [("CDI103", "FROM"), ("CDI301", "FROM")]


def test_values_is_a_query_without_the_output_column() -> None:
    assert found("VALUES ('a')", "snowflake") == [("CDI103", "VALUES")]


def test_select_star_inside_exists_reads_nothing() -> None:
    sql = (
        "SELECT external_id AS external_user_id FROM users u "
        "WHERE EXISTS (SELECT * FROM orders o WHERE o.user_id = u.user_id)"
    )
    assert only(sql, "snowflake", "CDI301") == []


def test_order_by_that_orders_an_array_is_fine() -> None:
    sql = "SELECT ARRAY(SELECT x FROM u ORDER BY y)[OFFSET(0)] AS external_user_id FROM t"
    assert only(sql, "bigquery", "CDI303") == []


def test_correlated_subquery_nested_in_a_select_expression() -> None:
    sql = (
        "SELECT COALESCE((SELECT MAX(o.id) FROM orders o WHERE o.uid = u.id), 'none') "
        "AS external_user_id FROM users u"
    )
    assert only(sql, "snowflake", "CDI310") == [
        "(SELECT MAX(o.id) FROM orders o WHERE o.uid = u.id)"
    ]


def test_correlated_subquery_in_join_condition_is_not_reported() -> None:
    sql = (
        "SELECT u.id AS external_user_id FROM users u JOIN orders o "
        "ON o.amount = (SELECT MAX(x.amount) FROM orders x WHERE x.uid = u.id)"
    )
    assert only(sql, "snowflake", "CDI310") == []


def test_bigquery_wildcard_table_matches_by_prefix(catalog_for: CatalogFor) -> None:
    sql = "SELECT external_id AS external_user_id FROM `acme-analytics.cdi.active_*`"
    assert only(sql, "bigquery", "CDI201", catalog_for("bigquery")) == []


@pytest.mark.parametrize(
    ("sql", "fires"),
    [
        ("SELECT DATEDIFF(day, a, b) AS external_user_id FROM t", True),
        ("SELECT CURRENT_DATE AS external_user_id", True),
        ("SELECT a > b AS external_user_id FROM t", True),
        ("SELECT UPPER(a) AS external_user_id FROM t", False),
        ("SELECT a || b AS external_user_id FROM t", False),
        ("SELECT IFF(a, b, c) AS external_user_id FROM t", False),
    ],
)
def test_inferred_types_of_expressions(sql: str, fires: bool) -> None:
    assert bool(only(sql, "snowflake", "CDI104")) is fires


def test_snowflake_quoted_names_keep_their_case(catalog_for: CatalogFor) -> None:
    cat = catalog_for("snowflake")
    upper = 'SELECT EXTERNAL_ID AS external_user_id FROM "USERS"'
    assert only(upper, "snowflake", "CDI201", cat) == []
    lower = 'SELECT external_id AS external_user_id FROM "users"'
    assert only(lower, "snowflake", "CDI201", cat) == ['"users"']
    # Redshift folds quoted names too (case-insensitive identifiers by default)
    assert only(lower, "redshift", "CDI201", catalog_for("redshift")) == []


@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "bigquery", "databricks", "duckdb"])
def test_dml_inside_a_cte_is_not_a_query(dialect: str) -> None:
    sql = "WITH d AS (DELETE FROM t RETURNING id) SELECT id AS external_user_id FROM d"
    assert only(sql, dialect, "CDI102") == ["DELETE"]


@pytest.mark.parametrize(
    ("on", "fires"),
    [
        ("ON TRUE", True),
        ("ON b.status = 'x'", True),
        ("ON a.id = b.id", False),
        ("ON a.d BETWEEN b.lo AND b.hi", False),
        ("ON ST_CONTAINS(a.geo, b.geo)", False),
        ("ON id = other_id", False),
    ],
)
def test_join_condition_must_link_the_tables(on: str, fires: bool) -> None:
    sql = f"SELECT a.x AS external_user_id FROM a JOIN b {on}"
    assert bool(only(sql, "snowflake", "CDI302")) is fires


def test_every_statement_of_a_multi_statement_text_is_checked() -> None:
    sql = (
        "SELECT * FROM users;\n"
        "SELECT user_id FROM t WHERE x LIKE '%a';\n"
        "SELECT external_id AS external_user_id FROM users"
    )
    assert found(sql, "snowflake") == [
        ("CDI103", "*"),
        ("CDI301", "*"),
        ("CDI101", ";"),
        ("CDI103", "user_id"),
        ("CDI306", "'%a'"),
        ("CDI101", ";"),
    ]
