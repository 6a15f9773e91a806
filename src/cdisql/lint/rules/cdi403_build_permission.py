"""Rule CDI403 build-permission; its documentation is the class docstring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdisql.lint.diagnostics import Severity
from cdisql.lint.registry import WarehouseRule, register

if TYPE_CHECKING:
    pass


@register
class BuildPermission(WarehouseRule):
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
