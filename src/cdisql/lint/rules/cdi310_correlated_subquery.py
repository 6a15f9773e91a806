"""Rule CDI310 correlated-subquery; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.errors import OptimizeError

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class CorrelatedSubquery(Rule):
    """## What it does
    Reports a correlated scalar subquery in the SELECT list or in a WHERE comparison.
    EXISTS, NOT EXISTS and IN are not reported.

    ## Why is this bad?
    Unless the warehouse manages to decorrelate it, the subquery runs once per outer
    row; most warehouses reject the shapes they cannot rewrite.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users u
    WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.user_id) > 3
    ```

    ## Use instead
    ```sql
    SELECT u.external_id AS external_user_id FROM users u
    JOIN orders o ON o.user_id = u.user_id
    GROUP BY u.external_id HAVING COUNT(*) > 3
    ```
    """

    code = "CDI310"
    name = "correlated-subquery"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        candidates = [s for s in ctx.nodes(exp.Subquery) if _scalar_position(s)]
        if not candidates:
            return
        for subquery in candidates:
            scope = ctx.model.names.scope_of.get(id(subquery.this))
            try:
                if scope is None or not _correlated(scope):
                    continue
            except OptimizeError:
                continue  # sqlglot refuses the scope (a duplicate alias)
            span = ctx.extent(subquery) or ctx.node_span(subquery)
            yield ctx.diagnostic(
                self,
                *span,
                "correlated subquery: it may run once per outer row; join and aggregate instead",
            )


def _scalar_position(subquery: exp.Subquery) -> bool:
    """In the SELECT list, or compared in WHERE; never under IN / EXISTS / ANY / ALL."""
    compared = False
    child: exp.Expr = subquery
    node = subquery.parent
    while node is not None:
        if isinstance(node, exp.In | exp.Exists | exp.Any | exp.All):
            return False
        if isinstance(node, exp.EQ | exp.NEQ | exp.GT | exp.GTE | exp.LT | exp.LTE | exp.Between):
            compared = True
        if isinstance(node, exp.Where):
            return compared
        if isinstance(node, exp.Select):
            return child.arg_key == "expressions"
        if isinstance(node, exp.Query | exp.Join | exp.Having | exp.Qualify | exp.Order):
            return False
        child = node
        node = node.parent
    return False


def _correlated(scope: Any) -> bool:
    """True when a column of ``scope`` is qualified by a source of an enclosing scope."""
    own = {name.casefold() for name in scope.sources}
    outer: set[str] = set()
    parent = scope.parent
    while parent is not None:
        outer |= {name.casefold() for name in parent.sources}
        parent = parent.parent
    for column in scope.external_columns:
        qualifier = column.table.casefold()
        if qualifier and qualifier not in own and qualifier in outer:
            return True
    return False
