"""Rule CDI309 distinct-with-group-by; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class DistinctWithGroupBy(Rule):
    """## What it does
    Reports DISTINCT on a query whose GROUP BY already makes its rows distinct (every
    GROUP BY key is selected).

    ## Why is this bad?
    The rows are already unique; DISTINCT adds a second deduplication.

    ## Example
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM orders GROUP BY user_id
    ```

    ## Use instead
    ```sql
    SELECT user_id AS external_user_id FROM orders GROUP BY user_id
    ```
    """

    code = "CDI309"
    name = "distinct-with-group-by"
    severity = Severity.INFO

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        from sqlglot.tokens import TokenType

        for select in ctx.nodes(exp.Select):
            distinct = select.args.get("distinct")
            group = select.args.get("group")
            if distinct is None or group is None or distinct.args.get("on"):
                continue
            if not _group_keys_selected(select, group):
                continue
            keyword = ctx.select_keyword(select)
            if keyword is None:
                continue
            at = keyword + 1
            if at >= len(ctx.tokens) or ctx.tokens[at].token_type != TokenType.DISTINCT:
                continue
            start, end = ctx.token_range(at)
            # remove the keyword and the space after it
            cut = end
            while cut < len(ctx.text) and ctx.text[cut] in " \t":
                cut += 1
            yield ctx.diagnostic(
                self,
                start,
                end,
                "DISTINCT is redundant: GROUP BY already makes the rows distinct",
                fix=Fix("Remove DISTINCT", (Edit(start, cut, ""),)),
            )


def _group_keys_selected(select: exp.Select, group: exp.Group) -> bool:
    keys = group.expressions
    if not keys or group.args.get("rollup") or group.args.get("cube"):
        return False
    if group.args.get("grouping_sets"):
        return False
    projections = select.expressions
    by_alias = {p.alias_or_name.casefold(): p for p in projections}
    selected = {(p.this if isinstance(p, exp.Alias) else p) for p in projections}
    for key in keys:
        if isinstance(key, exp.Literal) and not key.is_string:
            index = int(key.this) - 1 if key.this.isdigit() else -1
            if not 0 <= index < len(projections):
                return False
            continue
        if key in selected:
            continue
        named = isinstance(key, exp.Column) and not key.table and key.name.casefold()
        if named in by_alias and _groups_by_the_projection(by_alias[named], key.name):
            continue
        return False
    return True


def _groups_by_the_projection(projection: exp.Expr, name: str) -> bool:
    """Whether ``GROUP BY name`` groups by the projection aliased ``name``.

    A GROUP BY name is the FROM column of that name first in most warehouses: in
    ``LOWER(email) AS email … GROUP BY email`` the rows are grouped by ``email`` and two
    of them may lower to one value. It is the projection when the projection is that
    column, or reads no column of that name.
    """
    aliased = projection.this if isinstance(projection, exp.Alias) else projection
    folded = name.casefold()
    if isinstance(aliased, exp.Column) and aliased.name.casefold() == folded:
        return True
    return all(c.name.casefold() != folded for c in aliased.find_all(exp.Column))
