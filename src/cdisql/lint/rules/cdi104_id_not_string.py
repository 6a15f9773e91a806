"""Rule CDI104 id-not-string; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.model import OUTPUT_COLUMN, IdKind, IdType, is_aggregate, unwrapped
from cdisql.lint.registry import Rule, register


@register
class IdNotString(Rule):
    """## What it does
    Reports an `external_user_id` that is certainly not a string. Unknown types are not
    reported.

    A number, a date or time (`DATE_TRUNC(…)`), a boolean, an ARRAY, STRUCT, OBJECT or
    MAP (`ARRAY_AGG(…)`, `OBJECT_CONSTRUCT(…)`), a VARIANT, SUPER or JSON value that is
    not cast, bytes (`SHA256(…)`) or a geography. The type is followed through CTEs,
    derived tables, set operations and `JOIN … USING` to the catalog's column types.

    ## Why is this bad?
    The platform matches users on string ids; any other type fails the refresh or
    matches nobody. Cast a numeric id, or a semi-structured value holding the id, to
    the warehouse's string type; an array holds many ids (output one row per id).

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
            found = output.not_string(column)
            if found is None:
                continue
            select, projection = column.select, column.projection
            ranges = ctx.projection_ranges(select)
            inner = _inner_range(ctx, projection, ranges)
            span = inner or (ranges[0] if ranges else ctx.node_span(projection))
            fix = None
            cast = _cast_safety(found, unwrapped(projection))
            if inner is not None and cast is not None:
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
                    safe=cast,
                )
            yield ctx.diagnostic(
                self,
                *span,
                f"{OUTPUT_COLUMN} is {found.label}, not a string: {_advice(ctx, found)}",
                fix=fix,
            )


def _advice(ctx: RuleContext, found: IdType) -> str:
    string_type = ctx.warehouse.string_type
    if found.kind in (IdKind.INTEGER, IdKind.NUMBER):
        return f"cast it to {string_type}"
    if found.kind is IdKind.SEMI_STRUCTURED:
        return f"read the id out of it as a {string_type}"
    if found.kind is IdKind.NESTED:
        return "select the one field or element that holds the id (one id per row)"
    return "select the column that holds the user's id"


def _cast_safety(found: IdType, node: exp.Expr) -> bool | None:
    """Whether casting keeps the audience: True (safe), False (offer it), None (no fix).

    Casting an integer id column gives the same users written as strings; a cast of a
    fraction, a literal, arithmetic or a semi-structured value may be what the author
    meant, so it is only offered; an aggregate, a date, a boolean, an array, bytes or a
    geography cast to a string is not anybody's id.
    """
    if is_aggregate(node):
        return None
    if found.kind is IdKind.INTEGER:
        return isinstance(node, exp.Column | exp.Cast | exp.TryCast)
    if found.kind is IdKind.NUMBER:
        return False
    if found.kind is IdKind.SEMI_STRUCTURED and (
        found.data_type is None or not found.data_type.is_type(exp.DType.JSON, exp.DType.JSONB)
    ):
        return False  # JSON does not cast to a string as its value in every warehouse
    return None


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
