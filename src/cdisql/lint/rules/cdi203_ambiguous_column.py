"""Rule CDI203 ambiguous-column; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class AmbiguousColumn(Rule):
    """## What it does
    Reports an unqualified column that more than one table in scope has. A column that
    `USING` or `NATURAL` joined is one column, until a third table brings another of that
    name.

    ## Why is this bad?
    The warehouse refuses the query ("ambiguous column name"), or a later schema change
    silently changes which table it reads.

    ## Example
    ```sql
    SELECT u.external_id AS external_user_id
    FROM users u JOIN orders o ON o.user_id = u.user_id
    WHERE created_at > '2026-01-01'
    ```

    ## Use instead
    ```sql
    SELECT u.external_id AS external_user_id
    FROM users u JOIN orders o ON o.user_id = u.user_id
    WHERE o.created_at > '2026-01-01'
    ```
    """

    code = "CDI203"
    name = "ambiguous-column"
    severity = Severity.ERROR
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for problem in ctx.model.names.column_problems:
            if problem.kind != "ambiguous":
                continue
            span = ctx.node_span(problem.node)
            yield ctx.diagnostic(
                self,
                *span,
                f"column `{problem.written}` is in {', '.join(problem.tables)}: "
                "qualify it with the table's name or alias",
            )
