"""Unit tests of the editor features' core: pure functions on text and offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdisql.assist import (
    CatalogIndex,
    complete,
    document_symbols,
    hover,
    outline,
    signature_help,
    symbol_at,
)
from cdisql.assist.catalog_loader import from_compact, to_compact
from cdisql.assist.lexical import scan
from cdisql.catalog import Catalog, Column, Table
from cdisql.dialects import get_warehouse

SNOWFLAKE = get_warehouse("snowflake")
BIGQUERY = get_warehouse("bigquery")


@pytest.fixture
def index() -> CatalogIndex:
    catalog = Catalog(
        SNOWFLAKE,
        (
            Table(
                "USERS",
                (
                    Column("USER_ID", "NUMBER", False, "internal id"),
                    Column("EXTERNAL_ID", "VARCHAR", True, "Braze external id"),
                    Column("mixedCase", "VARCHAR"),
                ),
                database="ANALYTICS",
                schema="CDI",
                description="one row per customer",
                row_count=42,
            ),
            Table(
                "ORDERS", (Column("USER_ID", "NUMBER"), Column("AMOUNT", "NUMBER")), schema="CDI"
            ),
            Table("EVENTS", (Column("USER_ID", "NUMBER"),), schema="RAW", kind="view"),
        ),
    )
    return CatalogIndex.build(catalog)


def labels(text: str, marker: str, index: CatalogIndex | None = None, delta: int = 0) -> list[str]:
    offset = text.index(marker) + len(marker) + delta if marker else len(text)
    return [c.label for c in complete(text, offset, SNOWFLAKE, index).candidates]


def test_tables_ctes_and_schemas_after_from(index: CatalogIndex) -> None:
    text = "WITH recent AS (SELECT 1 AS n) SELECT * FROM "
    found = labels(text, "", index)
    assert found[0] == "recent"
    assert {"USERS", "ORDERS", "EVENTS", "CDI", "RAW"} <= set(found)


def test_table_prefix_uses_the_index(index: CatalogIndex) -> None:
    assert labels("SELECT 1 FROM us", "", index) == ["USERS"]
    assert labels("SELECT 1 FROM a JOIN ORD", "", index) == ["ORDERS"]


def test_schema_qualified_tables(index: CatalogIndex) -> None:
    assert labels("SELECT 1 FROM RAW.", "", index) == ["EVENTS"]


def test_alias_columns_and_quoting(index: CatalogIndex) -> None:
    text = "SELECT u. FROM users AS u"
    result = complete(text, text.index("u.") + 2, SNOWFLAKE, index)
    by_label = {c.label: c for c in result.candidates}
    assert set(by_label) == {"USER_ID", "EXTERNAL_ID", "mixedCase"}
    assert by_label["mixedCase"].insert_text == '"mixedCase"'
    assert by_label["USER_ID"].insert_text == "USER_ID"


def test_bigquery_quotes_with_backticks() -> None:
    catalog = Catalog(BIGQUERY, (Table("events", (Column("user id", "STRING"),), schema="ds"),))
    text = "SELECT e. FROM events e"
    result = complete(text, text.index("e.") + 2, BIGQUERY, CatalogIndex.build(catalog))
    assert [c.insert_text for c in result.candidates] == ["`user id`"]


def test_columns_in_scope_for_an_expression(index: CatalogIndex) -> None:
    text = "SELECT  FROM users u JOIN orders o ON o.user_id = u.user_id"
    found = labels(text, "SELECT ", index)
    assert {"EXTERNAL_ID", "AMOUNT", "u", "o", "external_user_id"} <= set(found)
    assert found.count("USER_ID") == 1


def test_cte_output_columns_through_an_alias() -> None:
    text = "WITH b AS (SELECT id AS uid, email FROM t) SELECT x. FROM b x"
    assert labels(text, "x.") == ["email", "uid"]


def test_incomplete_sql_still_completes(index: CatalogIndex) -> None:
    assert "EXTERNAL_ID" in labels("SELECT u.ext FROM users u WHERE (", "u.ext", index, delta=0)
    assert labels("SELECT 'unterminated FROM ", "") == []


def test_keywords_at_the_start() -> None:
    assert "SELECT" in labels("sel", "")
    assert "WITH" in labels("", "")


def test_function_completion_offers_the_warehouses_own_functions() -> None:
    def functions(text: str, warehouse: object) -> set[str]:
        result = complete(text, len(text), warehouse, None)  # type: ignore[arg-type]
        return {c.label for c in result.candidates if c.detail == "function"}

    snowflake = functions("SELECT IF", SNOWFLAKE)
    assert {"IFF", "IFNULL"} <= snowflake and "IF" not in snowflake  # Snowflake has no IF()
    bigquery = functions("SELECT IF", BIGQUERY)
    assert {"IF", "IFNULL"} <= bigquery and "IFF" not in bigquery
    system = functions("SELECT SYSTEM$", SNOWFLAKE)
    assert "SYSTEM$TYPEOF" in system and "SYSTEM$CANCEL_QUERY" not in system  # refused
    databricks = functions("SELECT GE", get_warehouse("databricks"))
    assert "GET" in databricks and "GETDATE" in databricks


def test_completion_limit_marks_the_list_incomplete() -> None:
    tables = tuple(Table(f"T{i:04d}") for i in range(500))
    index = CatalogIndex.build(Catalog(SNOWFLAKE, tables))
    result = complete("SELECT 1 FROM T", 15, SNOWFLAKE, index, limit=50)
    assert len(result.candidates) == 50
    assert result.incomplete


def test_hover_describes_tables_columns_functions(index: CatalogIndex) -> None:
    text = "SELECT COALESCE(u.external_id, '') FROM users u"
    table = hover(text, text.index("users") + 1, SNOWFLAKE, index)
    assert (
        table is not None
        and "one row per customer" in table.markdown
        and "42 rows" in table.markdown
    )
    column = hover(text, text.index("external_id") + 1, SNOWFLAKE, index)
    assert (
        column is not None
        and "Braze external id" in column.markdown
        and "nullable" in column.markdown
    )
    function = hover(text, 8, SNOWFLAKE, index)
    assert function is not None and "COALESCE(" in function.markdown
    alias = hover(text, text.index("u."), SNOWFLAKE, index)
    assert alias is not None and "alias of ANALYTICS.CDI.USERS" in alias.markdown


def test_table_hover_fits_a_narrow_box_as_one_paragraph_of_columns() -> None:
    """Editors' hover boxes are short: a markdown table of 7+ columns was cut off in VS Code."""
    from cdisql.assist.hover import MAX_COLUMNS_SHOWN, describe_table

    columns = tuple(Column(f"col_{i}", "VARCHAR") for i in range(MAX_COLUMNS_SHOWN + 5))
    markdown = describe_table(Table("WIDE", columns, description="many columns", row_count=3))
    lines = markdown.splitlines()
    assert not any(line.startswith("|") for line in lines)
    assert len(lines) == 5  # head, blank, description, blank, the columns
    assert lines[0].endswith("· 3 rows")
    assert lines[-1].startswith(f"{MAX_COLUMNS_SHOWN + 5} columns: `col_0` VARCHAR · `col_1`")
    assert lines[-1].endswith("· … 5 more")


