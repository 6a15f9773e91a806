"""A lexical model of segment SQL that holds up while the user is typing.

Editor features cannot wait for valid SQL: ``SELECT u. FROM users u`` does not parse,
yet the user wants the columns of ``users``. This module reads the token stream
(sqlglot's tokenizer, or a forgiving scanner when the tokenizer refuses the text, as it
does on an unterminated string) and recovers what completion, hover, definitions and
symbols need: the CTEs, the table references with their aliases, and where each name is
used. Everything is in character offsets into the text; nothing here raises on input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from cdisql.dialects import Warehouse


@dataclass(frozen=True, slots=True)
class Tok:
    """One token: ``kind`` is ``word``, ``ident`` (quoted identifier), ``string``,
    ``number``, ``punct`` or ``keyword``; ``end`` is exclusive."""

    kind: str
    text: str
    """The value: identifiers without their quotes, keywords upper-cased."""
    start: int
    end: int

    @property
    def is_name(self) -> bool:
        return self.kind in ("word", "ident")


@dataclass(frozen=True, slots=True)
class TableRef:
    """A name in a FROM/JOIN position, with its optional alias."""

    parts: tuple[str, ...]
    start: int
    end: int
    name_start: int
    """Range of the last name part (the table's own name)."""
    name_end: int
    alias: str | None = None
    alias_start: int = -1
    alias_end: int = -1
    depth: int = 0
    """Parenthesis depth of the reference (0 = the outer query)."""

    @property
    def name(self) -> str:
        return self.parts[-1]


@dataclass(frozen=True)
class Cte:
    name: str
    start: int
    """Range of the CTE's name at its definition."""
    end: int
    body_start: int
    """Range of the text between the CTE's parentheses."""
    body_end: int
    declared: tuple[str, ...] = ()
    """The column list written after the name: ``name (a, b) AS (...)``."""
    body: str = field(default="", repr=False)
    dialect: str = field(default="duckdb", repr=False)

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """Declared columns, else the body's output names (parsed on first use)."""
        if self.declared:
            return self.declared
        from cdisql.dialects import get_warehouse

        return output_names(self.body, get_warehouse(self.dialect))


@dataclass(frozen=True, slots=True)
class NameUse:
    """An identifier used as a qualifier (``u`` in ``u.id``)."""

    name: str
    start: int
    end: int


@dataclass
class Outline:
    """What the lexical pass found in one text."""

    text: str
    tokens: list[Tok]
    ctes: list[Cte] = field(default_factory=list)
    tables: list[TableRef] = field(default_factory=list)
    qualifiers: list[NameUse] = field(default_factory=list)
    subqueries: list[tuple[int, int]] = field(default_factory=list)
    """Ranges (inside the parentheses) of ``( SELECT ...)`` subqueries other than CTE bodies."""
    final_select: tuple[int, int] | None = None
    """Range of the main query after the WITH clause."""
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def regions(self) -> list[tuple[int, int]]:
        """CTE bodies and subqueries (properly nested ranges), by start."""
        cached = self._cache.get("regions")
        if cached is None:
            cached = sorted([*((c.body_start, c.body_end) for c in self.ctes), *self.subqueries])
            self._cache["regions"] = cached
        return cached

    def region_of(self, pos: int) -> tuple[int, int] | None:
        """The innermost CTE body or subquery holding ``pos`` (None: the outer query)."""
        best: tuple[int, int] | None = None
        for start, end in self.regions():
            if start > pos:
                break
            if pos <= end and (best is None or end - start < best[1] - best[0]):
                best = (start, end)
        return best

    def table_regions(self) -> list[tuple[int, int] | None]:
        """``region_of`` of every table reference, in one sweep."""
        cached = self._cache.get("table_regions")
        if cached is not None:
            return cached
        regions = self.regions()
        found: list[tuple[int, int] | None] = []
        stack: list[tuple[int, int]] = []
        i = 0
        order = sorted(range(len(self.tables)), key=lambda k: self.tables[k].start)
        by_index: dict[int, tuple[int, int] | None] = {}
        for k in order:
            pos = self.tables[k].start
            while i < len(regions) and regions[i][0] <= pos:
                while stack and stack[-1][1] < regions[i][0]:
                    stack.pop()
                stack.append(regions[i])
                i += 1
            while stack and stack[-1][1] < pos:
                stack.pop()
            by_index[k] = stack[-1] if stack else None
        found = [by_index[k] for k in range(len(self.tables))]
        self._cache["table_regions"] = found
        return found

    def token_at(self, offset: int) -> Tok | None:
        """The token under ``offset`` (or ending right at it: the cursor after a word)."""
        found = None
        for tok in self.tokens:
            if tok.start <= offset < tok.end:
                return tok
            if tok.end == offset:
                found = tok
            if tok.start > offset:
                break
        return found

    def cte(self, name: str, warehouse: Warehouse) -> Cte | None:
        key = warehouse.key(name)
        for cte in self.ctes:
            if warehouse.key(cte.name) == key:
                return cte
        return None

    def table_for_alias(self, name: str, warehouse: Warehouse, offset: int = -1) -> TableRef | None:
        """The table reference aliased (or, without alias, named) ``name``.

        When several match (the same alias in two subqueries), the nearest one before
        ``offset`` wins, then the first.
        """
        key = warehouse.key(name)
        matches = [t for t in self.tables if t.alias is not None and warehouse.key(t.alias) == key]
        if not matches:
            matches = [t for t in self.tables if t.alias is None and warehouse.key(t.name) == key]
        if not matches:
            return None
        if offset >= 0 and len(matches) > 1:
            enclosing = [t for t in matches if _same_query(self, t, offset)]
            if enclosing:
                return enclosing[0]
        return matches[0]


def _same_query(outline: Outline, ref: TableRef, offset: int) -> bool:
    for start, end in [*((c.body_start, c.body_end) for c in outline.ctes), *outline.subqueries]:
        if start <= ref.start < end:
            return start <= offset <= end
    return True


# -- tokens ---------------------------------------------------------------------------------
_SCAN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>--[^\r\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^']|'')*(?:'|\Z))
  | (?P<ident>"(?:[^"]|"")*(?:"|\Z)|`[^`]*(?:`|\Z))
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_\u0080-\U0010FFFF][\w$\u0080-\U0010FFFF]*)
  | (?P<punct>::|<>|!=|<=|>=|\|\||.)
    """,
    re.VERBOSE | re.DOTALL,
)


def scan(text: str) -> list[Tok]:
    """A forgiving tokenizer: never fails, unterminated literals run to the end."""
    out: list[Tok] = []
    for m in _SCAN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        raw = m.group()
        if kind == "word":
            value = raw.upper() if raw.upper() in _KEYWORDS else raw
            out.append(
                Tok("keyword" if raw.upper() in _KEYWORDS else "word", value, m.start(), m.end())
            )
        elif kind == "ident":
            inner = raw[1:-1] if len(raw) > 1 and raw[-1] == raw[0] else raw[1:]
            out.append(Tok("ident", inner.replace(raw[0] * 2, raw[0]), m.start(), m.end()))
        else:
            out.append(Tok(kind, raw, m.start(), m.end()))
    return out


# words of join syntax and the words that end a FROM clause: keywords, never aliases
_JOIN_SYNTAX = frozenset(
    {
        "ANTI",
        "ASOF",
        "CROSS",
        "FULL",
        "INNER",
        "JOIN",
        "LATERAL",
        "LEFT",
        "NATURAL",
        "ON",
        "OUTER",
        "PIVOT",
        "RIGHT",
        "SAMPLE",
        "SEMI",
        "TABLESAMPLE",
        "UNPIVOT",
        "USING",
    }
)
_CLAUSE_END = frozenset(
    {
        "EXCEPT",
        "FETCH",
        "GROUP",
        "HAVING",
        "INTERSECT",
        "LIMIT",
        "MINUS",
        "OFFSET",
        "ORDER",
        "QUALIFY",
        "SELECT",
        "UNION",
        "WHERE",
        "WINDOW",
    }
)
# keywords that shape a query; anything else is read as a name
_KEYWORDS = (
    _JOIN_SYNTAX
    | _CLAUSE_END
    | frozenset(
        {
            "ALL",
            "ALTER",
            "AND",
            "AS",
            "ASC",
            "BETWEEN",
            "BY",
            "CASE",
            "CAST",
            "CREATE",
            "DELETE",
            "DESC",
            "DISTINCT",
            "DROP",
            "ELSE",
            "END",
            "EXISTS",
            "FALSE",
            "FILTER",
            "FROM",
            "ILIKE",
            "IN",
            "INSERT",
            "INTERVAL",
            "INTO",
            "IS",
            "LIKE",
            "NOT",
            "NULL",
            "OR",
            "OVER",
            "PARTITION",
            "RECURSIVE",
            "SET",
            "TABLE",
            "THEN",
            "TOP",
            "TRUE",
            "UPDATE",
            "VALUES",
            "WHEN",
            "WITH",
        }
    )
)


@lru_cache(maxsize=8)
def _sqlglot_dialect(name: str) -> Any:
    import sqlglot

    return sqlglot.Dialect.get_or_raise(name)


def tokenize(text: str, warehouse: Warehouse) -> list[Tok]:
    """Tokens of ``text`` from sqlglot's tokenizer, or from :func:`scan` when it fails."""
    try:
        raw = _sqlglot_dialect(warehouse.dialect).tokenize(text)
    except Exception:
        return scan(text)
    kinds = _kinds()
    keywords = _KEYWORDS
    out: list[Tok] = []
    append = out.append
    for t in raw:
        value = t.text
        kind = kinds.get(t.token_type)
        if kind is None:
            upper = value.upper()
            if upper in keywords:
                append(Tok("keyword", upper, t.start, t.end + 1))
                continue
            # soft keywords sqlglot types (FIRST, DATE, USER...) are usable as names
            first = value[:1]
            kind = "word" if first.isalpha() or first == "_" else "punct"
        elif kind == "word" and value.upper() in keywords:
            append(Tok("keyword", value.upper(), t.start, t.end + 1))
            continue
        append(Tok(kind, value, t.start, t.end + 1))
    return out


