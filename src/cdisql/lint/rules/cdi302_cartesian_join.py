"""Rule CDI302 cartesian-join; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlglot import exp

from cdisql.analysis import printable
from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.model import is_aggregate
from cdisql.lint.registry import Rule, register


@register
class CartesianJoin(Rule):
    """## What it does
    Reports a CROSS JOIN, or a join (or comma join) with no condition linking the
    tables. UNNEST, FLATTEN, LATERAL and sources that provably return one row (a
    parameters CTE with no FROM, an aggregate with no GROUP BY, `LIMIT 1`) are not
    reported.

    ## Why is this bad?
    Every row of one table is paired with every row of the other: the warehouse does
    rows × rows work and the runtime limit stops the refresh.

    ## Example
    ```sql
    SELECT u.external_id AS external_user_id FROM users u, orders o
    WHERE o.amount > 100
    ```

    ## Use instead
    ```sql
    SELECT u.external_id AS external_user_id FROM users u
    JOIN orders o ON o.user_id = u.user_id
    WHERE o.amount > 100
    ```
    """

    code = "CDI302"
    name = "cartesian-join"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        from sqlglot.tokens import TokenType

        keywords = (
            TokenType.JOIN,
            TokenType.CROSS,
            TokenType.INNER,
            TokenType.OUTER,
            TokenType.LEFT,
            TokenType.RIGHT,
            TokenType.FULL,
        )
        one_row = _OneRow(ctx.warehouse.key)
        for select in ctx.nodes(exp.Select):
            joins = select.args.get("joins")
            from_ = select.args.get("from_")
            if not joins or from_ is None:
                continue
            earlier = {from_.this.alias_or_name.casefold()}
            # pairing with one row is not a product: a parameters CTE, MAX(...) of a table
            few_before = one_row(from_.this)
            where = select.args.get("where")
            for join in joins:
                target = join.this
                alias = target.alias_or_name.casefold()
                cross = (join.args.get("kind") or "").upper() == "CROSS"
                on = join.args.get("on")
                has_condition = bool(join.args.get("using")) or (
                    on is not None and _condition_links(on, alias, earlier)
                )
                natural = bool(join.args.get("method"))
                expands = _expands_a_row(target)
                single = one_row(target)
                linked: bool = bool(
                    has_condition
                    or natural
                    or expands
                    or single
                    or few_before
                    or (not cross and where is not None and _links(where.this, alias, earlier))
                    or _qualifiers(target) & earlier  # correlated (BigQuery `UNNEST(u.tags)`)
                )
                if cross and not (expands or single or few_before):
                    linked = False
                earlier.add(alias)
                few_before = few_before and single
                if linked:
                    continue
                span = ctx.extent(target) or ctx.node_span(target)
                start = ctx.keyword_before(span[0], *keywords)
                name = printable(target.sql(dialect=ctx.warehouse.dialect))
                what = (
                    "CROSS JOIN"
                    if cross
                    else "join condition that does not link the tables"
                    if on is not None
                    else "join with no condition"
                )
                yield ctx.diagnostic(
                    self,
                    start,
                    span[1],
                    f"{what}: every row of `{name}` is paired with every row before it; "
                    "join on a key",
                )


def _expands_a_row(node: exp.Expr) -> bool:
    """UNNEST / FLATTEN / LATERAL / table functions expand a row: never cartesian."""
    if isinstance(node, exp.Unnest | exp.Lateral | exp.TableFromRows | exp.Explode):
        return True
    return isinstance(node, exp.Table) and not isinstance(node.this, exp.Identifier)


_GENERATORS = (exp.UDTF, exp.Explode, exp.Unnest, exp.GenerateSeries, exp.Anonymous)
"""Functions that may return several rows from a SELECT list (``explode``, ``unnest``,
``generate_series``; an unknown function may be one)."""


class _OneRow:
    """Whether a source provably returns at most one row.

    A SELECT with no FROM, an aggregate with no GROUP BY, ``LIMIT 1``, one-row VALUES,
    a SELECT reading only one-row sources, the left side of INTERSECT / EXCEPT, and the
    CTEs defined so. A UNION, a GROUP BY, a window or a row generator may give more.
    """

    def __init__(self, key: Callable[[str], str]) -> None:
        self._key = key
        self._known: dict[int, bool] = {}

    def __call__(self, node: exp.Expr) -> bool:
        found = self._known.get(id(node))
        if found is None:
            self._known[id(node)] = False  # a CTE reading itself is not one row
            found = self._known[id(node)] = self._decide(node)
        return found

    def _decide(self, node: exp.Expr) -> bool:
        if isinstance(node, exp.Subquery):
            return self(node.this)
        if isinstance(node, exp.Values):
            return len(node.expressions) == 1
        if isinstance(node, exp.Intersect | exp.Except):
            return self(node.this)
        if isinstance(node, exp.Table) and isinstance(node.this, exp.Identifier):
            cte = None if node.db else self._cte_named(node)
            return cte is not None and self(cte)
        if not isinstance(node, exp.Select):
            return False
        if _limit_one(node):
            return True
        if node.args.get("group") or any(p.find(*_GENERATORS) for p in node.expressions):
            return False
        if node.args.get("laterals") or any(not self(j.this) for j in node.args.get("joins") or ()):
            return False
        from_ = node.args.get("from_")
        if from_ is None:
            return True
        return self(from_.this) or any(is_aggregate(p) for p in node.expressions)

    def _cte_named(self, table: exp.Table) -> exp.Expr | None:
        wanted = self._key(table.name)
        scope: exp.Expr | None = table.parent
        while scope is not None:
            with_ = scope.args.get("with_") if isinstance(scope, exp.Query) else None
            if isinstance(with_, exp.With):
                for cte in with_.expressions:
                    if self._key(cte.alias) == wanted:
                        return cte.this
            scope = scope.parent
        return None


def _limit_one(select: exp.Select) -> bool:
    """``LIMIT 1``, ``TOP 1``, ``FETCH FIRST 1 ROW ONLY`` (not ``WITH TIES``, not a percent)."""
    limit = select.args.get("limit") or select.args.get("fetch")
    if limit is None:
        return False
    options = limit.args.get("limit_options")
    if options is not None and (options.args.get("with_ties") or options.args.get("percent")):
        return False
    count = limit.args.get("expression") or limit.args.get("count")
    return isinstance(count, exp.Literal) and count.is_int and int(count.this) <= 1


def _qualifiers(node: exp.Expr) -> set[str]:
    return {c.table.casefold() for c in node.find_all(exp.Column) if c.table}


def _links(condition: exp.Expr, alias: str, earlier: set[str]) -> bool:
    """True when ``condition`` relates ``alias`` to one of the ``earlier`` sources."""
    for predicate in condition.find_all(exp.Predicate):
        if isinstance(predicate, exp.And | exp.Or):
            continue
        columns = list(predicate.find_all(exp.Column))
        if len(columns) < 2:
            continue
        qualifiers = {c.table.casefold() for c in columns}
        if "" in qualifiers:
            return True  # an unqualified column may belong to either side
        if alias in qualifiers and qualifiers & earlier:
            return True
    return False


def _condition_links(condition: exp.Expr, alias: str, earlier: set[str]) -> bool:
    """A JOIN condition links the tables when it reads a column of each side."""
    columns = list(condition.find_all(exp.Column))
    qualifiers = {c.table.casefold() for c in columns}
    if "" in qualifiers:
        return len(columns) >= 2  # unqualified: either side may own them
    return alias in qualifiers and bool(qualifiers & earlier)
