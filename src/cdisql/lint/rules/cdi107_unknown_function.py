"""Rule CDI107 unknown-function; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class UnknownFunction(Rule):
    """## What it does
    Reports a function the source's dialect does not know but another warehouse does.

    ## Why is this bad?
    It was probably written for another warehouse (`IFF` is Snowflake, `SAFE_CAST` is
    BigQuery): the query fails when the segment refreshes.

    ## Example
    ```sql
    -- BigQuery
    SELECT IFF(vip, external_id, NULL) AS external_user_id FROM users
    ```

    ## Use instead
    ```sql
    SELECT IF(vip, external_id, NULL) AS external_user_id FROM users
    ```
    """

    code = "CDI107"
    name = "unknown-function"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        from cdisql.dialects import WAREHOUSES

        own = ctx.warehouse
        for node in ctx.nodes(exp.Anonymous):
            name = str(node.this).upper()
            if not name or name in _known_functions(own.dialect):
                continue
            known = [
                w.title
                for w in WAREHOUSES.values()
                if w.kind != own.kind and name in _known_functions(w.dialect)
            ]
            if not known:
                continue
            meta = node._meta
            start, end = (
                (int(meta["start"]), int(meta["end"]) + 1)
                if meta and "start" in meta
                else ctx.node_span(node)
            )
            yield ctx.diagnostic(
                self,
                start,
                end,
                f"{name} is not a {own.title} function (it is known in {', '.join(known)}): "
                "was this written for another warehouse?",
            )


@cache
def _known_functions(dialect: str) -> frozenset[str]:
    import sqlglot

    parser = sqlglot.Dialect.get_or_raise(dialect).parser_class
    return frozenset(parser.FUNCTIONS) | frozenset(parser.FUNCTION_PARSERS)
