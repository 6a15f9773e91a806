"""Rule CDI104 id-not-string; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.model import (
    OUTPUT_COLUMN,
)
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class IdNotString(Rule):
    """## What it does
    Reports an `external_user_id` that is certainly not a string: a numeric literal, a
    cast to a non-string type, arithmetic, or a catalog column of a numeric type.
    Unknown types are not reported.

    ## Why is this bad?
    The platform matches users on string ids; a numeric column fails the refresh or
    matches nobody. Cast it to the warehouse's string type.

    ## Example
    ```sql
    SELECT user_id AS external_user_id FROM users  -- user_id is NUMBER
    ```

    ## Use instead
    ```sql
    SELECT CAST(user_id AS VARCHAR) AS external_user_id FROM users
    ```
    """

    code = "CDI104"
    name = "id-not-string"
    severity = Severity.ERROR
    contract = True
    output_rule = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        output = ctx.model.output
        for column in output.columns:
            reason = output.not_string(column)
            if reason is None:
                continue
            select, projection = column.select, column.projection
            ranges = ctx.projection_ranges(select)
            inner = _inner_range(ctx, projection, ranges)
            span = inner or (ranges[0] if ranges else ctx.node_span(projection))
            fix = None
            if inner is not None:
                text = ctx.text[inner[0] : inner[1]]
                replacement = ctx.warehouse.cast_to_string(text)
                if (
                    column.branch == 0
                    and not isinstance(projection, exp.Alias)
                    and projection.alias_or_name.casefold() == OUTPUT_COLUMN
                ):
                    replacement += f" AS {projection.alias_or_name}"
                fix = Fix(
                    f"Cast to {ctx.warehouse.string_type}",
                    (Edit(inner[0], inner[1], replacement),),
                )
            yield ctx.diagnostic(
                self,
                *span,
                f"{OUTPUT_COLUMN} is {reason}, not a string: cast it to "
                f"{ctx.warehouse.string_type}",
                fix=fix,
            )


def _inner_range(
    ctx: RuleContext, projection: exp.Expr, ranges: list[tuple[int, int]] | None
) -> tuple[int, int] | None:
    """The range of the projection's expression without its alias."""
    if not ranges:
        return None
    start, end = ranges[0]
    if not isinstance(projection, exp.Alias):
        return start, end
    alias = projection.args.get("alias")
    meta = alias._meta if alias is not None else None
    if not meta or "start" not in meta:
        return None
    i = ctx.token_index(meta["start"]) - 1
    if i >= 0 and ctx.tokens[i].text.upper() == "AS":
        i -= 1
    if i < 0 or ctx.tokens[i].start < start:
        return None
    return start, ctx.tokens[i].end + 1
