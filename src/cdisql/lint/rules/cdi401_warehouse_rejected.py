"""Rule CDI401 warehouse-rejected; its documentation is the class docstring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdisql.lint.diagnostics import Severity
from cdisql.lint.registry import WarehouseRule, register

if TYPE_CHECKING:
    pass


@register
class WarehouseRejected(WarehouseRule):
    """## What it does
    Reports a segment the warehouse refuses to compile, with the warehouse's own
    message at the line it points to: a function the account does not have, a column
    or table the source's identity cannot see, a type the warehouse does not accept.
    Reported by `cdisql validate`, which compiles each segment without running it
    (BigQuery dry run, Snowflake `EXPLAIN USING JSON`, `EXPLAIN` elsewhere).

    ## Why is this bad?
    The catalog snapshot cdisql lints against cannot know every function, grant or
    type rule of the live warehouse; the platform's build would fail on it.

    ## Example
    ```sql
    -- the account has no such function; the identity cannot see users.email
    SELECT external_id AS external_user_id FROM users WHERE braze_score(email) = 'x'
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE opted_in
    ```
    """

    code = "CDI401"
    name = "warehouse-rejected"
    severity = Severity.ERROR
