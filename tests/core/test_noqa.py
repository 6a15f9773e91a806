"""One noqa reader for lint and for the editor's "Suppress" action: every comment on a line
counts, in each comment form of the dialect, and the quick fix extends what is there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cdisql.catalog import Catalog
from cdisql.lint import LintSettings, lint_text
from cdisql.lint.diagnostics import apply_edits
from cdisql.lint.engine import LintResult
from cdisql.lint.noqa import suppression_edit

LIKE = "SELECT * FROM users WHERE e LIKE '%x'"
"""CDI103 (`*` output), CDI301 (`SELECT *`) and CDI306 (leading wildcard) on one line."""

SEGMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "segments"


def codes(sql: str, dialect: str = "snowflake") -> list[str]:
    return [d.code for d in lint_text(sql, dialect).diagnostics]


def reported(sql: str, dialect: str = "snowflake") -> list[tuple[str, str]]:
    return [(d.code, sql[d.start : d.end]) for d in lint_text(sql, dialect).diagnostics]


# -- lint reads every comment of the line ------------------------------------------------
def test_codes_of_every_noqa_on_a_line_are_merged() -> None:
    sql = f"{LIKE} /* noqa: CDI301 */ -- noqa: CDI306\n"
    assert codes(sql) == ["CDI103"]


def test_a_bare_noqa_in_a_block_comment_wins_over_a_coded_one_on_the_line() -> None:
    sql = f"{LIKE} /* noqa */ -- noqa: CDI301\n"
    assert codes(sql) == []


def test_unused_noqa_points_at_the_comment_that_suppresses_nothing() -> None:
    sql = "SELECT external_id AS external_user_id FROM users WHERE e LIKE '%x'"
    sql += " /* noqa: CDI306 */ -- noqa: CDI310\n"
    assert reported(sql) == [("CDI001", "-- noqa: CDI310")]


@pytest.mark.parametrize(
    ("dialect", "comment"),
    [
        ("snowflake", "-- noqa: CDI306"),
        ("snowflake", "/* noqa: CDI306 */"),
        ("snowflake", "// noqa: CDI306"),
        ("bigquery", "# noqa: CDI306"),
        ("bigquery", "# noqa"),
        ("redshift", "/* NOQA: cdi306 */"),
        ("databricks", "-- noqa"),
        ("duckdb", "-- noqa:CDI306"),
    ],
)
def test_every_comment_form_of_the_dialect_carries_noqa(dialect: str, comment: str) -> None:
    sql = f"SELECT a AS external_user_id FROM t WHERE x LIKE '%a'  {comment}\n"
    assert codes(sql, dialect) == []


@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "databricks", "duckdb"])
def test_a_hash_is_not_a_comment_where_the_dialect_has_no_hash_comments(dialect: str) -> None:
    sql = "SELECT a AS external_user_id FROM t WHERE x LIKE '%a'  # noqa\n"
    assert codes(sql, dialect) == ["CDI100"]


def test_noqa_in_a_string_or_a_quoted_name_suppresses_nothing() -> None:
    sql = "SELECT \"-- noqa\" AS external_user_id FROM t WHERE x LIKE '%a /* noqa */'\n"
    assert codes(sql) == ["CDI306"]


def test_the_guard_settings_ignore_noqa() -> None:
    sql = f"{LIKE}  -- noqa\n"
    result = lint_text(sql, "snowflake", settings=LintSettings(noqa=False))
    assert [d.code for d in result.diagnostics] == ["CDI103", "CDI301", "CDI306"]


# -- the editor's quick fix --------------------------------------------------------------
def suppressed(sql: str, code: str, dialect: str = "snowflake") -> str | None:
    edit = suppression_edit(sql, sql.index("LIKE"), code, dialect)
    return None if edit is None else apply_edits(sql, [edit])


@pytest.mark.parametrize(
    ("dialect", "before", "after"),
    [
        ("snowflake", "-- noqa: CDI301", "-- noqa: CDI301, CDI306"),
        ("snowflake", "/* noqa: CDI301 */", "/* noqa: CDI301, CDI306 */"),
        ("snowflake", "// noqa: CDI301", "// noqa: CDI301, CDI306"),
        ("bigquery", "# noqa: CDI301", "# noqa: CDI301, CDI306"),
        (
            "snowflake",
            "/* noqa: CDI103 */ -- noqa: CDI301",
            "/* noqa: CDI103 */ -- noqa: CDI301, CDI306",
        ),
    ],
)
def test_quick_fix_adds_the_code_to_the_existing_noqa(
    dialect: str, before: str, after: str
) -> None:
    assert suppressed(f"{LIKE}  {before}\n", "CDI306", dialect) == f"{LIKE}  {after}\n"


@pytest.mark.parametrize(
    ("dialect", "comment"),
    [
        ("snowflake", "/* noqa */"),
        ("bigquery", "# noqa"),
        ("snowflake", "-- noqa: CDI301 /* noqa */"),
        ("snowflake", "/* noqa: CDI306 */ -- noqa: CDI301"),
    ],
)
def test_quick_fix_offers_nothing_where_the_line_already_suppresses_the_code(
    dialect: str, comment: str
) -> None:
    assert suppressed(f"{LIKE}  {comment}\n", "CDI306", dialect) is None


def test_quick_fix_writes_a_noqa_where_the_line_has_none() -> None:
    sql = f"{LIKE}  -- users who wrote an email\n"
    assert suppressed(sql, "CDI306") == (f"{LIKE}  -- users who wrote an email  -- noqa: CDI306\n")
    assert suppressed(f"{LIKE}\nLIMIT 5", "cdi306") == f"{LIKE}  -- noqa: CDI306\nLIMIT 5"


FIXTURES = sorted(SEGMENTS.glob("*/*.sql"))


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURES])
def test_quick_fix_silences_its_rule_and_brings_nothing_back(
    path: Path, catalog_for: Callable[[str], Catalog]
) -> None:
    dialect = path.parent.name
    catalog = catalog_for(dialect)
    text = path.read_text(encoding="utf-8")
    before = lint_text(text, dialect, catalog=catalog)

    def on_lines(result: LintResult) -> set[tuple[str, int]]:
        line_of = result.analysis.lines.line_of
        return {(d.code, line_of(d.start)) for d in result.diagnostics if d.code != "CDI001"}

    seen = on_lines(before)
    for diagnostic in before.diagnostics:
        if diagnostic.code in ("CDI100", "CDI001"):
            continue
        edit = suppression_edit(text, diagnostic.start, diagnostic.code, dialect)
        if edit is None:
            continue
        fixed = apply_edits(text, [edit])
        after = lint_text(fixed, dialect, catalog=catalog)
        line = before.analysis.lines.line_of(diagnostic.start)
        now = on_lines(after)
        assert (diagnostic.code, line) not in now, fixed
        assert now <= seen, (fixed, now - seen)
        line_start = after.analysis.lines.line_start(line)
        assert suppression_edit(fixed, line_start, diagnostic.code, dialect) is None
