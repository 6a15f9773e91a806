"""Fixes: applied with ``apply_edits``, the result lints clean of the code they fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cdisql.catalog import Catalog
from cdisql.lint import LintSettings, lint_text
from cdisql.lint.diagnostics import apply_edits

CatalogFor = Callable[[str], Catalog]


def fixed(sql: str, dialect: str, code: str, catalog: Catalog | None = None) -> str:
    result = lint_text(sql, dialect, catalog=catalog)
    fixes = [d.fix for d in result.diagnostics if d.code == code and d.fix is not None]
    assert fixes, f"no fix for {code}"
    edits = [edit for fix in fixes for edit in fix.edits]
    return apply_edits(sql, edits)


def codes(sql: str, dialect: str, catalog: Catalog | None = None) -> set[str]:
    return {d.code for d in lint_text(sql, dialect, catalog=catalog).diagnostics}


def apply_safe_fixes(sql: str, dialect: str, catalog: Catalog | None = None) -> str:
    """What ``--fix`` does: apply every safe fix, re-lint, until nothing changes."""
    for _ in range(5):
        result = lint_text(sql, dialect, catalog=catalog, settings=LintSettings())
        edits = [e for d in result.diagnostics if d.fix and d.fix.safe for e in d.fix.edits]
        if not edits:
            break
        sql = apply_edits(sql, edits)
    return sql


@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "bigquery", "databricks"])
def test_trailing_semicolon_fix(dialect: str) -> None:
    sql = "SELECT external_id AS external_user_id FROM users  ;  -- done\n"
    out = fixed(sql, dialect, "CDI101")
    assert out == "SELECT external_id AS external_user_id FROM users    -- done\n"
    assert "CDI101" not in codes(out, dialect)


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT external_id FROM users", "SELECT external_id AS external_user_id FROM users"),
        (
            "SELECT u.external_id AS id FROM users u",
            "SELECT u.external_id AS external_user_id FROM users u",
        ),
        (
            "SELECT COALESCE(a, b)\nFROM t",
            "SELECT COALESCE(a, b) AS external_user_id\nFROM t",
        ),
    ],
)
def test_output_column_alias_fix(sql: str, expected: str) -> None:
    out = fixed(sql, "snowflake", "CDI103")
    assert out == expected
    assert "CDI103" not in codes(out, "snowflake")


@pytest.mark.parametrize(
    ("dialect", "sql", "expected"),
    [
        (
            "snowflake",
            "SELECT user_id::INT AS external_user_id FROM t",
            "SELECT CAST(user_id::INT AS VARCHAR) AS external_user_id FROM t",
        ),
        (
            "bigquery",
            "SELECT id + 1 AS external_user_id FROM t",
            "SELECT CAST(id + 1 AS STRING) AS external_user_id FROM t",
        ),
        (
            "databricks",
            "SELECT 42 AS external_user_id",
            "SELECT CAST(42 AS STRING) AS external_user_id",
        ),
    ],
)
def test_id_cast_fix_keeps_the_alias(dialect: str, sql: str, expected: str) -> None:
    out = fixed(sql, dialect, "CDI104")
    assert out == expected
    assert "CDI104" not in codes(out, dialect)


def test_numeric_catalog_column_named_external_user_id_is_cast_and_keeps_its_name(
    catalog_for: CatalogFor,
) -> None:
    cat = catalog_for("redshift")
    sql = "SELECT o.user_id AS external_user_id FROM orders o"
    out = fixed(sql, "redshift", "CDI104", cat)
    assert out == "SELECT CAST(o.user_id AS VARCHAR) AS external_user_id FROM orders o"
    assert codes(out, "redshift", cat) == set()


def test_safe_fixes_together_lint_clean(catalog_for: CatalogFor) -> None:
    cat = catalog_for("snowflake")
    sql = "SELECT user_id FROM users WHERE is_vip;\n"
    out = apply_safe_fixes(sql, "snowflake", cat)
    assert out == "SELECT CAST(user_id AS VARCHAR) AS external_user_id FROM users WHERE is_vip\n"
    assert codes(out, "snowflake", cat) == set()


def test_not_exists_fix_is_unsafe_and_correlates_both_sides(catalog_for: CatalogFor) -> None:
    cat = catalog_for("snowflake")
    sql = (
        "SELECT external_id AS external_user_id FROM users "
        "WHERE user_id NOT IN (SELECT user_id FROM orders WHERE status = 'refunded')"
    )
    result = lint_text(sql, "snowflake", catalog=cat)
    (d,) = [d for d in result.diagnostics if d.code == "CDI307"]
    assert d.fix is not None and not d.fix.safe
    out = apply_edits(sql, d.fix.edits)
    assert out == (
        "SELECT external_id AS external_user_id FROM users WHERE NOT EXISTS "
        "(SELECT 1 FROM orders WHERE status = 'refunded' AND orders.user_id = users.user_id)"
    )
    assert codes(out, "snowflake", cat) == set()


def test_select_star_fix_lints_clean_of_select_star(catalog_for: CatalogFor) -> None:
    cat = catalog_for("databricks")
    sql = "SELECT external_id AS external_user_id FROM (SELECT * FROM active_users) a"
    out = fixed(sql, "databricks", "CDI301", cat)
    assert "CDI301" not in codes(out, "databricks", cat)


def test_union_all_and_distinct_fixes() -> None:
    sql = "SELECT a AS external_user_id FROM t UNION DISTINCT SELECT b FROM u"
    assert fixed(sql, "bigquery", "CDI308") == (
        "SELECT a AS external_user_id FROM t UNION ALL SELECT b FROM u"
    )
    sql = "SELECT DISTINCT a AS external_user_id FROM t GROUP BY a"
    out = fixed(sql, "snowflake", "CDI309")
    assert out == "SELECT a AS external_user_id FROM t GROUP BY a"


SEGMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "segments"
FIXABLE = {"CDI101", "CDI103", "CDI104", "CDI309"}


@pytest.mark.parametrize(
    "path",
    sorted(SEGMENTS.glob("*/*.sql")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_safe_fixes_on_every_fixture_leave_no_fixable_code_behind(
    path: Path, catalog_for: CatalogFor
) -> None:
    dialect = path.parent.name
    catalog = catalog_for(dialect)
    text = path.read_text(encoding="utf-8")
    before = lint_text(text, dialect, catalog=catalog).diagnostics
    fixable = {d.code for d in before if d.fix is not None and d.fix.safe}
    out = apply_safe_fixes(text, dialect, catalog)
    after = {d.code for d in lint_text(out, dialect, catalog=catalog).diagnostics}
    assert not (fixable & after & FIXABLE), out
    # the fixes never touch anything a diagnostic did not point at
    assert len(out.splitlines()) <= len(text.splitlines())
