"""``cdisql.format``: only blanks, line breaks, indentation and keyword case change."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdisql.format import FormatOptions, format_lines, format_sql


def formatted(text: str, dialect: str = "duckdb", **options: object) -> str:
    result = format_sql(text, dialect, FormatOptions(**options))  # type: ignore[arg-type]
    assert result.refused is None, result.refused
    assert format_sql(result.text, dialect, FormatOptions(**options)).text == result.text  # type: ignore[arg-type]
    return result.text


# -- what the old generator-based formatter rewrote ----------------------------------------
def test_is_not_null_stays_as_written():
    assert formatted("select id from t where x is not null") == (
        "SELECT\n  id\nFROM t\nWHERE\n  x IS NOT NULL\n"
    )


def test_line_comments_stay_line_comments_where_they_were():
    text = "select id -- the id\n  -- why this table\nfrom t\n"
    assert formatted(text) == "SELECT\n  id  -- the id\n-- why this table\nFROM t\n"


def test_a_multi_line_condition_keeps_its_lines():
    text = "select id from t\nwhere a = 1\n  and (b = 2\n    or c = 3)\n"
    assert formatted(text) == (
        "SELECT\n  id\nFROM t\nWHERE\n  a = 1\n  AND (b = 2\n    OR c = 3)\n"
    )


def test_bigquery_interval_keeps_its_literal():
    text = "select id from t where d > current_date() - interval 30 day"
    assert formatted(text, "bigquery") == (
        "SELECT\n  id\nFROM t\nWHERE\n  d > CURRENT_DATE() - INTERVAL 30 day\n"
    )


def test_casts_functions_and_quotes_stay_as_written():
    text = 'select x::varchar as "Id", cast(y as int) from `p.d.t`'
    assert formatted(text, "bigquery") == (
        'SELECT\n  x::VARCHAR AS "Id",\n  cast(y AS INT)\nFROM `p.d.t`\n'
    )


# -- keyword case --------------------------------------------------------------------------
def test_a_column_named_like_a_keyword_keeps_its_case():
    text = "select date, t.first from t where date > 1"
    assert formatted(text, "snowflake") == (
        "SELECT\n  date,\n  t.first\nFROM t\nWHERE\n  date > 1\n"
    )


def test_keyword_case_can_be_lower_or_kept():
    text = "Select a From t Where b = 1"
    assert formatted(text, keyword_case="lower") == "select\n  a\nfrom t\nwhere\n  b = 1\n"
    assert formatted(text, keyword_case="preserve") == "Select\n  a\nFrom t\nWhere\n  b = 1\n"


def test_a_word_the_tree_keeps_as_written_keeps_its_case():
    """`rows` of a window frame and Spark's table function `range` are kept as spelt."""
    text = "select sum(x) over (order by y rows between 1 preceding and current row) from range(10)"
    out = formatted(text, "databricks")
    assert "rows BETWEEN" in out and "FROM range(10)" in out


def test_a_long_condition_is_cut_before_each_and_or_but_not_inside_between():
    text = (
        "select a from t where alpha_column = 1 and beta_column between 2 and 3 "
        "or gamma_column is not null and delta > 5"
    )
    assert formatted(text) == (
        "SELECT\n  a\nFROM t\nWHERE\n  alpha_column = 1\n  AND beta_column BETWEEN 2 AND 3\n"
        "  OR gamma_column IS NOT NULL\n  AND delta > 5\n"
    )
    short = "select a from t where x = 1 and y = 2"
    assert formatted(short) == "SELECT\n  a\nFROM t\nWHERE\n  x = 1 AND y = 2\n"
    assert formatted(short, line_length=15).endswith("WHERE\n  x = 1\n  AND y = 2\n")


def test_indent_width():
    assert formatted("select a from t", indent_width=4) == "SELECT\n    a\nFROM t\n"


# -- layout --------------------------------------------------------------------------------
def test_subqueries_joins_and_lists():
    text = (
        "select a, b from t left outer join u using (id) join v on v.x=t.x "
        "where y in (select id from w) group by a, b order by a limit 5"
    )
    assert formatted(text) == (
        "SELECT\n  a,\n  b\nFROM t\nLEFT OUTER JOIN u\n  USING (id)\nJOIN v\n  ON v.x = t.x\n"
        "WHERE\n  y IN (\n    SELECT\n      id\n    FROM w\n  )\n"
        "GROUP BY\n  a,\n  b\nORDER BY\n  a\nLIMIT 5\n"
    )


def test_ctes_keep_the_authors_blank_line_and_set_operations_start_lines():
    text = "with a as (select 1 as x),\n\nb as (select 2 as x)\nselect x from a union all select x from b"
    assert formatted(text) == (
        "WITH a AS (\n  SELECT\n    1 AS x\n),\n\nb AS (\n  SELECT\n    2 AS x\n)\n"
        "SELECT\n  x\nFROM a\nUNION ALL\nSELECT\n  x\nFROM b\n"
    )


