"""Rule CDI302 cartesian-join; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.analysis import printable
from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class CartesianJoin(Rule):
    """## What it does
    Reports a CROSS JOIN, or a join (or comma join) with no condition linking the
    tables. UNNEST, FLATTEN, LATERAL and one-row subqueries are not reported.

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
        for select in ctx.nodes(exp.Select):
            joins = select.args.get("joins")
            from_ = select.args.get("from_")
            if not joins or from_ is None:
                continue
            earlier = {from_.this.alias_or_name.casefold()}
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
                linked: bool = bool(
                    has_condition
                    or natural
                    or _is_row_source(target)
                    or (not cross and where is not None and _links(where.this, alias, earlier))
                    or _qualifiers(target) & earlier  # correlated (BigQuery `UNNEST(u.tags)`)
                )
                if cross and not _is_row_source(target):
                    linked = False
                earlier.add(alias)
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


def _is_row_source(node: exp.Expr) -> bool:
    """UNNEST / FLATTEN / LATERAL / table functions expand a row: never cartesian."""
    if isinstance(node, exp.Unnest | exp.Lateral | exp.TableFromRows | exp.Explode):
        return True
    if isinstance(node, exp.Table) and not isinstance(node.this, exp.Identifier):
        return True
    return bool(isinstance(node, exp.Subquery) and _single_row(node.this))


def _single_row(query: exp.Expr) -> bool:
    """An aggregate without GROUP BY returns exactly one row."""
    if not isinstance(query, exp.Select) or query.args.get("group"):
        return False
    return all(p.find(exp.AggFunc) is not None for p in query.expressions)


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
