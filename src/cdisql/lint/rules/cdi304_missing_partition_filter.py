"""Rule CDI304 missing-partition-filter; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class MissingPartitionFilter(Rule):
    """## What it does
    Reports a table with partition or cluster columns (from the catalog) read with no
    predicate on any of them.

    ## Why is this bad?
    Without a filter on the partition key the warehouse scans, and bills, the whole
    table at every refresh.

    ## Example
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM events WHERE event_type = 'purchase'
    ```

    ## Use instead
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM events
    WHERE event_type = 'purchase' AND event_date >= '2026-11-01'
    ```
    """

    code = "CDI304"
    name = "missing-partition-filter"
    severity = Severity.WARNING
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        predicates = ctx.model.predicates
        for read in predicates.partitioned_reads:
            if predicates.pruning_predicates(read):
                continue
            node, table = read.node, read.table
            keys = ", ".join(table.pruning_columns)
            yield ctx.diagnostic(
                self,
                *ctx.node_span(node),
                f"`{table.name}` is read with no filter on {keys}: the whole table is scanned",
            )