def test_leading_commas_stay_leading():
    text = "select a\n, b\n, c\nfrom t"
    assert formatted(text) == "SELECT\n  a\n  , b\n  , c\nFROM t\n"


def test_keywords_inside_functions_are_not_clauses():
    text = "select extract(year from d), trim(both 'x' from s), x is distinct from y from t"
    assert formatted(text) == (
        "SELECT\n  extract(year FROM d),\n  trim(both 'x' FROM s),\n  x IS DISTINCT FROM y\nFROM t\n"
    )


def test_bigquery_star_except_is_not_a_set_operation():
    text = "select * except (a) from t"
    assert formatted(text, "bigquery") == "SELECT\n  * EXCEPT (a)\nFROM t\n"


def test_crlf_files_stay_crlf():
    assert formatted("select a\r\nfrom t\r\n") == "SELECT\r\n  a\r\nFROM t\r\n"


def test_a_statement_sqlglot_keeps_as_text_is_left_as_written():
    text = "show   tables from  userdb;\nselect   1\n"
    assert formatted(text, "databricks") == "show   tables from  userdb;\n\nSELECT\n  1\n"


# -- refusals ------------------------------------------------------------------------------
def test_a_syntax_error_is_refused_with_its_place():
    text = "select a\nfrom t where\n"
    result = format_sql(text)
    assert result.text == text and not result.changed
    assert result.refused is not None and result.refused.startswith("syntax error: ")
    assert result.line == 2


def test_text_the_tokenizer_does_not_cover_is_refused():
    """Spark's `9223372036854775807l` gives overlapping tokens: nothing can be laid out."""
    text = "select a from t where baz > 9223372036854775807l\n"
    result = format_sql(text, "databricks")
    assert result.text == text
    assert result.refused is not None and "tokens overlap" in result.refused
    assert result.line == 1


# -- a range of lines ----------------------------------------------------------------------
def test_range_formatting_changes_only_its_lines():
    text = "select a,\nb from t\nwhere x=1 and y=2\n  -- end\n"
    result = format_lines(text, "duckdb", 2, 2)
    assert result.ok
    assert result.text == "select a,\nb from t\nWHERE\n  x = 1 AND y = 2\n  -- end\n"


def test_range_formatting_reindents_its_first_line():
    text = "select\n  a\nfrom t\n        where x=1\n"
    result = format_lines(text, "duckdb", 3, 3)
    assert result.text == "select\n  a\nfrom t\nWHERE\n  x = 1\n"


def test_range_formatting_past_the_last_line_changes_nothing():
    assert format_lines("select 1", "duckdb", 5, 9).text == "select 1"
    assert format_lines("select 1\nfrom t", "duckdb", 1, 9).text == "select 1\nFROM t\n"


def test_range_formatting_refuses_a_document_that_does_not_parse():
    text = "select a from t where\nselect 1\n"
    result = format_lines(text, "duckdb", 1, 1)
    assert result.text == text and result.refused is not None


@pytest.mark.parametrize("dialect", ["snowflake", "bigquery", "redshift", "databricks", "duckdb"])
def test_every_dialect_keeps_every_token(dialect: str):
    text = (
        "-- header\nselect /* why */ a as external_user_id, case when b then 1 else 2 end c\n"
        "from t as x -- trailing\njoin u on u.id = x.id\nwhere x.d >= '2026-01-01'\n"
    )
    out = formatted(text, dialect)
    assert "-- header\n" in out and "/* why */" in out and "-- trailing\n" in out
    assert "".join(out.split()).upper() == "".join(text.split()).upper()


# -- any text ------------------------------------------------------------------------------
PIECES = [
    "select ",
    "a",
    " b",
    ", ",
    "(",
    ")",
    " from t",
    " join u on u.id = t.id",
    " where ",
    "x = 1",
    " and ",
    " or ",
    " between 1 and 2",
    " case when x then 1 else 2 end",
    " in (select id from w)",
    " group by a",
    " order by 1",
    " union all ",
    " limit 5",
    "-- c\n",
    "/* b */",
    " /* x */ ",
    "\n",
    "\r\n",
    "\n\n",
    "  ",
    "\t",
    ";",
    "'s -- t'",
    " as date",
    " is not null",
    "with q as (select 1 as a) ",
    "-- noqa\n",
    "x::int",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.builds(
        "{}{}".format,
        st.sampled_from(["", "select a", "select a from t"]),
        st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    ),
    dialect=st.sampled_from(["snowflake", "bigquery", "redshift", "databricks", "duckdb"]),
)
def test_any_text_keeps_its_tokens_or_is_left_alone(text: str, dialect: str) -> None:
    from cdisql.analysis import analyze

    result = format_sql(text, dialect)
    if result.refused is not None:
        assert result.text == text
        assert "formatter bug" not in result.refused
        return
    assert format_sql(result.text, dialect).text == result.text

    def words(sql: str) -> list[tuple[str, str]]:
        return [
            (t.token_type.name, t.text.upper() if t.token_type.name != "IDENTIFIER" else t.text)
            for t in analyze(sql, dialect).tokens
        ]

    assert words(result.text) == words(text)
