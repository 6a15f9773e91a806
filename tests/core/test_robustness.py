"""No input crashes the linter: random bytes, random text, mutated fixtures, huge files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdisql.catalog import Catalog, load_catalog
from cdisql.lint import lint_text
from cdisql.lint.engine import LintResult

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DIALECTS = ("snowflake", "redshift", "bigquery", "databricks", "duckdb")
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("segments/*/*.sql"))]
CATALOGS = {d: load_catalog(FIXTURES / "catalogs" / f"{d}.json") for d in DIALECTS}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str, dialect: str, catalog: Catalog | None = None) -> LintResult:
    result = lint_text(text, dialect, catalog=catalog)
    for d in result.diagnostics:
        assert 0 <= d.start <= d.end <= len(text), d
        assert d.message
        if d.fix is not None:
            for edit in d.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text), d
    return result


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(DIALECTS))
def test_random_bytes(data: bytes, dialect: str) -> None:
    check(data.decode("utf-8", errors="replace"), dialect)
    check(data.decode("latin-1"), dialect, CATALOGS[dialect])


_SQL_WORDS = st.sampled_from(
    [
        "SELECT",
        "FROM",
        "WHERE",
        "JOIN",
        "ON",
        "UNION",
        "ALL",
        "(",
        ")",
        ",",
        ";",
        "'",
        '"',
        "`",
        "*",
        "NOT",
        "IN",
        "LIKE",
        "'%a'",
        "users",
        "u.user_id",
        "external_user_id",
        "AS",
        "ORDER BY",
        "LIMIT",
        "1",
        "OVER",
        "PARTITION BY",
        "WITH",
        "x",
        "--",
        "/*",
        "*/",
        "$$",
        "CASE",
        "WHEN",
        "END",
        "BEGIN",
        "CALL",
        "\n",
        "\r\n",
        "é",
        "😀",
        "\x00",
        "QUALIFY",
        "LATERAL",
        "FLATTEN(input => t.a)",
        "UNNEST(t.a)",
        "CROSS JOIN",
        "GROUP BY",
        "DISTINCT",
    ]
)


@FUZZ
@given(st.lists(_SQL_WORDS, max_size=40), st.sampled_from(DIALECTS))
def test_random_sql_token_soup(words: list[str], dialect: str) -> None:
    check(" ".join(words), dialect, CATALOGS[dialect])


@st.composite
def mutated_fixture(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 30)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + draw(_SQL_WORDS) + text[i:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[i:] + text[:i]
    return text


@FUZZ
@given(mutated_fixture(), st.sampled_from(DIALECTS))
def test_mutated_fixtures(text: str, dialect: str) -> None:
    check(text, dialect, CATALOGS[dialect])


@FUZZ
@given(st.text(max_size=300), st.sampled_from(DIALECTS))
def test_random_text(text: str, dialect: str) -> None:
    check(text, dialect, CATALOGS[dialect])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\x02\xff",
        "SELECT 'unterminated",
        'SELECT "unterminated',
        "SELECT $$unterminated",
        "/* unterminated comment",
        "BEGIN\n  LET x := 1;\n  IF (x > 0) THEN RETURN 1; END IF;\nEND;",
        "DECLARE c CURSOR FOR SELECT 1; OPEN c;",
        "SELECT " + "(" * 3000 + "1" + ")" * 3000,
        "SELECT " + "(" * 3000,
        "SELECT a FROM t WHERE " + " AND ".join(f"c{i} = {i}" for i in range(2000)),
        "SELECT 1 " + "UNION ALL SELECT 1 " * 500,
        "WITH "
        + ", ".join(f"c{i} AS (SELECT * FROM c{i - 1})" for i in range(1, 200))
        + " SELECT * FROM c199",
        ";;;;",
        "AWHERE is_vip UNION ALL SELECT external_id FROM active_users",
        "SELECT u.external_id AS external_user_id FROM users AS u JOIN users AS u "
        "JOIN orders AS o ON o.user_id = u.user_id WHERE user_id > 1000 "
        "AND (SELECT 1 FROM orders x WHERE x.user_id = u.user_id) = 1",
        "\ufeffSELECT 1 AS external_user_id",
    ],
)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_nasty_inputs_yield_diagnostics_not_tracebacks(
    text: str, dialect: str, catalog_for: Callable[[str], Catalog]
) -> None:
    check(text, dialect, catalog_for(dialect))


def test_one_megabyte_of_text(catalog_for: Callable[[str], Catalog]) -> None:
    line = "SELECT external_id AS external_user_id FROM users WHERE email LIKE '%x' -- é\n"
    text = line * (1_000_000 // len(line))
    result = check(text, "snowflake", catalog_for("snowflake"))
    assert any(d.code == "CDI100" or d.code == "CDI101" for d in result.diagnostics)


def test_one_megabyte_of_garbage() -> None:
    text = ("@#%^&{}[]|\\~" * 90_000)[:1_000_000]
    result = check(text, "bigquery")
    assert result.diagnostics


@FUZZ
@given(mutated_fixture(), st.sampled_from(DIALECTS))
def test_projection_ranges_cover_their_projections(text: str, dialect: str) -> None:
    from sqlglot import exp

    from cdisql.analysis import analyze, span_of
    from cdisql.lint.context import RuleContext

    ctx = RuleContext(analyze(text, dialect))
    for select in ctx.nodes(exp.Select):
        ranges = ctx.projection_ranges(select)
        if ranges is None:
            continue
        assert len(ranges) == len(select.expressions)
        previous_end = -1
        for (start, end), projection in zip(ranges, select.expressions, strict=True):
            assert previous_end <= start < end <= len(text)
            previous_end = end
            span = span_of(projection)
            if span is not None and not projection.find(exp.Query):
                assert start <= span[0] and span[1] <= end, (text[start:end], projection.sql())
