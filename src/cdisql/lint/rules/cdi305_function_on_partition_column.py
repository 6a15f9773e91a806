"""Rule CDI305 function-on-partition-column; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class FunctionOnPartitionColumn(Rule):
    """## What it does
    Reports a partitioned table whose every predicate on the partition or cluster
    column wraps it in a function (`YEAR(event_date) = 2026`).

    ## Why is this bad?
    The warehouse can only prune partitions when it compares the column itself: the
    whole table is scanned.

    ## Example
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM events WHERE YEAR(event_date) = 2026
    ```

    ## Use instead
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM events
    WHERE event_date >= '2026-01-01' AND event_date < '2027-01-01'
    ```
    """

    code = "CDI305"
    name = "function-on-partition-column"
    severity = Severity.WARNING
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        predicates = ctx.model.predicates
        for read in predicates.partitioned_reads:
            found = predicates.pruning_predicates(read)
            if not found or any(c.wrapper is None for c in found):
                continue
            table = read.table
            column, wrapper = found[0].column, found[0].wrapper
            assert wrapper is not None
            span = ctx.extent(wrapper) or ctx.node_span(column)
            yield ctx.diagnostic(
                self,
                *span,
                f"`{column.name}` is wrapped in a function: `{table.name}` cannot be pruned; "
                "compare the column itself to a range",
            )