def test_signature_help_counts_arguments_in_nested_calls() -> None:
    text = "SELECT IFF(a > 1, COALESCE(b, c), "
    found = signature_help(text, len(text), SNOWFLAKE)
    assert found is not None and found.signature.name == "IFF"
    assert found.active_parameter == 2
    inner = signature_help(text, text.index("c)"), SNOWFLAKE)
    assert inner is not None and inner.signature.name == "COALESCE"
    assert signature_help("SELECT (1, ", 11, SNOWFLAKE) is None


def test_definitions_and_references_of_ctes_and_aliases() -> None:
    text = "WITH a AS (SELECT 1 AS x) SELECT t.x FROM a t WHERE t.x > 0"
    cte = symbol_at(text, text.index("FROM a") + 5, SNOWFLAKE)
    assert cte is not None and cte.kind == "cte"
    assert (cte.definition.start, cte.definition.end) == (5, 6)
    alias = symbol_at(text, text.index("t.x"), SNOWFLAKE)
    assert alias is not None and alias.kind == "alias"
    assert text[alias.definition.start : alias.definition.end] == "t"
    assert len(alias.references) == 2


def test_same_alias_in_two_subqueries_resolves_to_the_nearest() -> None:
    text = "SELECT * FROM (SELECT u.a FROM users u) x JOIN (SELECT u.b FROM orders u) y ON 1=1"
    second = symbol_at(text, text.index("u.b"), SNOWFLAKE)
    assert second is not None
    assert second.definition.start == text.index("orders u") + len("orders ")


def test_document_symbols_nest_subqueries() -> None:
    text = "WITH a AS (SELECT 1 AS x FROM (SELECT 2) s) SELECT x FROM a WHERE x IN (SELECT 1)"
    symbols = document_symbols(text, SNOWFLAKE)
    assert [s.name for s in symbols] == ["a", "SELECT"]
    assert [c.kind for c in symbols[0].children] == ["subquery"]
    assert [c.kind for c in symbols[1].children] == ["subquery"]


def test_compact_catalog_round_trip(index: CatalogIndex) -> None:
    catalog = index.catalog
    back = from_compact(to_compact(catalog))
    assert back.tables == catalog.tables
    assert back.warehouse == catalog.warehouse
    assert back.resolve("CDI", "ORDERS") is not None


def test_compact_catalog_shares_identical_columns() -> None:
    from cdisql.catalog import Catalog, Column, Table
    from cdisql.dialects import get_warehouse

    user_id = Column("USER_ID", "VARCHAR", True)
    other = Table("U", (Column("USER_ID", "VARCHAR", False), Column("USER_ID", "NUMBER", True)))
    tables = (
        *(
            Table(f"T{i}", (Column("USER_ID", "VARCHAR", True), Column(f"C{i}", "DATE", False)))
            for i in range(3)
        ),
        other,
    )
    catalog = Catalog(get_warehouse("snowflake"), tables)
    back = from_compact(to_compact(catalog))
    assert back.tables == catalog.tables
    firsts = [t.columns[0] for t in back.tables[:3]]
    assert firsts == [user_id] * 3
    assert firsts[0] is firsts[1] is firsts[2]  # built once
    assert back.tables[3].columns[0] is not firsts[0]  # not nullable: another column
    assert back.tables[3].columns[1] is not firsts[0]  # another type


def test_scan_never_fails_on_broken_text() -> None:
    toks = scan('SELECT \'abc "x" `y')
    assert [t.kind for t in toks][:2] == ["keyword", "string"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.integers(min_value=0, max_value=100))
def test_features_never_raise(text: str, offset: int) -> None:
    offset = min(offset, len(text))
    outline(text, SNOWFLAKE)
    complete(text, offset, SNOWFLAKE)
    hover(text, offset, SNOWFLAKE)
    signature_help(text, offset, SNOWFLAKE)
    symbol_at(text, offset, SNOWFLAKE)
    document_symbols(text, SNOWFLAKE)
