"""Completion candidates from text + cursor + catalog, in SQL that is still being typed.

The cursor's context is read from the tokens before it (see :mod:`cdisql.assist.lexical`):
after FROM/JOIN the user wants tables, CTEs and schemas; after ``u.`` the columns of
the table aliased ``u``; after ``schema.`` that schema's tables; in an expression the
columns in scope, the dialect's functions and keywords. Names are written the way the
warehouse reads them back (:meth:`Warehouse.render_name`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cdisql.assist.catalog_index import CatalogIndex
from cdisql.assist.functions import CLAUSE_KEYWORDS, function_names, keywords
from cdisql.assist.lexical import Outline, TableRef, Tok, outline
from cdisql.catalog import Table
from cdisql.dialects import Warehouse

# kinds: the LSP face maps them to CompletionItemKind
KEYWORD, FUNCTION, TABLE, VIEW, SCHEMA, COLUMN, CTE, SNIPPET, ALIAS = (
    "keyword",
    "function",
    "table",
    "view",
    "schema",
    "column",
    "cte",
    "snippet",
    "alias",
)

DEFAULT_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Candidate:
    label: str
    kind: str
    insert_text: str
    detail: str = ""
    snippet: bool = False
    sort_group: int = 5
    """Lower sorts first: columns, then tables, snippets, functions, keywords."""
    data: tuple[str, ...] = ()
    """What :func:`cdisql.assist.docs.describe` needs to fill documentation lazily."""


@dataclass(frozen=True)
class Completion:
    candidates: list[Candidate]
    start: int
    """Offset where the word being completed starts (the range to replace ends at the cursor)."""
    incomplete: bool = False
    """True when the list was cut at the limit: ask again as the user types."""
    context: str = "none"


@dataclass
class CursorContext:
    kind: str
    """``none`` (string/comment), ``table``, ``qualified``, ``expression``, ``keyword``."""
    prefix: str
    start: int
    qualifier: tuple[str, ...] = ()
    clause: str = ""
    scope: list[TableRef] = field(default_factory=list)


def _word_start(text: str, offset: int) -> int:
    i = offset
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_$"):
        i -= 1
    return i


def _in_comment_or_string(text: str, offset: int, tokens: list[Tok]) -> bool:
    for tok in tokens:
        if tok.start >= offset:
            break
        if tok.kind == "string" and tok.start < offset < tok.end:
            return True
        if (
            tok.kind == "string"
            and tok.end == offset
            and not text[tok.start : tok.end].endswith("'")
        ):
            return True  # an unterminated literal running to the cursor
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:offset]
    dash = line.find("--")
    if dash >= 0 and line[:dash].count("'") % 2 == 0:
        return True
    opened = text.rfind("/*", 0, offset)
    return opened >= 0 and text.find("*/", opened, offset) < 0


_CLAUSE_WORDS = {
    "SELECT": "select",
    "FROM": "from",
    "JOIN": "from",
    "WHERE": "where",
    "ON": "where",
    "HAVING": "where",
    "QUALIFY": "where",
    "AND": None,
    "OR": None,
    "BY": "by",
    "USING": "using",
    "WITH": "with",
    "LIMIT": "limit",
}


def cursor_context(ol: Outline, offset: int, warehouse: Warehouse) -> CursorContext:
    text = ol.text
    offset = max(0, min(offset, len(text)))
    start = _word_start(text, offset)
    prefix = text[start:offset]
    # a quoted identifier being typed: complete from after its opening quote
    if start > 0 and text[start - 1] in '"`' and text[start - 1] == warehouse.quote_open:
        pass
    if _in_comment_or_string(text, offset, ol.tokens):
        return CursorContext("none", prefix, start)
    before = [t for t in ol.tokens if t.end <= start]
    scope = _scope(ol, offset)
    if before and before[-1].kind == "punct" and before[-1].text == ".":
        parts: list[str] = []
        j = len(before) - 2
        while j >= 0 and before[j].is_name:
            parts.insert(0, before[j].text)
            if j - 1 >= 0 and before[j - 1].kind == "punct" and before[j - 1].text == ".":
                j -= 2
            else:
                break
        return CursorContext("qualified", prefix, start, tuple(parts), scope=scope)
    clause = ""
    depth = 0
    prev = before[-1] if before else None
    for tok in reversed(before):
        if tok.kind == "punct" and tok.text == ")":
            depth += 1
        elif tok.kind == "punct" and tok.text == "(":
            if depth == 0:
                clause = "paren"
                break
            depth -= 1
        elif depth == 0 and tok.kind == "keyword" and tok.text in _CLAUSE_WORDS:
            mapped = _CLAUSE_WORDS[tok.text]
            if mapped is not None:
                clause = mapped
                break
    if prev is None:
        return CursorContext("keyword", prefix, start, scope=scope)
    if clause == "from":
        if prev.kind == "keyword" and prev.text in ("FROM", "JOIN"):
            return CursorContext("table", prefix, start, clause=clause, scope=scope)
        if prev.kind == "punct" and prev.text == ",":
            return CursorContext("table", prefix, start, clause=clause, scope=scope)
        return CursorContext("keyword", prefix, start, clause=clause, scope=scope)
    if clause == "with":
        return CursorContext("keyword", prefix, start, clause=clause, scope=scope)
    if clause in ("select", "where", "by", "paren", "using"):
        return CursorContext("expression", prefix, start, clause=clause, scope=scope)
    return CursorContext("keyword", prefix, start, clause=clause, scope=scope)


def _region(ol: Outline, pos: int) -> tuple[int, int] | None:
    return ol.region_of(pos)


def _scope(ol: Outline, offset: int) -> list[TableRef]:
    """Table references of the query the cursor is in (all of them when that is empty)."""
    here = ol.region_of(offset)
    same = [t for t, region in zip(ol.tables, ol.table_regions(), strict=True) if region == here]
    return same or list(ol.tables)


def complete(
    text: str,
    offset: int,
    warehouse: Warehouse,
    catalog: CatalogIndex | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    outline_: Outline | None = None,
) -> Completion:
    """Completion candidates at ``offset``; never raises on any text."""
    ol = outline_ or outline(text, warehouse)
    ctx = cursor_context(ol, offset, warehouse)
    out: list[Candidate] = []
    if ctx.kind == "none":
        return Completion([], ctx.start, False, "none")
    if ctx.kind == "qualified":
        _qualified(out, ol, ctx, warehouse, catalog, offset)
    elif ctx.kind == "table":
        _tables(out, ol, ctx, warehouse, catalog, limit)
    elif ctx.kind == "expression":
        _columns(out, ol, ctx, warehouse, catalog)
        if ctx.clause == "select":
            _output_snippets(out, warehouse, ctx)
        _functions(out, ctx, warehouse)
        _keywords(out, ctx, warehouse)
    else:
        _keywords(out, ctx, warehouse)
    filtered = _filter(out, ctx.prefix)
    filtered.sort(key=lambda c: (c.sort_group, c.label.casefold()))
    incomplete = len(filtered) > limit
    return Completion(filtered[:limit], ctx.start, incomplete, ctx.kind)


def _filter(items: list[Candidate], prefix: str) -> list[Candidate]:
    if not prefix:
        return items
    p = prefix.casefold()
    return [c for c in items if c.label.casefold().startswith(p)]


def _table_candidate(table: Table, warehouse: Warehouse, group: int = 1) -> Candidate:
    kind = VIEW if "view" in table.kind else TABLE
    detail = table.kind.replace("_", " ")
    if table.description:
        detail = f"{detail} — {table.description}"
    return Candidate(
        table.name,
        kind,
        warehouse.render_name(table.name),
        detail,
        sort_group=group,
        data=("table", *table.parts),
    )


def _tables(
    out: list[Candidate],
    ol: Outline,
    ctx: CursorContext,
    warehouse: Warehouse,
    catalog: CatalogIndex | None,
    limit: int,
) -> None:
    for cte in ol.ctes:
        if cte.start <= ctx.start < cte.body_end:
            continue  # a CTE cannot read itself (unless recursive: rare in segments)
        out.append(
            Candidate(
                cte.name,
                CTE,
                warehouse.render_name(cte.name),
                "CTE",
                sort_group=0,
                data=("cte", cte.name),
            )
        )
    if catalog is None:
        return
    for count, table in enumerate(catalog.tables_with_prefix(ctx.prefix)):
        if count > limit:
            break
        out.append(_table_candidate(table, warehouse))
    for schema in catalog.schema_names():
        out.append(
            Candidate(
                schema,
                SCHEMA,
                warehouse.render_name(schema),
                warehouse.schema_word,
                sort_group=2,
                data=("schema", schema),
            )
        )


def _qualified(
    out: list[Candidate],
    ol: Outline,
    ctx: CursorContext,
    warehouse: Warehouse,
    catalog: CatalogIndex | None,
    offset: int,
) -> None:
    parts = ctx.qualifier
    if not parts:
        return
    if len(parts) == 1:
        ref = ol.table_for_alias(parts[0], warehouse, offset)
        if ref is not None and ref.start <= ctx.start <= ref.end + 1:
            ref = None  # the name being typed (``FROM schema.``), not a table in scope
        if ref is not None:
            _columns_of_ref(out, ol, ref, warehouse, catalog, ctx.start)
            return
        cte = ol.cte(parts[0], warehouse)
        if cte is not None:
            out.extend(_cte_columns(cte.name, cte.columns, warehouse))
            return
    if catalog is None:
        return
    table = catalog.resolve(parts)
    if table is not None:
        out.extend(_table_columns(table, warehouse, parts[-1]))
        return
    if catalog.is_schema(parts[-1]):
        for table in catalog.tables_in_schema(parts[-1]):
            out.append(_table_candidate(table, warehouse))


def _columns_of_ref(
    out: list[Candidate],
    ol: Outline,
    ref: TableRef,
    warehouse: Warehouse,
    catalog: CatalogIndex | None,
    cursor: int,
) -> None:
    owner = ref.alias or ref.name
    if len(ref.parts) == 1:
        cte = ol.cte(ref.name, warehouse)
        if cte is not None and not (cte.body_start <= cursor <= cte.body_end):
            out.extend(_cte_columns(owner, cte.columns, warehouse))
            return
    if catalog is None:
        return
    table = catalog.resolve(ref.parts)
    if table is not None:
        out.extend(_table_columns(table, warehouse, owner))


def _table_columns(table: Table, warehouse: Warehouse, owner: str) -> list[Candidate]:
    return [
        Candidate(
            c.name,
            COLUMN,
            warehouse.render_name(c.name),
            f"{c.type or ''} — {owner}".strip(" —"),
            sort_group=0,
            data=("column", *table.parts, c.name),
        )
        for c in table.columns
    ]


def _cte_columns(owner: str, columns: tuple[str, ...], warehouse: Warehouse) -> list[Candidate]:
    return [
        Candidate(
            name,
            COLUMN,
            warehouse.render_name(name),
            f"column of CTE {owner}",
            sort_group=0,
            data=("ctecolumn", owner, name),
        )
        for name in columns
    ]


def _columns(
    out: list[Candidate],
    ol: Outline,
    ctx: CursorContext,
    warehouse: Warehouse,
    catalog: CatalogIndex | None,
) -> None:
    seen: set[str] = set()
    for ref in ctx.scope:
        before = len(out)
        _columns_of_ref(out, ol, ref, warehouse, catalog, ctx.start)
        # keep one candidate per column name; the first table in scope wins
        kept = []
        for c in out[before:]:
            if c.label not in seen:
                seen.add(c.label)
                kept.append(c)
        out[before:] = kept
        if ref.alias:
            out.append(
                Candidate(
                    ref.alias,
                    ALIAS,
                    warehouse.render_name(ref.alias),
                    f"alias of {'.'.join(ref.parts)}",
                    sort_group=1,
                )
            )


def _output_snippets(out: list[Candidate], warehouse: Warehouse, ctx: CursorContext) -> None:
    string_type = warehouse.string_type
    out.append(
        Candidate(
            "external_user_id",
            SNIPPET,
            f"CAST(${{1:id}} AS {string_type}) AS external_user_id",
            f"the segment's one output column, cast to {string_type}",
            snippet=True,
            sort_group=2,
            data=("snippet", "external_user_id"),
        )
    )
    out.append(
        Candidate(
            "AS external_user_id",
            SNIPPET,
            "AS external_user_id",
            "alias the selected id as the segment's output column",
            sort_group=2,
            data=("snippet", "external_user_id"),
        )
    )


def _functions(out: list[Candidate], ctx: CursorContext, warehouse: Warehouse) -> None:
    p = ctx.prefix.upper()
    for name in function_names(warehouse.dialect):
        if p and not name.startswith(p):
            continue
        out.append(
            Candidate(
                name,
                FUNCTION,
                f"{name}($1)$0",
                "function",
                snippet=True,
                sort_group=3,
                data=("function", name, warehouse.dialect),
            )
        )


def _keywords(out: list[Candidate], ctx: CursorContext, warehouse: Warehouse) -> None:
    p = ctx.prefix.upper()
    for word in keywords(warehouse.dialect):
        if p and not word.startswith(p):
            continue
        # the clause words a segment is made of come before the rest of the dialect's
        group = 3 if word in CLAUSE_KEYWORDS else 4
        out.append(Candidate(word, KEYWORD, word, "keyword", sort_group=group))
