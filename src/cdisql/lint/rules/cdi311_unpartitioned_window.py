"""Rule CDI311 unpartitioned-window; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class UnpartitionedWindow(Rule):
    """## What it does
    Reports a window function with ORDER BY and no PARTITION BY.

    ## Why is this bad?
    The whole input is sorted in one piece on one worker: slow, and it spills on large
    tables.

    ## Example
    ```sql
    SELECT user_id AS external_user_id
    FROM (SELECT user_id, ROW_NUMBER() OVER (ORDER BY amount DESC) AS rn FROM orders)
    WHERE rn <= 1000
    ```

    ## Use instead
    ```sql
    SELECT user_id AS external_user_id
    FROM (SELECT user_id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY amount DESC) AS rn
          FROM orders)
    WHERE rn = 1
    ```
    """

    code = "CDI311"
    name = "unpartitioned-window"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for window in ctx.nodes(exp.Window):
            if not window.args.get("order") or window.args.get("partition_by"):
                continue
            if isinstance(window.parent, exp.Window) or window.arg_key == "windows":
                continue  # a named window definition: reported where it is used
            span = ctx.extent(window) or ctx.node_span(window)
            name = window.this.sql(dialect=ctx.warehouse.dialect) if window.this else "window"
            yield ctx.diagnostic(
                self,
                *span,
                f"{name} OVER (ORDER BY …) with no PARTITION BY sorts the whole input at once",
            )
