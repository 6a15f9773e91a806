"""Ranges stay exact with non-ASCII text and CRLF; noqa comments and the dialect directive."""

from __future__ import annotations

import pytest

from cdisql.analysis import analyze
from cdisql.lint import LintSettings, lint_text
from cdisql.textindex import LineIndex


def at(sql: str, dialect: str = "snowflake", **settings: object) -> list[tuple[str, str]]:
    result = lint_text(sql, dialect, settings=LintSettings(**settings))  # type: ignore[arg-type]
    return [(d.code, sql[d.start : d.end]) for d in result.diagnostics]


# -- exact ranges -------------------------------------------------------------------------
def test_ranges_after_non_ascii_text_and_emoji() -> None:
    sql = "-- segment «clients fidèles» 😀\nSELECT nom AS external_user_id FROM clients WHERE ville LIKE '%é'"
    assert at(sql) == [("CDI306", "'%é'")]


def test_ranges_with_crlf_line_ends() -> None:
    sql = "SELECT external_id AS external_user_id\r\nFROM users\r\nWHERE email LIKE '%x'\r\nORDER BY 1\r\n"
    assert at(sql) == [("CDI306", "'%x'"), ("CDI303", "ORDER BY 1")]
    result = lint_text(sql, "snowflake")
    lines = LineIndex(sql)
    like = result.diagnostics[0]
    pos = lines.position(like.start)
    assert (pos.line, pos.column) == (2, 17)


def test_utf16_columns_count_astral_characters_twice() -> None:
    sql = "SELECT '😀' AS a, x AS external_user_id FROM t WHERE y LIKE '%z'"
    (d,) = lint_text(sql, "snowflake").diagnostics[-1:]
    lines = LineIndex(sql)
    assert lines.position(d.start).column + 1 == lines.utf16_position(d.start).column


def test_line_index_round_trips_with_lone_cr_and_crlf() -> None:
    text = "a\r\nbé\rc\nd😀e"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        pos = index.position(offset)
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # inside a CRLF pair: belongs to the end of its line
        assert index.offset(pos.line, pos.column) == offset
        u = index.utf16_position(offset)
        assert index.offset_from_utf16(u.line, u.column) == offset


def test_utf16_len_counts_a_lone_surrogate_as_one_unit() -> None:
    # JSON allows "\ud800" alone: a client can send a text holding a lone surrogate
    from cdisql.textindex import utf16_len

    assert utf16_len("a\ud800b") == 3
    assert utf16_len("\udfffé😀") == 4
    text = "SELECT '\ud83d' AS x,\n y"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        u = index.utf16_position(offset)
        assert index.offset_from_utf16(u.line, u.column) == offset


def test_syntax_error_range_after_multibyte_text() -> None:
    sql = "SELECT 'ünïcödé' AS external_user_id FROM users WHERE"
    result = lint_text(sql, "bigquery")
    (d,) = result.diagnostics
    assert sql[d.start : d.end] == "WHERE"


# -- noqa --------------------------------------------------------------------------------
def test_noqa_with_codes_suppresses_only_those_codes() -> None:
    sql = "SELECT * FROM users WHERE e LIKE '%x'  -- noqa: CDI306, CDI301\n"
    assert [c for c, _ in at(sql)] == ["CDI103"]


def test_bare_noqa_suppresses_everything_on_its_line() -> None:
    sql = "SELECT * FROM users WHERE e LIKE '%x'  -- noqa\n"
    assert at(sql) == []


def test_noqa_applies_to_the_line_where_the_diagnostic_starts() -> None:
    sql = "SELECT external_id AS external_user_id FROM users -- noqa: CDI306\nWHERE e LIKE '%x'"
    codes = [c for c, _ in at(sql)]
    assert codes == ["CDI001", "CDI306"]


def test_unused_noqa_is_reported_at_the_comment() -> None:
    sql = "SELECT external_id AS external_user_id FROM users  -- noqa: CDI306"
    assert at(sql) == [("CDI001", "-- noqa: CDI306")]


def test_noqa_for_a_rule_that_did_not_run_is_not_reported_unused() -> None:
    sql = "SELECT external_id AS external_user_id FROM users  -- noqa: CDI201"
    assert at(sql) == []  # no catalog: CDI201 could not run
    assert at(sql, ignore=("CDI3",)) == []


def test_noqa_inside_a_string_is_not_a_suppression() -> None:
    sql = "SELECT external_id AS external_user_id FROM users WHERE e LIKE '%x -- noqa'"
    assert [c for c, _ in at(sql)] == ["CDI306"]


def test_noqa_codes_are_case_insensitive_and_block_comments_work() -> None:
    sql = "SELECT external_id AS external_user_id FROM users WHERE e LIKE '%x' /* noqa: cdi306 */"
    assert at(sql) == []


