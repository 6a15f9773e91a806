"""Rule CDI100 syntax-error; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class SyntaxError_(Rule):
    """## What it does
    Reports text that does not parse in the source's dialect.

    ## Why is this bad?
    The warehouse rejects the segment when it is refreshed; every other check needs a
    query that parses.

    ## Example
    ```sql
    SELECT external_user_id FROM users WHERE
    ```

    ## Use instead
    ```sql
    SELECT external_user_id FROM users WHERE signup_date >= '2026-01-01'
    ```
    """

    code = "CDI100"
    name = "syntax-error"
    severity = Severity.ERROR
    contract = True
    whole_text = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        dialect = ctx.warehouse.title
        for problem in ctx.analysis.problems:
            yield ctx.diagnostic(
                self, problem.start, problem.end, f"{problem.message} ({dialect} syntax)"
            )
