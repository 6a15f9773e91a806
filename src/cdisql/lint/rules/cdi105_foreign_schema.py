"""Rule CDI105 foreign-schema; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.model import (
    table_names,
)
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class ForeignSchema(Rule):
    """## What it does
    Reports a table read from a database, schema or dataset other than the connected
    source's (when the source's are known).

    ## Why is this bad?
    A connected source reads one schema (BigQuery: one dataset) with an identity that
    only has SELECT there: the refresh fails on any other.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM marketing.users
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI105"
    name = "foreign-schema"
    severity = Severity.ERROR
    contract = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        if not ctx.source_schema and not ctx.source_database:
            return
        from cdisql.analysis import span_of

        source = ".".join(p for p in (ctx.source_database, ctx.source_schema) if p)
        for table in ctx.nodes(exp.Table):
            problem = ctx.model.names.foreign_qualifier(table)
            if problem is None:
                continue
            spans = [s for s in (span_of(p) for p in table.parts[:-1]) if s]
            start, end = (
                (min(s[0] for s in spans), max(s[1] for s in spans))
                if spans
                else ctx.node_span(table)
            )
            yield ctx.diagnostic(
                self,
                start,
                end,
                f"`{'.'.join(table_names(table))}` is read from {problem}: "
                f"this source reads {source} only",
            )