@lru_cache(maxsize=1)
def _kinds() -> dict[Any, str]:
    from sqlglot.tokens import TokenType

    return {
        TokenType.IDENTIFIER: "ident",
        TokenType.VAR: "word",
        TokenType.STRING: "string",
        TokenType.NATIONAL_STRING: "string",
        TokenType.RAW_STRING: "string",
        TokenType.NUMBER: "number",
    }


# -- outline ----------------------------------------------------------------------------------
_JOIN_WORDS = frozenset({"FROM", "JOIN"})
_NOT_ALIAS = (
    _CLAUSE_END
    | _JOIN_SYNTAX
    | frozenset(
        {
            "AND",
            "AS",
            "FROM",
            "NOT",
            "OR",
            "SET",
            "WITH",
        }
    )
)


def outline(text: str, warehouse: Warehouse, tokens: list[Tok] | None = None) -> Outline:
    """CTEs, table references, qualifiers and subqueries of ``text``.

    The last few outlines are kept: completion, hover and signature help on one
    version of a document share a single pass.
    """
    if tokens is not None:
        return _outline(text, warehouse, tokens)
    return _cached_outline(text, warehouse)


@lru_cache(maxsize=2)
def _cached_outline(text: str, warehouse: Warehouse) -> Outline:
    return _outline(text, warehouse, tokenize(text, warehouse))


