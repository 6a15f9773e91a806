"""Rule CDI307 not-in-subquery; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class NotInSubquery(Rule):
    """## What it does
    Reports `NOT IN (SELECT …)`.

    ## Why is this bad?
    One NULL returned by the subquery makes the whole predicate unknown and the segment
    silently empty; warehouses also plan it as a slow anti-join.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users
    WHERE user_id NOT IN (SELECT user_id FROM orders)
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users u
    WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.user_id)
    ```
    """

    code = "CDI307"
    name = "not-in-subquery"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for node in ctx.nodes(exp.Not, exp.NEQ):
            found = _not_in_parts(node)
            if found is None:
                continue
            left_node, query = found
            left = ctx.extent(left_node)
            query_span = ctx.extent(query)
            if left is None or query_span is None:
                span = ctx.node_span(node)
            else:
                span = ctx.balanced(left[0], query_span[1])
            yield ctx.diagnostic(
                self,
                *span,
                "NOT IN (SELECT …) is empty as soon as the subquery returns a NULL: use NOT EXISTS",
                fix=_not_exists_fix(ctx, node, left_node, query, span),
            )


def _not_in_parts(node: exp.Expr) -> tuple[exp.Expr, exp.Expr] | None:
    """``(left, subquery)`` of ``left NOT IN (SELECT …)`` (Snowflake reads it ``<> ALL``)."""
    if isinstance(node, exp.Not):
        inner = node.this
        while isinstance(inner, exp.Paren):
            inner = inner.this
        if isinstance(inner, exp.In) and inner.args.get("query") is not None:
            return inner.this, inner.args["query"]
        return None
    quantified = node.expression
    if isinstance(quantified, exp.All) and isinstance(quantified.this, exp.Query):
        return node.this, quantified.this
    return None


def _not_exists_fix(
    ctx: RuleContext,
    node: exp.Expr,
    left_node: exp.Expr,
    query: exp.Expr,
    span: tuple[int, int],
) -> Fix | None:
    inner = query.this if isinstance(query, exp.Subquery) else query
    if not isinstance(inner, exp.Select) or len(inner.expressions) != 1:
        return None
    if any(inner.args.get(k) for k in ("group", "having", "limit", "qualify", "with_")):
        return None
    if inner.args.get("joins") or isinstance(left_node, exp.Tuple):
        return None
    from_ = inner.args.get("from_")
    outer_select = node.find_ancestor(exp.Select)
    if from_ is None or outer_select is None:
        return None
    outer_from = outer_select.args.get("from_")
    if outer_from is None or outer_select.args.get("joins"):
        return None
    outer_name = outer_from.this.alias_or_name
    inner_name = from_.this.alias_or_name
    if not outer_name or not inner_name or outer_name.casefold() == inner_name.casefold():
        return None
    left = left_node.copy()
    right = inner.expressions[0]
    right = right.this if isinstance(right, exp.Alias) else right
    right = right.copy()
    for column in [left, *left.find_all(exp.Column)]:
        if isinstance(column, exp.Column) and not column.table:
            column.set("table", exp.to_identifier(outer_name))
    for column in [right, *right.find_all(exp.Column)]:
        if isinstance(column, exp.Column) and not column.table:
            column.set("table", exp.to_identifier(inner_name))
    rewritten = inner.copy()
    rewritten.set("expressions", [exp.Literal.number(1)])
    rewritten.set("distinct", None)
    rewritten = rewritten.where(exp.EQ(this=right, expression=left), copy=False)
    try:
        sql = rewritten.sql(dialect=ctx.warehouse.dialect)
    except Exception:
        return None
    return Fix(
        "Rewrite as NOT EXISTS", (Edit(span[0], span[1], f"NOT EXISTS ({sql})"),), safe=False
    )
