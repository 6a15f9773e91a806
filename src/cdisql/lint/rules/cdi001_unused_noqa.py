"""Rule CDI001 unused-noqa; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class UnusedNoqa(Rule):
    """## What it does
    Reports a `-- noqa` comment that suppresses nothing on its line.

    ## Why is this bad?
    A stale suppression hides the next real problem written on that line.

    ## Example
    ```sql
    SELECT id AS external_user_id FROM users  -- noqa: CDI306
    ```

    ## Use instead
    ```sql
    SELECT id AS external_user_id FROM users
    ```
    """

    code = "CDI001"
    name = "unused-noqa"
    severity = Severity.INFO

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        # computed by the engine after every other rule ran
        return iter(())