# -- settings ----------------------------------------------------------------------------
def test_select_ignore_and_severity_overrides() -> None:
    from cdisql.lint.diagnostics import Severity

    sql = "SELECT * FROM users WHERE e LIKE '%x'"
    assert [c for c, _ in at(sql, select=("CDI3",))] == ["CDI301", "CDI306"]
    assert [c for c, _ in at(sql, ignore=("CDI301", "CDI1"))] == ["CDI306"]
    result = lint_text(sql, "snowflake", settings=LintSettings(severity={"CDI306": Severity.ERROR}))
    assert {d.code: d.severity for d in result.diagnostics}["CDI306"] is Severity.ERROR


# -- the dialect directive ---------------------------------------------------------------
def test_dialect_directive_sets_the_dialect() -> None:
    sql = "-- cdisql: dialect=bigquery\nSELECT IFF(a, b, c) AS external_user_id FROM `p.d.t`"
    analysis = analyze(sql, "snowflake")
    assert analysis.dialect == "bigquery" and analysis.dialect_from_directive
    assert [c for c, _ in at(sql, "snowflake")] == ["CDI107"]


def test_directive_inside_a_string_is_ignored() -> None:
    sql = "SELECT '-- cdisql: dialect=bigquery' AS external_user_id"
    assert analyze(sql, "snowflake").dialect == "snowflake"


def test_unknown_directive_dialect_keeps_the_given_one() -> None:
    assert analyze("-- cdisql: dialect=oracle\nSELECT 1", "redshift").dialect == "redshift"


def test_unknown_directive_dialect_is_reported_on_its_comment_with_a_suggestion() -> None:
    sql = "SELECT external_id AS external_user_id FROM users\n-- cdisql: dialect=bigqeury\n"
    result = lint_text(sql, "redshift")
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "CDI002"
    assert sql[diagnostic.start : diagnostic.end] == "-- cdisql: dialect=bigqeury"
    assert "did you mean bigquery?" in diagnostic.message
    assert "linted as redshift" in diagnostic.message
    assert diagnostic.suggestions == ("bigquery",)


def test_known_directive_dialect_is_not_reported() -> None:
    assert at("-- cdisql: dialect=bigquery\nSELECT external_id AS external_user_id FROM t") == []


@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "bigquery", "databricks", "duckdb"])
def test_semicolons_inside_strings_and_comments_are_not_terminators(dialect: str) -> None:
    sql = "SELECT external_id AS external_user_id FROM users WHERE note = 'a;b' -- c;d\n"
    assert at(sql, dialect) == []


def test_messages_escape_control_characters_and_cut_long_text() -> None:
    pattern = "%" + "a" * 1000 + "\x01"
    sql = f"SELECT a AS external_user_id FROM t WHERE x LIKE '{pattern}'"
    (d,) = lint_text(sql, "snowflake").diagnostics
    assert d.message.isprintable() and len(d.message) < 200
    for text in ("SELECT \x00", "SELECT a FROM \x07 WHERE", "\x1b[31mSELECT"):
        for diagnostic in lint_text(text, "bigquery").diagnostics:
            assert diagnostic.message.isprintable(), diagnostic


@pytest.mark.parametrize(
    ("dialect", "sql", "text", "message"),
    [
        ("snowflake", "SELECT a /* open comment", "/*", "unterminated /* comment"),
        ("snowflake", "SELECT $$abc\nFROM t", "$$abc", "unterminated string"),
        ("bigquery", "SELECT `abc FROM t", "`abc FROM t", "unterminated string"),
        ("redshift", "SELECT a FROM t WHERE b = 'x\nAND c = 1", "'x", "unterminated string"),
    ],
)
def test_tokenizer_failures_point_at_what_was_left_open(
    dialect: str, sql: str, text: str, message: str
) -> None:
    (d,) = lint_text(sql, dialect).diagnostics
    assert (d.code, sql[d.start : d.end]) == ("CDI100", text)
    assert d.message.startswith(message)


def test_bigquery_hash_comment_after_code_carries_noqa() -> None:
    sql = "SELECT a AS external_user_id FROM t WHERE x LIKE '%a'  # noqa: CDI306\n"
    assert at(sql, "bigquery") == []
    assert at(sql.replace("# noqa: CDI306", "-- noqa: CDI306"), "databricks") == []


def test_noqa_is_not_reported_unused_when_the_text_does_not_parse() -> None:
    sql = "SELECT a AS external_user_id FROM t WHERE  -- noqa: CDI306\n"
    assert [c for c, _ in at(sql)] == ["CDI100"]
