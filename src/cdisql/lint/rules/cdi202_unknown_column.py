"""Rule CDI202 unknown-column; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Related, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class UnknownColumn(Rule):
    """## What it does
    Reports a column that no table in scope has, according to the catalog, with the
    closest names.

    ## Why is this bad?
    The refresh fails with "invalid identifier"; usually a typo or a column from
    another table.

    ## Example
    ```sql
    SELECT external_idd AS external_user_id FROM users
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI202"
    name = "unknown-column"
    severity = Severity.ERROR
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for problem in ctx.model.names.column_problems:
            if problem.kind != "unknown":
                continue
            column = problem.column
            span = ctx.node_span(column)
            where = f" in {problem.tables[0]}" if problem.tables else ""
            hint = f": did you mean {', '.join(problem.candidates)}?" if problem.candidates else ""
            yield ctx.diagnostic(
                self,
                *span,
                f"column `{_dotted(column)}` does not exist{where}{hint}",
                suggestions=tuple(problem.candidates),
                related=tuple(Related(f"did you mean {c}?", *span) for c in problem.candidates),
            )


def _dotted(column: exp.Column) -> str:
    return ".".join(part.name for part in column.parts)
