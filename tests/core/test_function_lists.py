"""The per-warehouse function lists shipped as data (``data/functions/<kind>.json``): each
names its sources and the date they were read, holds hundreds of names, and has the
documented functions lint used to call unknown."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from cdisql.dialects import WAREHOUSES, get_warehouse


def _document(kind: str) -> dict:
    text = resources.files("cdisql").joinpath(f"data/functions/{kind}.json").read_text("utf-8")
    return json.loads(text)


@pytest.mark.parametrize("kind", sorted(WAREHOUSES))
def test_each_list_names_its_sources_and_the_date_they_were_read(kind: str) -> None:
    document = _document(kind)
    assert document["warehouse"] == kind
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", document["read"])
    assert document["sources"] and all(s["url"].startswith("https://") for s in document["sources"])
    names = document["functions"]
    assert len(names) >= 300, len(names)
    assert names == sorted(set(names)) and all(n == n.lower() for n in names)
    assert get_warehouse(kind).functions == frozenset(names)


@pytest.mark.parametrize(
    ("kind", "documented"),
    [
        ("databricks", "get date_part btrim to_varchar octet_length make_date try_divide"),
        ("redshift", "octet_length array_flatten listagg getdate json_extract_path_text"),
        ("bigquery", "search contains_substr safe_cast net.host generate_date_array"),
        ("snowflake", "iff flatten try_cast system$typeof array_construct div0 equal_null"),
        ("duckdb", "list_has_any string_split date_part strftime"),
    ],
)
def test_documented_functions_are_on_their_warehouses_list(kind: str, documented: str) -> None:
    functions = get_warehouse(kind).functions
    assert [n for n in documented.split() if n not in functions] == []


@pytest.mark.parametrize(
    ("kind", "absent"),
    [
        ("redshift", "array_agg string_agg try_cast iff"),  # PostgreSQL's, unsupported there
        ("bigquery", "iff nvl try_cast"),
        ("snowflake", "safe_cast if format_date"),
    ],
)
def test_functions_a_warehouse_lacks_are_not_on_its_list(kind: str, absent: str) -> None:
    functions = get_warehouse(kind).functions
    assert [n for n in absent.split() if n in functions] == []


@pytest.mark.parametrize(
    ("kind", "text", "found"),
    [
        ("bigquery", "SELECT IFF(vip, a, NULL) FROM t", [("IFF", "IF(vip, a, NULL)")]),
        (
            "snowflake",
            "SELECT FORMAT_DATE('%Y', d), IF(a, 1, 2) FROM t",
            [("FORMAT_DATE", "TO_CHAR(TO_DATE(d), 'yyyy')"), ("IF", "IFF(a, 1, 2)")],
        ),
        ("redshift", "SELECT ARRAY_AGG(x) FROM t GROUP BY y", [("ARRAY_AGG", None)]),
        ("bigquery", "SELECT LISTAGG(a, ',') FROM t", [("LISTAGG", "STRING_AGG(a, ',')")]),
        (
            "databricks",
            "SELECT get(tags, 0), date_part('DOW', ts), btrim(s), to_varchar(n) FROM t",
            [],
        ),
        ("bigquery", "SELECT a FROM t WHERE SEARCH(a, 'x') AND EXISTS (SELECT 1)", []),
        ("redshift", "WITH max (x) AS (SELECT 1) SELECT x FROM max", []),
        ("snowflake", "SELECT my_udf(a), NET.HOST(a) FROM t", []),
    ],
)
def test_calls_of_another_warehouses_functions(
    kind: str, text: str, found: list[tuple[str, str | None]]
) -> None:
    import sqlglot

    from cdisql.lint.functions import foreign_calls

    warehouse = get_warehouse(kind)
    tokens = sqlglot.Dialect.get_or_raise(warehouse.dialect).tokenize(text)
    tree = sqlglot.parse_one(text, read=warehouse.dialect)
    calls = foreign_calls(tree, tokens, warehouse, text)
    assert [(c.name, c.instead) for c in calls] == found
    for call in calls:
        assert text[call.start : call.end] == call.name
        assert warehouse not in call.known_in and call.known_in
