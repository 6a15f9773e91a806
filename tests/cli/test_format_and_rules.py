"""``cdisql format``, ``cdisql rules``, ``cdisql rule`` and the helpers behind them."""

from __future__ import annotations

from cdisql.format import format_sql
from cdisql.lint.fixing import fix_text
from cdisql.lint.registry import all_rules
from cdisql.lint.settings import LintSettings
from cli.support import FIXABLE, write

UGLY = (
    "-- vip users\n"
    "with recent as (select user_id from orders where order_date >= '2026-01-01' -- this year\n"
    ") select cast(u.id as varchar) as external_user_id from users as u join recent as r on r.user_id = u.id\n"
)


# -- format_sql ----------------------------------------------------------------------------
def test_format_lays_out_clauses_and_keeps_every_comment():
    result = format_sql(UGLY, "snowflake")
    assert result.ok and result.changed
    assert result.text == (
        "-- vip users\n"
        "WITH recent AS (\n"
        "  SELECT\n"
        "    user_id\n"
        "  FROM orders\n"
        "  WHERE\n"
        "    order_date >= '2026-01-01'  -- this year\n"
        ")\n"
        "SELECT\n"
        "  cast(u.id AS VARCHAR) AS external_user_id\n"
        "FROM users AS u\n"
        "JOIN recent AS r\n"
        "  ON r.user_id = u.id\n"
    )
    # formatting is stable
    assert format_sql(result.text, "snowflake").text == result.text


def test_format_refuses_text_that_does_not_parse():
    result = format_sql("SELECT id FROM (users\n", "duckdb")
    assert not result.ok
    assert result.refused == "syntax error: missing closing parenthesis `)`"
    assert (result.line, result.column) == (1, 17)
    assert result.text == "SELECT id FROM (users\n"


def test_format_keeps_a_comment_holding_a_block_end():
    text = "SELECT 1 AS external_user_id -- keep */ this\n"
    result = format_sql(text, "duckdb")
    assert result.ok
    assert result.text == "SELECT\n  1 AS external_user_id  -- keep */ this\n"


def test_format_keeps_a_noqa_line_on_one_line():
    """The line a `noqa` ends keeps its tokens together, so it still suppresses."""
    text = "select * from users  -- noqa: CDI301\nwhere id > 1\n"
    result = format_sql(text, "duckdb")
    assert result.ok
    assert result.text == "SELECT * FROM users  -- noqa: CDI301\nWHERE\n  id > 1\n"


def test_format_keeps_a_trailing_semicolon_and_statement_count():
    result = format_sql("select a from t; select b from u;", "duckdb")
    assert result.text == "SELECT\n  a\nFROM t;\n\nSELECT\n  b\nFROM u;\n"


def test_format_of_blank_text_is_a_no_op():
    assert format_sql("  \n-- just a note\n", "duckdb").changed is False


# -- cdisql format -------------------------------------------------------------------------
def test_format_check_reports_without_writing(project, run):
    path = write(project / "seg.sql", UGLY)
    result = run("format", "--check", "--dialect", "snowflake", "seg.sql")
    assert result.exit_code == 1
    assert "Would reformat: seg.sql" in result.stdout
    assert path.read_text() == UGLY


def test_format_writes_files_and_then_check_passes(project, run):
    path = write(project / "seg.sql", UGLY)
    result = run("format", "--dialect", "snowflake", ".")
    assert result.exit_code == 0
    assert "1 file reformatted" in result.stdout
    assert path.read_text().startswith("-- vip users\nWITH recent AS (")
    assert run("format", "--check", "--dialect", "snowflake", "seg.sql").exit_code == 0


def test_format_refusal_names_the_file_and_the_reason(project, run):
    path = write(project / "broken.sql", "SELECT id FROM (users\n")
    result = run("format", "broken.sql")
    assert result.exit_code == 1
    assert "broken.sql:1:17: not formatted: syntax error: missing closing parenthesis" in (
        result.stderr
    )
    assert path.read_text() == "SELECT id FROM (users\n"


def test_format_stdin(project, run):
    result = run("format", "-", input="select a from t")
    assert result.exit_code == 0
    assert result.stdout == "SELECT\n  a\nFROM t\n"


def test_format_missing_file_exits_two(project, run):
    result = run("format", "nope.sql")
    assert result.exit_code == 2
    assert "nope.sql: no such file or folder" in result.stderr


# -- fix_text ------------------------------------------------------------------------------
def test_fix_text_applies_safe_fixes_until_stable():
    outcome = fix_text("SELECT CAST(user_id AS INT);", "snowflake")
    assert outcome.text == "SELECT CAST(CAST(user_id AS INT) AS VARCHAR) AS external_user_id"
    assert sorted(f.code for f in outcome.applied) == ["CDI101", "CDI103", "CDI104"]
    assert outcome.remaining.diagnostics == ()


def test_fix_text_never_names_a_literal_the_id():
    outcome = fix_text("SELECT 42;", "snowflake", unsafe=True)
    assert outcome.text == "SELECT CAST(42 AS VARCHAR)"
    assert [d.code for d in outcome.remaining.diagnostics] == ["CDI103"]


def test_fix_text_respects_the_settings():
    outcome = fix_text(FIXABLE, "duckdb", settings=LintSettings(ignore=("CDI101",)))
    assert outcome.text == "SELECT id AS external_user_id FROM users;\n"
    assert [f.code for f in outcome.applied] == ["CDI103"]


def test_fix_text_without_fixes_returns_the_text_unchanged():
    text = "SELECT CAST(id AS VARCHAR) AS external_user_id FROM users WHERE name LIKE '%a'"
    outcome = fix_text(text, "duckdb")
    assert outcome.text == text and not outcome.changed
    assert [d.code for d in outcome.remaining.diagnostics] == ["CDI306"]


# -- rules / rule --------------------------------------------------------------------------
def test_rules_lists_every_rule_with_severity_and_summary(run):
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "SUMMARY"]
    for rule in all_rules():
        row = next(line for line in lines if line.startswith(rule.code + " "))
        assert rule.name in row and rule.severity.label in row


def test_rule_prints_the_rules_own_documentation(run):
    result = run("rule", "CDI104")
    assert result.exit_code == 0
    assert result.stdout.startswith("# CDI104 id-not-string\n")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in result.stdout
    assert run("rule", "id-not-string").stdout == result.stdout


def test_unknown_rule_suggests_the_closest(run):
    result = run("rule", "CDI1044")
    assert result.exit_code == 2
    assert "no rule 'CDI1044'; did you mean CDI104?" in result.stderr


def test_format_diff_shows_the_change_without_writing(project, run):
    path = write(project / "seg.sql", "select a from t\n")
    result = run("format", "--diff", "seg.sql")
    assert result.exit_code == 1
    assert "--- seg.sql\n+++ seg.sql (formatted)\n" in result.stdout
    assert "-select a from t\n+SELECT\n+  a\n+FROM t\n" in result.stdout
    assert path.read_text() == "select a from t\n"


def test_format_leaves_a_misspelt_keyword_alone(project, run):
    """`SELEC x` parses as the column SELEC aliased x: formatting it would dress up the typo."""
    result = run("format", "-", input="SELEC x\n")
    assert result.exit_code == 1 and result.stdout == "SELEC x\n"
    assert "not formatted: not a statement: `SELEC x` reads as an expression" in result.stderr
