"""Hover content and completion documentation, as Markdown.

Tables show their description, kind, row count and columns; columns their type,
nullability, description and table; functions their signature; a rule code (from a
diagnostic under the cursor or a ``noqa`` comment) its documentation summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cdisql.assist.catalog_index import CatalogIndex
from cdisql.assist.functions import is_function, signature
from cdisql.assist.lexical import Outline, outline
from cdisql.catalog import Column, Table
from cdisql.dialects import Warehouse
from cdisql.lint.diagnostics import Diagnostic

MAX_COLUMNS_SHOWN = 30


@dataclass(frozen=True, slots=True)
class Hover:
    markdown: str
    start: int
    end: int


def describe_table(table: Table) -> str:
    head = f"**{table.qualified_name}** · {table.kind.replace('_', ' ')}"
    if table.row_count is not None:
        head += f" · {table.row_count:,} rows"
    lines = [head]
    if table.description:
        lines += ["", table.description]
    if table.columns:
        # one wrapping paragraph, not a table: editors' hover boxes are narrow and short,
        # and a table taller or wider than the box is cut off
        shown = " · ".join(
            f"`{c.name}` {c.type}" if c.type else f"`{c.name}`"
            for c in table.columns[:MAX_COLUMNS_SHOWN]
        )
        more = len(table.columns) - MAX_COLUMNS_SHOWN
        lines += [
            "",
            f"{len(table.columns)} columns: {shown}" + (f" · … {more} more" if more > 0 else ""),
        ]
    return "\n".join(lines)


def describe_column(column: Column, table: Table) -> str:
    parts = [f"**{column.name}** `{column.type or 'unknown type'}`"]
    if column.nullable is not None:
        parts[0] += " · " + ("nullable" if column.nullable else "not null")
    if column.description:
        parts += ["", column.description]
    parts += ["", f"column of {table.qualified_name}"]
    return "\n".join(parts)


def describe_function(name: str, dialect: str | None = None) -> str:
    sig = signature(name, dialect)
    text = f"```sql\n{sig.label}\n```"
    if sig.summary:
        text += f"\n\n{sig.summary}"
    return text


def describe_rule(code: str) -> str | None:
    from cdisql.lint.registry import get_rule

    rule = get_rule(code)
    if rule is None:
        return None
    return f"**{rule.code}** `{rule.name}` ({rule.severity.label})\n\n{rule.summary()}\n\n[documentation]({rule.docs_url()})"


def describe_ref(ref: Sequence[str], catalog: CatalogIndex | None) -> str | None:
    """Documentation for a completion payload (see ``Candidate.data``)."""
    if not ref:
        return None
    kind, rest = ref[0], tuple(ref[1:])
    if kind == "function" and rest:
        return describe_function(rest[0], rest[1] if len(rest) > 1 else None)
    if kind == "snippet":
        return "The segment selects exactly one column, `external_user_id`, holding a string."
    if kind == "cte" and rest:
        return f"**{rest[0]}** · common table expression"
    if kind == "schema" and rest and catalog is not None:
        tables = catalog.tables_in_schema(rest[0])
        return f"**{rest[0]}** · {len(tables)} tables"
    if catalog is None:
        return None
    if kind == "table" and rest:
        table = catalog.resolve(rest)
        return describe_table(table) if table else None
    if kind == "column" and len(rest) >= 2:
        table = catalog.resolve(rest[:-1])
        if table is None:
            return None
        column = table.column(rest[-1], catalog.warehouse)
        return describe_column(column, table) if column else None
    return None


_CODE = re.compile(r"CDI\d{3}", re.IGNORECASE)


def hover(
    text: str,
    offset: int,
    warehouse: Warehouse,
    catalog: CatalogIndex | None = None,
    diagnostics: Sequence[Diagnostic] = (),
    *,
    outline_: Outline | None = None,
) -> Hover | None:
    """What to show when the pointer rests at ``offset``; None when there is nothing."""
    ol = outline_ or outline(text, warehouse)
    sections: list[str] = []
    span: tuple[int, int] | None = None

    # a rule code written in a comment (noqa) under the pointer
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    for m in _CODE.finditer(text, line_start, line_end):
        if m.start() <= offset <= m.end():
            doc = describe_rule(m.group().upper())
            if doc:
                sections.append(doc)
                span = (m.start(), m.end())

    tok = ol.token_at(offset)
    if tok is not None and tok.kind == "keyword" and span is None:
        following = next((t for t in ol.tokens if t.start >= tok.end), None)
        if (
            following is not None
            and following.text == "("
            and following.kind == "punct"
            and is_function(tok.text, warehouse)
        ):
            sections.append(describe_function(tok.text, warehouse.dialect))
            span = (tok.start, tok.end)
    if tok is not None and tok.is_name and span is None:
        found = _describe_name(ol, tok.start, tok.text, warehouse, catalog)
        if found:
            sections.append(found)
            span = (tok.start, tok.end)

    covering = [d for d in diagnostics if d.start <= offset <= max(d.end, d.start + 1)]
    seen: set[str] = set()
    for d in covering:
        if d.code in seen:
            continue
        seen.add(d.code)
        doc = describe_rule(d.code)
        if doc:
            sections.append(doc)
            if span is None:
                span = (d.start, d.end)
    if not sections or span is None:
        return None
    return Hover("\n\n---\n\n".join(sections), span[0], span[1])


def _describe_name(
    ol: Outline, start: int, name: str, warehouse: Warehouse, catalog: CatalogIndex | None
) -> str | None:
    toks = ol.tokens
    idx = next((i for i, t in enumerate(toks) if t.start == start), -1)
    if idx < 0:
        return None
    nxt = toks[idx + 1] if idx + 1 < len(toks) else None
    prv = toks[idx - 1] if idx > 0 else None
    # function call
    if nxt is not None and nxt.kind == "punct" and nxt.text == "(" and is_function(name, warehouse):
        return describe_function(name, warehouse.dialect)
    # qualified column: q.name
    if (
        prv is not None
        and prv.kind == "punct"
        and prv.text == "."
        and idx >= 2
        and toks[idx - 2].is_name
    ) and not any(t.start <= start < t.end for t in ol.tables):
        return _column_of_qualifier(ol, toks[idx - 2].text, name, warehouse, catalog, start)
    # a table reference (name, alias) or CTE
    for ref in ol.tables:
        if ref.start <= start < ref.end or ref.alias_start == start:
            if len(ref.parts) == 1:
                cte = ol.cte(ref.name, warehouse)
                if cte is not None:
                    return _describe_cte(cte.name, cte.columns)
            if catalog is not None:
                table = catalog.resolve(ref.parts)
                if table is not None:
                    prefix = (
                        f"alias of {table.qualified_name}\n\n" if ref.alias_start == start else ""
                    )
                    return prefix + describe_table(table)
            return None
    for cte in ol.ctes:
        if cte.start == start:
            return _describe_cte(cte.name, cte.columns)
    # a qualifier
    if nxt is not None and nxt.kind == "punct" and nxt.text == ".":
        aliased = ol.table_for_alias(name, warehouse, start)
        if aliased is not None and catalog is not None:
            table = catalog.resolve(aliased.parts)
            if table is not None:
                return f"alias of {table.qualified_name}\n\n" + describe_table(table)
        return None
    # a bare column of a table in scope
    if catalog is not None:
        from cdisql.assist.completion import _scope

        for ref in _scope(ol, start):
            table = catalog.resolve(ref.parts)
            if table is None:
                continue
            column = table.column(name, warehouse)
            if column is not None:
                return describe_column(column, table)
    if is_function(name, warehouse):
        return describe_function(name, warehouse.dialect)
    return None


def _column_of_qualifier(
    ol: Outline,
    qualifier: str,
    name: str,
    warehouse: Warehouse,
    catalog: CatalogIndex | None,
    offset: int,
) -> str | None:
    ref = ol.table_for_alias(qualifier, warehouse, offset)
    parts = ref.parts if ref is not None else (qualifier,)
    if len(parts) == 1:
        cte = ol.cte(parts[0], warehouse)
        if cte is not None:
            return f"**{name}** · column of CTE {cte.name}"
    if catalog is None:
        return None
    table = catalog.resolve(parts)
    if table is None:
        return None
    column = table.column(name, warehouse)
    return describe_column(column, table) if column else None


def _describe_cte(name: str, columns: tuple[str, ...]) -> str:
    text = f"**{name}** · common table expression"
    if columns:
        text += "\n\ncolumns: " + ", ".join(f"`{c}`" for c in columns)
    return text
