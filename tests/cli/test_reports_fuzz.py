"""Whatever the text, every output format renders and every range is a valid position."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdisql.format import format_sql
from cdisql.lint.engine import lint_text
from cdisql.lint.fixing import fix_text
from cdisql.report import FORMATS, FileReport, render

PIECES = [
    "SELECT ",
    "id",
    " AS external_user_id",
    " FROM users",
    " u",
    " WHERE ",
    "x LIKE '%a'",
    ";",
    "\r\n",
    "\n",
    "\r",
    "-- noqa\n",
    "/* é */",
    "'unterminated",
    "(",
    ")",
    ",",
    " * ",
    "𝄞",
    "é",
    "\t",
    "UNION ",
    "ORDER BY 1",
    " LIMIT 5",
    "CAST(1 AS INT)",
    "\x00",
    "`",
    '"',
]
sql_text = st.lists(st.sampled_from(PIECES), max_size=25).map("".join) | st.text(max_size=120)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=sql_text, dialect=st.sampled_from(["snowflake", "bigquery", "duckdb"]))
def test_every_format_renders_any_text(text: str, dialect: str) -> None:
    result = lint_text(text, dialect)
    report = FileReport("fuzz.sql", text, result.diagnostics)
    for fmt in FORMATS:
        out = render(fmt, [report])
        if fmt in ("json", "sarif"):
            json.loads(out)
        elif fmt == "junit":
            ET.fromstring(out)
    rows = len(text.splitlines()) + 1
    for item in json.loads(render("json", [report])):
        for key in ("location", "end_location"):
            assert 1 <= item[key]["row"] <= rows + 1
            assert item[key]["column"] >= 1
        assert (item["location"]["row"], item["location"]["column"]) <= (
            item["end_location"]["row"],
            item["end_location"]["column"],
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=sql_text)
def test_fixing_and_formatting_never_raise(text: str) -> None:
    outcome = fix_text(text, "snowflake")
    assert isinstance(outcome.text, str)
    assert outcome.applied or outcome.text == text
    formatted = format_sql(text, "snowflake")
    if formatted.refused is not None:
        assert formatted.text == text
    elif formatted.changed:
        assert formatted.text.endswith("\n")
        assert format_sql(formatted.text, "snowflake").refused is None
