"""Rule CDI306 leading-wildcard-like; its documentation is the class docstring."""

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
class LeadingWildcardLike(Rule):
    """## What it does
    Reports a LIKE / ILIKE pattern that starts with `%` or `_`.

    ## Why is this bad?
    A leading wildcard defeats every index, search optimisation and clustering: the
    warehouse reads every value.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE email LIKE '%@example.com'
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE email_domain = 'example.com'
    ```
    """

    code = "CDI306"
    name = "leading-wildcard-like"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for like in ctx.nodes(exp.Like, exp.ILike):
            pattern = like.expression
            if isinstance(pattern, exp.Escape):
                pattern = pattern.this
            if isinstance(pattern, exp.Any | exp.All):
                pattern = pattern.this
            literals = (
                [pattern]
                if isinstance(pattern, exp.Literal)
                else [p for p in pattern.find_all(exp.Literal)]
                if isinstance(pattern, exp.Tuple | exp.Array | exp.Paren)
                else []
            )
            for literal in literals:
                if literal.is_string and literal.this[:1] in ("%", "_"):
                    yield ctx.diagnostic(
                        self,
                        *ctx.node_span(literal),
                        f"pattern '{printable(literal.this)}' starts with a wildcard: "
                        "every value is scanned",
                    )
