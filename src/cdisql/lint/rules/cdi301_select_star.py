"""Rule CDI301 select-star; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.model import (
    sits_under,
)
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class SelectStar(Rule):
    """## What it does
    Reports `SELECT *` anywhere in the segment: final query, CTE or subquery.

    ## Why is this bad?
    Columnar warehouses read, and bill, every column selected. A segment needs a
    handful of columns; `*` also breaks when a column is added upstream.

    ## Example
    ```sql
    WITH recent AS (SELECT * FROM events WHERE event_date >= '2026-11-01')
    SELECT DISTINCT user_id AS external_user_id FROM recent
    ```

    ## Use instead
    ```sql
    WITH recent AS (SELECT user_id FROM events WHERE event_date >= '2026-11-01')
    SELECT DISTINCT user_id AS external_user_id FROM recent
    ```
    """

    code = "CDI301"
    name = "select-star"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for select in ctx.nodes(exp.Select):
            if sits_under(select, exp.Exists):
                continue  # EXISTS (SELECT * …) reads no column
            for projection in select.expressions:
                star: exp.Expr | None = None
                if isinstance(projection, exp.Star) or (
                    isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
                ):
                    star = projection
                if star is None:
                    continue
                span = ctx.star_span(star)
                yield ctx.diagnostic(
                    self,
                    *span,
                    "`SELECT *` reads every column: list the columns the segment needs",
                    fix=self._expand(ctx, select, star, span),
                )

    def _expand(
        self, ctx: RuleContext, select: exp.Select, star: exp.Expr, span: tuple[int, int]
    ) -> Fix | None:
        if ctx.catalog is None or any(star.args.get(k) for k in ("except_", "replace", "rename")):
            return None
        if isinstance(star, exp.Column):
            qualifier = star.table
            target = _source_named(select, qualifier)
        else:
            if select.args.get("joins"):
                return None
            from_ = select.args.get("from_")
            target = from_.this if from_ is not None else None
            qualifier = ""
        if not isinstance(target, exp.Table) or not isinstance(target.this, exp.Identifier):
            return None
        table = ctx.model.names.resolve_table(target)
        if table is None or not table.columns:
            return None
        render = ctx.warehouse.render_name
        prefix = f"{qualifier}." if qualifier else ""
        columns = ", ".join(prefix + render(c.name) for c in table.columns)
        return Fix(
            f"List the {len(table.columns)} columns of {table.name}",
            (Edit(*span, columns),),
            safe=False,
        )


def _source_named(select: exp.Select, name: str) -> exp.Expr | None:
    sources = []
    from_ = select.args.get("from_")
    if from_ is not None:
        sources.append(from_.this)
    sources.extend(j.this for j in select.args.get("joins") or ())
    for source in sources:
        if source.alias_or_name.casefold() == name.casefold():
            return source
    return None
