"""Rule CDI101 multiple-statements; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class MultipleStatements(Rule):
    """## What it does
    Reports a segment with more than one statement, or with a `;` terminator.

    ## Why is this bad?
    The platform runs the segment as exactly one query; a semicolon makes the
    warehouse see a script and the refresh fails.

    ## Example
    ```sql
    SELECT external_user_id FROM users;
    ```

    ## Use instead
    ```sql
    SELECT external_user_id FROM users
    ```
    """

    code = "CDI101"
    name = "multiple-statements"
    severity = Severity.ERROR
    contract = True
    whole_text = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        analysis = ctx.analysis
        statements = analysis.statements
        count = len(statements)
        # a statement after this `;` exists when the last one starts after it (linear time)
        last_start = max((s.start for s in statements), default=-1)
        for start, end in analysis.semicolons:
            if last_start >= end:
                yield ctx.diagnostic(
                    self,
                    start,
                    end,
                    f"{count} statements: a segment is exactly one query, with no `;`",
                )
                continue
            fix = None
            if count == 1:
                fix = Fix("Remove the trailing `;`", (Edit(start, end, ""),))
            yield ctx.diagnostic(
                self, start, end, "remove the `;`: a segment has no statement terminator", fix=fix
            )