def _outline(text: str, warehouse: Warehouse, toks: list[Tok]) -> Outline:
    out = Outline(text, toks)
    n = len(toks)
    # matching parentheses
    match: dict[int, int] = {}
    stack: list[int] = []
    depth_at: list[int] = []
    for i, t in enumerate(toks):
        if t.kind == "punct" and t.text == "(":
            depth_at.append(len(stack))
            stack.append(i)
        elif t.kind == "punct" and t.text == ")":
            if stack:
                match[stack.pop()] = i
            depth_at.append(len(stack))
        else:
            depth_at.append(len(stack))

    cte_bodies: set[int] = set()
    _read_ctes(out, toks, match, cte_bodies, warehouse)

    # subqueries: "( SELECT" that are not CTE bodies
    for i, t in enumerate(toks):
        if (
            t.kind == "punct"
            and t.text == "("
            and i not in cte_bodies
            and (
                i + 1 < n
                and toks[i + 1].kind == "keyword"
                and toks[i + 1].text in ("SELECT", "WITH")
            )
        ):
            close = match.get(i)
            end = toks[close].start if close is not None else len(text)
            out.subqueries.append((t.end, end))

    # table references
    i = 0
    while i < n:
        t = toks[i]
        if t.kind == "keyword" and t.text in _JOIN_WORDS:
            i = _read_from_list(out, toks, i + 1, depth_at, t.text == "FROM")
            continue
        i += 1

    # qualifiers: NAME '.' (the last part before a column)
    for i in range(n - 1):
        t = toks[i]
        if t.is_name and toks[i + 1].kind == "punct" and toks[i + 1].text == ".":
            out.qualifiers.append(NameUse(t.text, t.start, t.end))
    return out


