"""Rule CDI308 union-distinct; its documentation is the class docstring."""

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
class UnionDistinct(Rule):
    """## What it does
    Reports UNION without ALL (or UNION DISTINCT).

    ## Why is this bad?
    UNION sorts and deduplicates the combined rows; the platform deduplicates ids
    anyway, so the work is wasted.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE vip
    UNION
    SELECT external_id FROM users WHERE churn_risk > 0.8
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE vip
    UNION ALL
    SELECT external_id FROM users WHERE churn_risk > 0.8
    ```
    """

    code = "CDI308"
    name = "union-distinct"
    severity = Severity.INFO

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        from sqlglot.tokens import TokenType

        for union in ctx.nodes(exp.Union):
            if not union.args.get("distinct"):
                continue
            left_node, right_node = union.args.get("this"), union.args.get("expression")
            if left_node is None or right_node is None:
                continue
            left = ctx.extent(left_node)
            right = ctx.extent(right_node)
            if left is None:
                continue
            keyword = ctx.next_token(left[1], TokenType.UNION)
            if keyword is None or (right is not None and ctx.tokens[keyword].start >= right[0]):
                continue
            start, end = ctx.token_range(keyword)
            edits: tuple[Edit, ...] = (Edit(end, end, " ALL"),)
            if keyword + 1 < len(ctx.tokens):
                following = ctx.tokens[keyword + 1]
                if following.token_type == TokenType.DISTINCT:
                    end = following.end + 1
                    edits = (Edit(following.start, following.end + 1, "ALL"),)
            yield ctx.diagnostic(
                self,
                start,
                end,
                "UNION removes duplicates with a sort the platform does not need: use UNION ALL",
                fix=Fix("Use UNION ALL", edits, safe=False),
            )
