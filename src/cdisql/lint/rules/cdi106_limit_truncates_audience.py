"""Rule CDI106 limit-truncates-audience; its documentation is the class docstring."""

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
class LimitTruncatesAudience(Rule):
    """## What it does
    Reports LIMIT, TOP or FETCH on the final query.

    ## Why is this bad?
    The segment's audience is cut at an arbitrary row count, different at every
    refresh. Previews are already capped at 100 rows.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users LIMIT 1000
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI106"
    name = "limit-truncates-audience"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        from sqlglot.tokens import TokenType

        tree = ctx.expression
        if tree is None or not isinstance(tree, exp.Query):
            return
        node = tree
        while isinstance(node, exp.Subquery):
            node = node.this
        limit = node.args.get("limit") or node.args.get("fetch")
        if limit is None:
            return
        span = ctx.node_span(limit)
        keyword = ctx.previous_token(span[0], TokenType.LIMIT, TokenType.TOP, TokenType.FETCH)
        start = ctx.token_range(keyword)[0] if keyword is not None else span[0]
        word = ctx.tokens[keyword].text.upper() if keyword is not None else "LIMIT"
        yield ctx.diagnostic(
            self,
            start,
            span[1],
            f"{word} cuts the audience at an arbitrary set of users: remove it",
        )
