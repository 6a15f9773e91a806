"""Rule CDI103 output-column; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.model import (
    OUTPUT_COLUMN,
    is_star,
)
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class OutputColumn(Rule):
    """## What it does
    Checks that the query outputs exactly one column named `external_user_id`
    (any case). `SELECT *` counts as wrong. For UNION/INTERSECT/EXCEPT the first branch
    names the column and every branch must output one column.

    ## Why is this bad?
    The platform reads the segment's users from that one column; anything else fails
    the refresh (a preview is exempt).

    ## Example
    ```sql
    SELECT user_id FROM users
    ```

    ## Use instead
    ```sql
    SELECT user_id AS external_user_id FROM users
    ```
    """

    code = "CDI103"
    name = "output-column"
    severity = Severity.ERROR
    contract = True
    output_rule = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        tree = ctx.expression
        if isinstance(tree, exp.Values) and ctx.tokens:
            yield ctx.diagnostic(
                self,
                *ctx.token_range(0),
                f"VALUES outputs unnamed columns: select one column named {OUTPUT_COLUMN}",
            )
            return
        if tree is None or not isinstance(tree, exp.Query):
            return
        branches = ctx.model.output.selects
        for index, select in enumerate(branches):
            projections = select.expressions
            ranges = ctx.projection_ranges(select)
            whole = _select_range(ctx, select, ranges)
            stars = [p for p in projections if is_star(p)]
            if stars:
                star = stars[0]
                span = ctx.star_span(star)
                yield ctx.diagnostic(
                    self,
                    *span,
                    f"`{star.sql(dialect=ctx.warehouse.dialect)}` outputs every column: "
                    f"select exactly one, {OUTPUT_COLUMN}",
                )
                continue
            if len(projections) != 1:
                start = ranges[1][0] if ranges and len(ranges) > 1 else whole[0]
                end = ranges[-1][1] if ranges else whole[1]
                yield ctx.diagnostic(
                    self,
                    start,
                    end,
                    f"the query outputs {len(projections)} columns: select exactly one, "
                    f"{OUTPUT_COLUMN}",
                )
                continue
            if index > 0:
                continue  # later branches take the first branch's column name
            projection = projections[0]
            if projection.alias_or_name.casefold() == OUTPUT_COLUMN:
                continue
            span = ranges[0] if ranges else ctx.node_span(projection, whole)
            yield ctx.diagnostic(
                self,
                *span,
                f"the output column is named `{projection.alias_or_name or '?'}`: "
                f"name it {OUTPUT_COLUMN}",
                fix=_alias_fix(ctx, projection, ranges),
            )


def _select_range(
    ctx: RuleContext, select: exp.Select, ranges: list[tuple[int, int]] | None
) -> tuple[int, int]:
    keyword = ctx.select_keyword(select)
    if keyword is not None:
        start = ctx.token_range(keyword)[0]
        end = ranges[-1][1] if ranges else ctx.token_range(keyword)[1]
        return start, end
    return ctx.statement_range()


def _alias_fix(
    ctx: RuleContext, projection: exp.Expr, ranges: list[tuple[int, int]] | None
) -> Fix | None:
    if not ranges:
        return None
    end = ranges[0][1]
    if isinstance(projection, exp.Alias):
        alias = projection.args.get("alias")
        meta = alias._meta if alias is not None else None
        if not meta or "start" not in meta:
            return None
        return Fix(
            f"Rename the column to {OUTPUT_COLUMN}",
            (Edit(meta["start"], meta["end"] + 1, OUTPUT_COLUMN),),
        )
    return Fix(f"Alias the column AS {OUTPUT_COLUMN}", (Edit(end, end, f" AS {OUTPUT_COLUMN}"),))