def _read_ctes(
    out: Outline, toks: list[Tok], match: dict[int, int], bodies: set[int], warehouse: Warehouse
) -> None:
    n = len(toks)
    i = 0
    while i < n:
        if not (toks[i].kind == "keyword" and toks[i].text == "WITH"):
            i += 1
            continue
        i += 1
        if i < n and toks[i].kind == "keyword" and toks[i].text == "RECURSIVE":
            i += 1
        while i < n and toks[i].is_name:
            name_tok = toks[i]
            i += 1
            declared: list[str] = []
            if i < n and toks[i].text == "(" and toks[i].kind == "punct":
                close_decl = match.get(i, n - 1)
                declared = [t.text for t in toks[i + 1 : close_decl] if t.is_name]
                i = close_decl + 1
            if i < n and toks[i].kind == "keyword" and toks[i].text == "AS":
                i += 1
            if i < n and toks[i].kind == "keyword" and toks[i].text == "NOT":
                i += 1  # AS NOT MATERIALIZED
            if i < n and toks[i].kind == "word" and toks[i].text.upper() == "MATERIALIZED":
                i += 1
            if not (i < n and toks[i].kind == "punct" and toks[i].text == "("):
                out.ctes.append(
                    Cte(
                        name_tok.text,
                        name_tok.start,
                        name_tok.end,
                        name_tok.end,
                        name_tok.end,
                        tuple(declared),
                        dialect=warehouse.dialect,
                    )
                )
                break
            bodies.add(i)
            close = match.get(i)
            body_start = toks[i].end
            body_end = toks[close].start if close is not None else len(out.text)
            out.ctes.append(
                Cte(
                    name_tok.text,
                    name_tok.start,
                    name_tok.end,
                    body_start,
                    body_end,
                    tuple(declared),
                    out.text[body_start:body_end],
                    warehouse.dialect,
                )
            )
            if close is None:
                return
            i = close + 1
            if i < n and toks[i].kind == "punct" and toks[i].text == ",":
                i += 1
                continue
            break
        if out.final_select is None and i < n:
            out.final_select = (toks[i].start, toks[-1].end)


def _read_from_list(
    out: Outline, toks: list[Tok], i: int, depth_at: list[int], is_from: bool
) -> int:
    """Read ``name [AS] alias [, name alias ...]`` starting at token ``i``."""
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "punct" and t.text == "(":
            return i  # a subquery or table function: read by the outer loop
        if not t.is_name:
            return i
        first = i
        parts = [t.text]
        last = t
        i += 1
        while i + 1 < n and toks[i].kind == "punct" and toks[i].text == "." and toks[i + 1].is_name:
            parts.append(toks[i + 1].text)
            last = toks[i + 1]
            i += 2
        alias: Tok | None = None
        if i < n and toks[i].kind == "keyword" and toks[i].text == "AS":
            i += 1
            if i < n and toks[i].is_name:
                alias = toks[i]
                i += 1
        elif i < n and toks[i].is_name and toks[i].text.upper() not in _NOT_ALIAS:
            alias = toks[i]
            i += 1
        out.tables.append(
            TableRef(
                tuple(parts),
                toks[first].start,
                last.end,
                last.start,
                last.end,
                alias.text if alias else None,
                alias.start if alias else -1,
                alias.end if alias else -1,
                depth_at[first],
            )
        )
        if is_from and i < n and toks[i].kind == "punct" and toks[i].text == ",":
            i += 1
            continue
        return i
    return i


def output_names(sql: str, warehouse: Warehouse) -> tuple[str, ...]:
    """The output column names of a query (a CTE body), best effort, never raising."""
    try:
        import sqlglot
        from sqlglot import exp

        tree = sqlglot.parse_one(sql, read=warehouse.dialect)
    except Exception:
        return _lexical_output_names(sql, warehouse)
    if isinstance(tree, exp.Query):
        names = [n for n in tree.named_selects if n and n != "*"]
        return tuple(names)
    return ()


def _lexical_output_names(sql: str, warehouse: Warehouse) -> tuple[str, ...]:
    """``SELECT a, b AS c, t.d FROM`` -> ``(a, c, d)`` without parsing."""
    toks = tokenize(sql, warehouse)
    names: list[str] = []
    depth = 0
    in_select = False
    last_name: str | None = None
    for t in toks:
        if t.kind == "punct" and t.text == "(":
            depth += 1
        elif t.kind == "punct" and t.text == ")":
            depth -= 1
        elif depth == 0 and t.kind == "keyword" and t.text == "SELECT" and not names:
            in_select = True
        elif depth == 0 and in_select and t.kind == "keyword" and t.text in ("FROM", "WHERE"):
            if last_name:
                names.append(last_name)
            return tuple(names)
        elif depth == 0 and in_select and t.kind == "punct" and t.text == ",":
            if last_name:
                names.append(last_name)
            last_name = None
        elif depth == 0 and in_select and t.is_name:
            last_name = t.text
    if in_select and last_name:
        names.append(last_name)
    return tuple(names)
