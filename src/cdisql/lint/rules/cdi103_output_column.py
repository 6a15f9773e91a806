"""Rule CDI103 output-column; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.model import (
    OUTPUT_COLUMN,
    IdKind,
    is_aggregate,
    is_id_name,
    is_star,
    unwrapped,
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

    `--fix` names one plain id column (`external_id`, `u.user_id`, `CAST(user_id AS
    VARCHAR)`); naming an expression or another column is only offered, and a
    literal, an aggregate or an array is never named the id.

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
    safe = _naming_keeps_the_audience(ctx)
    if safe is None:
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
            safe=safe,
        )
    return Fix(
        f"Alias the column AS {OUTPUT_COLUMN}",
        (Edit(end, end, f" AS {OUTPUT_COLUMN}"),),
        safe=safe,
    )


def _converts(node: exp.Expr) -> bool:
    """``CAST(x AS …)``, ``x::STRING``, ``TO_VARCHAR(x)``: ``x`` itself, as another type."""
    if isinstance(node, exp.Cast | exp.TryCast | exp.ToChar):
        return not node.args.get("format")
    return False


def _naming_keeps_the_audience(ctx: RuleContext) -> bool | None:
    """Whether naming the output column the id keeps the audience the author wrote.

    True (safe) when every branch outputs one plain column whose name says it is an id
    (``external_id``, ``u.user_id``, ``CAST(user_id AS VARCHAR)``) and that holds a string
    or an integer; None (no fix) when a branch outputs a literal, an aggregate or an
    array, record or map: naming it the id would not give a list of users; False
    (offered, not applied) otherwise.
    """
    output = ctx.model.output
    if len(output.columns) != len(output.selects):
        return False  # a branch outputs several columns: CDI103 reports it too
    safe = True
    for column in output.columns:
        node = unwrapped(column.projection)
        while _converts(node):
            node = unwrapped(node.this)  # CAST(CAST(user_id AS INT) AS VARCHAR): user_id
        if isinstance(node, exp.Literal | exp.Null | exp.Boolean) or is_aggregate(node):
            return None
        found = output.id_type(column)
        if found is not None and found.kind is IdKind.NESTED:
            return None
        plain = isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier)
        holds_an_id = found is None or found.kind in (IdKind.STRING, IdKind.INTEGER)
        if not (plain and is_id_name(node.name) and holds_an_id):
            safe = False
    return safe
