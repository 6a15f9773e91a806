"""Rule CDI201 unknown-table; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Related, Severity
from cdisql.lint.model import (
    table_names,
    written_parts,
)
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class UnknownTable(Rule):
    """## What it does
    Reports a table that is not in the source's catalog, with the closest names.

    ## Why is this bad?
    The connected identity cannot see it: the refresh fails with "object does not
    exist or not authorized".

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM user
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI201"
    name = "unknown-table"
    severity = Severity.ERROR
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        catalog = ctx.catalog
        if catalog is None:
            return
        for table in ctx.model.names.physical_tables:
            names = table_names(table)
            if catalog.lookup_written(written_parts(table)):
                continue
            if ctx.model.names.foreign_qualifier(table) is not None:
                continue  # a foreign schema is CDI105's to report
            if names[-1].endswith("*") and _wildcard_matches(ctx, names[-1]):
                continue  # BigQuery wildcard table: events_* reads events_2026...
            span = ctx.node_span(table.this)
            parts = table.parts
            if len(parts) > 1:
                first = ctx.node_span(parts[0])
                span = (min(first[0], span[0]), max(first[1], span[1]))
            fold = ctx.warehouse.folding.value != "case_sensitive"
            from cdisql.lint.suggest import table_suggester

            suggestions = list(table_suggester(catalog, fold).suggest(names[-1]))
            related = tuple(Related(f"did you mean {s}?", *span) for s in suggestions)
            hint = f": did you mean {', '.join(suggestions)}?" if suggestions else ""
            yield ctx.diagnostic(
                self,
                *span,
                f"table `{'.'.join(names)}` is not in the catalog{hint}",
                suggestions=tuple(suggestions),
                related=related,
            )


def _wildcard_matches(ctx: RuleContext, name: str) -> bool:
    prefix = ctx.warehouse.key(name[:-1])
    catalog = ctx.catalog
    return catalog is not None and any(
        ctx.warehouse.key(t.name).startswith(prefix) for t in catalog
    )
