"""Rule CDI303 order-by-without-limit; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.model import (
    sits_under,
)
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class OrderByWithoutLimit(Rule):
    """## What it does
    Reports ORDER BY without LIMIT in the final query, a CTE or a subquery. ORDER BY
    inside window specifications and aggregate functions is fine.

    ## Why is this bad?
    A segment is a set of users: the order of its rows cannot matter, yet the
    warehouse sorts the whole result.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users ORDER BY signup_date
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI303"
    name = "order-by-without-limit"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for query in ctx.nodes(exp.Select, exp.SetOperation):
            order = query.args.get("order")
            if order is None or query.args.get("limit") or query.args.get("fetch"):
                continue
            if sits_under(query, exp.Array, exp.Func):
                continue  # ARRAY(SELECT … ORDER BY …): the order is the array's
            if isinstance(query, exp.Select) and query.args.get("top"):
                continue
            start, end = _order_range(ctx, order)
            yield ctx.diagnostic(
                self,
                start,
                end,
                "ORDER BY without LIMIT sorts rows whose order cannot matter: remove it",
            )


def _order_range(ctx: RuleContext, order: exp.Order) -> tuple[int, int]:
    from sqlglot.tokens import TokenType

    span = ctx.extent(order) or ctx.node_span(order)
    keyword = ctx.previous_token(span[0], TokenType.ORDER_BY)
    start = ctx.token_range(keyword)[0] if keyword is not None else span[0]
    end = span[1]
    # ASC / DESC / NULLS FIRST after the last key
    i = ctx.token_index(end)
    while i < len(ctx.tokens) and ctx.tokens[i].text.upper() in (
        "ASC",
        "DESC",
        "NULLS",
        "FIRST",
        "LAST",
    ):
        end = ctx.tokens[i].end + 1
        i += 1
    return start, end
