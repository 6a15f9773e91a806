"""Rule CDI202 unknown-column; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Related, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class UnknownColumn(Rule):
    """## What it does
    Reports a column that no table in scope has, according to the catalog, with the
    closest names: a typo, a qualifier that names no table or alias in scope
    (`o.amount` without `o`), a `USING` column a joined table lacks, a STRUCT column
    that is not there (`p.adress.city`), a SELECT alias read where the warehouse does
    not read it (WHERE in BigQuery and Databricks), or a quoted name of another case
    (in Snowflake `"external_id"` is not `EXTERNAL_ID`).

    Column lists (`WITH t (id, depth)`, recursive CTEs included), PIVOT and UNPIVOT
    outputs and the tables a BigQuery wildcard (`events_*`) matches give their columns;
    a source whose columns are unknown (a table function, a `*`) is never reported.

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
            span = ctx.node_span(problem.node)
            where = f" in {', '.join(problem.tables)}" if problem.tables else ""
            reason = f": {problem.reason}" if problem.reason else ""
            hint = ""
            if problem.candidates:
                hint = f"{'; ' if reason else ': '}did you mean {', '.join(problem.candidates)}?"
            yield ctx.diagnostic(
                self,
                *span,
                f"column `{problem.written}` does not exist{where}{reason}{hint}",
                suggestions=tuple(problem.candidates),
                related=tuple(Related(f"did you mean {c}?", *span) for c in problem.candidates),
            )
