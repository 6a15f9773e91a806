"""What only the warehouse knows (CDI401-CDI403), reported by ``cdisql validate``.

These rules have no check of their own in ``cdisql lint``: ``cdisql validate`` asks the
warehouse to compile each segment without running it (a BigQuery dry run, an
``EXPLAIN`` elsewhere) and reports what it answered under these codes, so they are
selected, ignored, re-graded and documented like every other rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register


class _WarehouseRule(Rule):
    from_warehouse = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return iter(())  # reported by `cdisql validate`, from the warehouse's answer


@register
class WarehouseRejected(_WarehouseRule):
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


@register
class OverBudget(_WarehouseRule):
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


@register
class BuildPermission(_WarehouseRule):
    """## What it does
    Reports a segment whose build would fail because the source's identity may not
    create the build's table in the source's schema (CREATE TABLE, or
    `bigquery.tables.create`), found by `cdisql validate` without creating anything.

    ## Why is this bad?
    Every refresh of a segment writes one temporary table; without the grant the
    platform cannot refresh any segment on the source.

    ## Example
    ```sql
    -- REVOKE CREATE ON SCHEMA cdi FROM braze_user
    SELECT external_id AS external_user_id FROM users
    ```

    ## Use instead
    ```sql
    -- GRANT CREATE ON SCHEMA cdi TO braze_user  (see `cdisql setup-sql`)
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI403"
    name = "build-permission"
    severity = Severity.ERROR
