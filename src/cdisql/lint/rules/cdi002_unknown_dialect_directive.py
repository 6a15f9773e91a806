"""Rule CDI002 unknown-dialect-directive; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class UnknownDialectDirective(Rule):
    """## What it does
    Reports a `-- cdisql: dialect=…` comment that names a dialect cdisql does not know.
    The file is then linted in the dialect from the settings instead.

    ## Why is this bad?
    A misspelt directive is silently worthless: the segment is checked in another
    warehouse's SQL, so real mistakes can pass and valid syntax can be reported.

    ## Example
    ```sql
    -- cdisql: dialect=bigqeury
    SELECT user_id AS external_user_id FROM `proj.crm.users`
    ```

    ## Use instead
    ```sql
    -- cdisql: dialect=bigquery
    SELECT user_id AS external_user_id FROM `proj.crm.users`
    ```
    """

    code = "CDI002"
    name = "unknown-dialect-directive"
    severity = Severity.WARNING
    whole_text = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        named = ctx.analysis.unknown_directive_dialect
        if not named:
            return
        import difflib

        from cdisql.dialects import DIALECTS

        close = difflib.get_close_matches(named, DIALECTS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        start, end = 0, 0
        for comment in ctx.analysis.comments:
            if "cdisql" in comment.text.lower() and named in comment.text.lower():
                start, end = comment.start, comment.end
                break
        yield ctx.diagnostic(
            self,
            start,
            end,
            f"unknown dialect {named!r} in the cdisql directive{hint}: choose one of "
            f"{', '.join(DIALECTS)}; this file was linted as {ctx.warehouse.dialect}",
            suggestions=tuple(close),
        )
