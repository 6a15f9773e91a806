"""Definitions, references and highlights for CTEs and table aliases; document symbols."""

from __future__ import annotations

from dataclasses import dataclass, field

from cdisql.assist.lexical import Outline, outline
from cdisql.dialects import Warehouse


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class NameSymbol:
    """A CTE or an alias: where it is defined and every place it is used."""

    kind: str
    """``cte`` or ``alias``."""
    name: str
    definition: Span
    references: tuple[Span, ...]
    """Uses, not counting the definition."""


@dataclass(frozen=True)
class DocumentSymbol:
    name: str
    kind: str
    """``cte``, ``subquery`` or ``query``."""
    start: int
    end: int
    selection_start: int
    selection_end: int
    detail: str = ""
    children: tuple[DocumentSymbol, ...] = field(default=())


def symbol_at(
    text: str, offset: int, warehouse: Warehouse, *, outline_: Outline | None = None
) -> NameSymbol | None:
    ol = outline_ or outline(text, warehouse)
    tok = ol.token_at(offset)
    if tok is None or not tok.is_name:
        return None
    key = warehouse.key(tok.text)
    # a CTE: its definition or a FROM/JOIN reference to it
    cte = ol.cte(tok.text, warehouse)
    if cte is not None:
        is_cte_ref = (
            any(len(r.parts) == 1 and r.name_start == tok.start for r in ol.tables)
            or cte.start == tok.start
        )
        if is_cte_ref:
            refs = tuple(
                Span(r.name_start, r.name_end)
                for r in ol.tables
                if len(r.parts) == 1 and warehouse.key(r.name) == key
            )
            return NameSymbol("cte", cte.name, Span(cte.start, cte.end), refs)
    # an alias: its definition or a qualifier using it
    is_qualifier = any(q.start == tok.start for q in ol.qualifiers)
    ref = None
    for r in ol.tables:
        if r.alias_start == tok.start:
            ref = r
            break
    if ref is None and is_qualifier:
        ref = ol.table_for_alias(tok.text, warehouse, tok.start)
    if ref is None:
        return None
    if ref.alias is not None:
        name, definition = ref.alias, Span(ref.alias_start, ref.alias_end)
    else:
        name, definition = ref.name, Span(ref.name_start, ref.name_end)
    name_key = warehouse.key(name)
    uses = tuple(
        Span(q.start, q.end)
        for q in ol.qualifiers
        if warehouse.key(q.name) == name_key
        and ol.table_for_alias(q.name, warehouse, q.start) == ref
        and q.start != definition.start
    )
    return NameSymbol("alias", name, definition, uses)


def document_symbols(
    text: str, warehouse: Warehouse, *, outline_: Outline | None = None
) -> list[DocumentSymbol]:
    ol = outline_ or outline(text, warehouse)
    symbols: list[DocumentSymbol] = []
    subqueries = sorted(ol.subqueries)

    def children_of(start: int, end: int) -> tuple[DocumentSymbol, ...]:
        inside = [
            s for s in subqueries if start <= s[0] and s[1] <= end and (s[0], s[1]) != (start, end)
        ]
        # only direct children: drop those nested in another listed one
        direct = [
            s for s in inside if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in inside)
        ]
        return tuple(
            DocumentSymbol(
                "subquery", "subquery", s[0], s[1], s[0], s[0], "", children_of(s[0], s[1])
            )
            for s in direct
        )

    for cte in ol.ctes:
        symbols.append(
            DocumentSymbol(
                cte.name,
                "cte",
                cte.start,
                max(cte.body_end, cte.end),
                cte.start,
                cte.end,
                ", ".join(cte.columns),
                children_of(cte.body_start, cte.body_end),
            )
        )
    if ol.final_select is not None:
        start, end = ol.final_select
    elif ol.tokens and not ol.ctes:
        start, end = ol.tokens[0].start, ol.tokens[-1].end
    else:
        return symbols
    # the main query's own subqueries are those not inside a CTE body
    symbols.append(
        DocumentSymbol(
            "SELECT", "query", start, end, start, min(end, start + 6), "", children_of(start, end)
        )
    )
    return symbols
