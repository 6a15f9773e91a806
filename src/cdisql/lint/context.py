"""What a rule sees: the analysis, the warehouse, the catalog and the source's schema."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from cdisql.dialects import Warehouse
from cdisql.lint.diagnostics import Diagnostic, Fix, Related

if TYPE_CHECKING:
    from sqlglot import exp
    from sqlglot.tokens import Token

    from cdisql.analysis import Analysis, Statement
    from cdisql.catalog import Catalog
    from cdisql.lint.model import Segment
    from cdisql.lint.registry import Rule


N = TypeVar("N", bound="exp.Expr")

_OPEN = "("
_CLOSE = ")"


@dataclass
class RuleContext:
    analysis: Analysis
    catalog: Catalog | None = None
    source_database: str | None = None
    """The database (BigQuery: project) of the connected source, when known."""
    source_schema: str | None = None
    """The schema (BigQuery: dataset) of the connected source, when known."""
    preview: bool = False
    statement: Statement | None = None
    """The statement the per-statement rules look at when the text holds several;
    None: the text's single statement."""
    _nodes_memo: dict[tuple[type, ...], list[Any]] = field(
        default_factory=dict, init=False, repr=False
    )
    _select_keywords: dict[int, int | None] = field(default_factory=dict, init=False, repr=False)
    _projections: dict[int, list[tuple[int, int]] | None] = field(
        default_factory=dict, init=False, repr=False
    )

    @cached_property
    def model(self) -> Segment:
        """The semantic model of the statement under check, built facet by facet."""
        from cdisql.lint.model import Segment

        return Segment(self)

    @property
    def warehouse(self) -> Warehouse:
        return self.analysis.warehouse

    @property
    def text(self) -> str:
        return self.analysis.text

    @property
    def expression(self) -> exp.Expr | None:
        if self.statement is not None:
            return self.statement.expression
        return self.analysis.expression

    def statement_range(self) -> tuple[int, int]:
        """Range of the statement under check (the whole text when there is none)."""
        if self.statement is not None:
            return self.statement.start, self.statement.end
        statements = self.analysis.statements
        if statements:
            return statements[0].start, statements[0].end
        return 0, len(self.text)

    def diagnostic(
        self,
        rule: type[Rule] | Rule,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        suggestions: tuple[str, ...] = (),
        related: tuple[Related, ...] = (),
    ) -> Diagnostic:
        if end <= start:
            end = min(start + 1, len(self.text)) if self.text else start
        from cdisql.analysis import printable

        message = printable(message, 500)
        return Diagnostic(
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            message=message,
            start=start,
            end=end,
            fix=fix,
            suggestions=suggestions,
            related=related,
        )

    def node_span(self, node: exp.Expr, fallback: tuple[int, int] | None = None) -> tuple[int, int]:
        """Range of ``node``; the statement's range when sqlglot kept no positions on it."""
        from cdisql.analysis import span_of

        span = span_of(node)
        if span is not None:
            return span
        if fallback is not None:
            return fallback
        return self.statement_range()

    # -- shared walks ------------------------------------------------------------------
    @cached_property
    def all_nodes(self) -> list[exp.Expr]:
        """Every node of the single statement but its leaves, depth first (one walk per run).

        Identifiers, literals and type names are left out: no rule looks them up by type,
        and they are a third of a tree. Reach them from their parents.
        """
        return self._index[0]

    @cached_property
    def _nodes_by_type(self) -> dict[type, list[exp.Expr]]:
        return self._index[1]

    @cached_property
    def _index(self) -> tuple[list[exp.Expr], dict[type, list[exp.Expr]]]:
        # one hand-rolled depth-first walk: cheaper than Expr.walk (the compiled one too:
        # it visits the leaves). Whether a value's class is a node to descend into is
        # decided once per class (_DESCEND), and the nodes are grouped after the walk.
        tree = self.expression
        ordered: list[exp.Expr] = []
        groups: dict[type, list[exp.Expr]] = {}
        if tree is None:
            return ordered, groups
        descend = _DESCEND
        stack: list[exp.Expr] = [tree]
        pop, push, add = stack.pop, stack.append, ordered.append
        while stack:
            node = pop()
            add(node)
            for value in node.args.values():
                cls = value.__class__
                if cls is list:
                    for item in reversed(value):
                        wanted = descend.get(item.__class__)
                        if wanted is None:
                            wanted = _learn(item.__class__)
                        if wanted:
                            push(item)
                else:
                    wanted = descend.get(cls)
                    if wanted is None:
                        wanted = _learn(cls)
                    if wanted:
                        push(value)
        for node in ordered:
            kind = node.__class__
            group = groups.get(kind)
            if group is None:
                groups[kind] = [node]
            else:
                group.append(node)
        return ordered, groups

    def nodes(self, *kinds: type[N]) -> list[N]:
        """Nodes of the single statement that are instances of ``kinds``, in walk order.

        Leaves (identifiers, literals, type names) are not indexed: see ``all_nodes``.
        """
        memo = self._nodes_memo
        found = memo.get(kinds)
        if found is None:
            groups = [m for cls, m in self._nodes_by_type.items() if issubclass(cls, kinds)]
            if not groups:
                found = []
            elif len(groups) == 1:
                found = groups[0]
            else:
                wanted = {id(n) for group in groups for n in group}
                found = [n for n in self.all_nodes if id(n) in wanted]
            memo[kinds] = found
        return list(found)

    def has(self, *kinds: type[exp.Expr]) -> bool:
        return any(issubclass(cls, kinds) for cls in self._nodes_by_type)

    # -- tokens ------------------------------------------------------------------------
    @cached_property
    def tokens(self) -> list[Token]:
        """Tokens of the statement under check ([] when there is none)."""
        if self.statement is not None:
            return self.statement.tokens
        statements = self.analysis.statements
        return statements[0].tokens if len(statements) == 1 else []

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def token_index(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self._token_starts, offset)

    def token_range(self, index: int) -> tuple[int, int]:
        token = self.tokens[index]
        return token.start, token.end + 1

    def star_span(self, star: exp.Expr) -> tuple[int, int]:
        """Range of a ``*`` (or ``t.*``); DuckDB's ``FROM t`` implies one at ``FROM``."""
        start, end = self.node_span(star)
        if not self.text[start:end].endswith("*"):
            i = self.token_index(start)
            if i < len(self.tokens) and self.tokens[i].start == start:
                return self.token_range(i)
        return start, end

    def previous_token(self, offset: int, *types: Any) -> int | None:
        """Index of the nearest token of ``types`` starting before ``offset``."""
        i = self.token_index(offset) - 1
        while i >= 0:
            if self.tokens[i].token_type in types:
                return i
            i -= 1
        return None

    def next_token(self, offset: int, *types: Any) -> int | None:
        """Index of the first token of ``types`` starting at or after ``offset``."""
        tokens = self.tokens
        for i in range(self.token_index(offset), len(tokens)):
            if tokens[i].token_type in types:
                return i
        return None

    def balanced(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` grown forward until its parentheses balance."""
        tokens = self.tokens
        i = self.token_index(start)
        depth = 0
        while i < len(tokens) and tokens[i].start < end:
            text = tokens[i].text
            if text == _OPEN:
                depth += 1
            elif text == _CLOSE and depth > 0:
                depth -= 1
            i += 1
        while depth > 0 and i < len(tokens):
            text = tokens[i].text
            if text == _OPEN:
                depth += 1
            elif text == _CLOSE:
                depth -= 1
            end = tokens[i].end + 1
            i += 1
        return start, end

    def extent(self, node: exp.Expr) -> tuple[int, int] | None:
        """Full range of ``node``: its leaves, leading keywords and closing parentheses.

        sqlglot keeps offsets on identifiers, literals and function names only; the
        keywords of ``CAST(``, ``EXTRACT(``, ``(SELECT``, ``NOT``, ``-`` and the closing
        parentheses are found from the tokens around them.
        """
        from sqlglot import exp

        from cdisql.analysis import span_of

        span = span_of(node)
        if span is None:
            return None
        lo, hi = span
        # walk down the chain of nodes starting where ``node`` starts; each one without
        # its own offset may open with a keyword or a parenthesis before its first leaf
        chain: list[exp.Expr] = []
        first = _first_leaf(node, lo)
        current: exp.Expr | None = first.parent if first is not None and first is not node else None
        while current is not None:
            chain.append(current)
            if current is node:
                break
            current = current.parent
        if current is None:
            chain = []  # ``node`` carries the first offset itself
        chain.reverse()  # from ``node`` down to the first leaf's parent
        # keep only the nodes above the first one that carries its own offset
        for index, member in enumerate(chain):
            own = member._meta
            if own and "start" in own:
                chain = chain[:index]
                break
        tokens = self.tokens
        i = self.token_index(lo)
        for member in reversed(chain):
            if isinstance(member, exp.Select):
                keyword = self.select_keyword(member)
                if keyword is not None and keyword < i:
                    i = keyword
                continue
            if isinstance(member, exp.Neg | exp.Not | exp.Exists) and i > 0:
                word = tokens[i - 1].text.upper()
                if word in ("-", "NOT", "EXISTS"):
                    i -= 1
                    continue
            if isinstance(member, exp.Case):
                case_at = self.previous_token(
                    tokens[i].start if i < len(tokens) else lo, *_end_types(True)
                )
                if case_at is not None:
                    i = case_at
                continue
            if (
                isinstance(member, exp.Paren | exp.Subquery | exp.Tuple | exp.Func)
                and i > 0
                and tokens[i - 1].text == _OPEN
            ):
                i -= 1
                if isinstance(member, exp.Func) and i > 0 and tokens[i - 1].text != _OPEN:
                    i -= 1
        if i < len(tokens):
            lo = min(lo, tokens[i].start)
        lo, hi = self.balanced(lo, hi)
        if isinstance(node, exp.Case):
            end_i = self.next_token(hi, *_end_types())
            if end_i is not None:
                hi = tokens[end_i].end + 1
        return lo, hi

    # -- SELECT clauses ----------------------------------------------------------------
    def select_keyword(self, select: exp.Select) -> int | None:
        """Index of the ``SELECT`` token of ``select`` (sqlglot keeps no offset on it)."""
        memo = self._select_keywords
        key = id(select)
        if key not in memo:
            memo[key] = self._find_select_keyword(select)
        return memo[key]

    def _find_select_keyword(self, select: exp.Select) -> int | None:
        from sqlglot import exp
        from sqlglot.tokens import TokenType

        if not self.tokens:
            return None
        lo: int | None = None
        for projection in select.expressions:
            for sub in projection.walk(prune=lambda n: isinstance(n, exp.Query)):
                if isinstance(sub, exp.Query):
                    continue
                meta = sub._meta
                if meta and "start" in meta and (lo is None or meta["start"] < lo):
                    lo = meta["start"]
        if lo is None:
            return None
        tokens = self.tokens
        i = self.token_index(lo) - 1
        depth = 0
        while i >= 0:
            token = tokens[i]
            if token.text == _CLOSE:
                depth += 1
            elif token.text == _OPEN:
                depth -= 1
            elif token.token_type == TokenType.SELECT and depth <= 0:
                return i
            i -= 1
        return None

    def projection_ranges(self, select: exp.Select) -> list[tuple[int, int]] | None:
        """Exact range of each projection of ``select``, or None when they cannot be found."""
        memo = self._projections
        key = id(select)
        if key not in memo:
            memo[key] = self._find_projection_ranges(select)
        return memo[key]

    def _find_projection_ranges(self, select: exp.Select) -> list[tuple[int, int]] | None:
        from sqlglot.tokens import TokenType

        keyword = self.select_keyword(select)
        if keyword is None:
            return None
        tokens = self.tokens
        i = keyword + 1
        # DISTINCT / ALL / TOP n / AS STRUCT and hints come before the first projection
        while i < len(tokens):
            token = tokens[i]
            if token.token_type in (TokenType.DISTINCT, TokenType.ALL, TokenType.HINT):
                i += 1
                if (
                    token.token_type == TokenType.DISTINCT
                    and i < len(tokens)
                    and tokens[i].token_type == TokenType.ON
                ):
                    i = self._skip_parens(i + 1)
                continue
            if token.token_type == TokenType.TOP:
                i = self._skip_parens(i + 1) if i + 1 < len(tokens) else i + 1
                continue
            if (
                token.text.upper() == "AS"
                and i + 1 < len(tokens)
                and tokens[i + 1].text.upper() in ("STRUCT", "VALUE")
            ):
                i += 2
                continue
            break
        ranges: list[tuple[int, int]] = []
        depth = 0
        first = i
        last = i - 1
        while i < len(tokens):
            token = tokens[i]
            if token.text == _OPEN:
                depth += 1
            elif token.text == _CLOSE:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0:
                if token.token_type == TokenType.COMMA:
                    if last < first:
                        return None
                    ranges.append((tokens[first].start, tokens[last].end + 1))
                    first = i + 1
                    i += 1
                    continue
                if token.token_type in _clause_types():
                    break
            last = i
            i += 1
        if last >= first:
            ranges.append((tokens[first].start, tokens[last].end + 1))
        if len(ranges) != len(select.expressions):
            return None
        return ranges

    def _skip_parens(self, i: int) -> int:
        """Index after the token at ``i``, or after its parenthesised group."""
        tokens = self.tokens
        if i >= len(tokens):
            return i
        if tokens[i].text != _OPEN:
            return i + 1
        depth = 0
        while i < len(tokens):
            if tokens[i].text == _OPEN:
                depth += 1
            elif tokens[i].text == _CLOSE:
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return i

    def keyword_before(self, node_start: int, *types: Any) -> int:
        """Start of the keyword run of ``types`` right before ``node_start`` (or itself)."""
        i = self.token_index(node_start) - 1
        start = node_start
        while i >= 0 and self.tokens[i].token_type in types:
            start = self.tokens[i].start
            i -= 1
        return start


def _first_leaf(node: exp.Expr, start: int) -> exp.Expr | None:
    """The node under ``node`` whose own offset starts at ``start``."""
    for sub in node.walk():
        meta = sub._meta
        if meta and meta.get("start") == start:
            return sub
    return None


_LEAF_TYPES: frozenset[type] | None = None
_DESCEND: dict[type, bool] = {}
"""class -> whether ``_index`` walks into values of that class (a node, not a leaf)."""


def _learn(cls: type) -> bool:
    from sqlglot.expressions import Expr

    wanted = _DESCEND[cls] = issubclass(cls, Expr) and cls not in _leaf_types()
    return wanted


def _leaf_types() -> frozenset[type]:
    global _LEAF_TYPES
    if _LEAF_TYPES is None:
        from sqlglot import exp

        _LEAF_TYPES = frozenset({exp.Identifier, exp.Literal, exp.Var, exp.DataType})
    return _LEAF_TYPES


_CLAUSE_TYPES: frozenset[Any] | None = None


def _clause_types() -> frozenset[Any]:
    """Tokens that end a SELECT list at depth 0."""
    global _CLAUSE_TYPES
    if _CLAUSE_TYPES is None:
        from sqlglot.tokens import TokenType as T

        names = [
            "FROM",
            "WHERE",
            "GROUP_BY",
            "HAVING",
            "QUALIFY",
            "ORDER_BY",
            "LIMIT",
            "FETCH",
            "OFFSET",
            "UNION",
            "INTERSECT",
            "EXCEPT",
            "WINDOW",
            "INTO",
            "SEMICOLON",
            "CLUSTER_BY",
            "DISTRIBUTE_BY",
            "SORT_BY",
            "LATERAL",
        ]
        _CLAUSE_TYPES = frozenset(getattr(T, n) for n in names if hasattr(T, n))
    return _CLAUSE_TYPES


def _end_types(case: bool = False) -> tuple[Any, ...]:
    from sqlglot.tokens import TokenType

    return (TokenType.CASE,) if case else (TokenType.END,)
