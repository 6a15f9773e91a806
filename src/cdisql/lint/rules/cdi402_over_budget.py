"""Rule CDI402 over-budget; its documentation is the class docstring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdisql.lint.diagnostics import Severity
from cdisql.lint.registry import WarehouseRule, register

if TYPE_CHECKING:
    pass


@register
class OverBudget(WarehouseRule):
    """## What it does
    Reports a segment whose estimate is over its budget: `max_bytes` (bytes the
    warehouse expects to scan: BigQuery's dry run, the plan's bytes elsewhere) or
    `max_rows` (rows the plan's scans read), set in `[validate]` of `cdisql.toml` or
    in the file with `-- cdisql: max_bytes=10GB`. Reported by `cdisql validate`.

    ## Why is this bad?
    A segment is refreshed again and again: a full scan of a large table is paid at
    every refresh. CI fails before the money is spent.

    ## Example
    ```sql
    -- cdisql: max_bytes=10GB
    SELECT user_id AS external_user_id FROM events  -- reads the whole table
    ```

    ## Use instead
    ```sql
    -- cdisql: max_bytes=10GB
    SELECT user_id AS external_user_id FROM events
    WHERE event_date >= DATE_SUB(CURRENT_DATE(), INTERVAL 30 DAY)
    ```
    """

    code = "CDI402"
    name = "over-budget"
    severity = Severity.ERROR
