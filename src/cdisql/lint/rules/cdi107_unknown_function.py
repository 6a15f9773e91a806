"""Rule CDI107 unknown-function; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register


@register
class UnknownFunction(Rule):
    """## What it does
    Reports a call of a function that the source's warehouse does not document but
    another warehouse does, and says how this warehouse writes it when there is a direct
    equivalent. Each warehouse's list comes from its vendor's function reference
    (`src/cdisql/data/functions/<warehouse>.json` names the sources and the date read);
    a name in no list (a UDF of the source's schema, a typo) is not reported.

    ## Why is this bad?
    It was probably written for another warehouse (`IFF` is Snowflake's, `FORMAT_DATE`
    BigQuery's, `ARRAY_AGG` is not in Redshift): the query fails when the segment
    refreshes.

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
        from cdisql.lint.functions import foreign_calls

        tree = ctx.expression
        if tree is None:
            return
        own = ctx.warehouse
        for call in foreign_calls(tree, ctx.tokens, own, ctx.text):
            where = ", ".join(w.title for w in call.known_in)
            hint = (
                f"in {own.title} write {call.instead}"
                if call.instead
                else "was this written for another warehouse?"
            )
            yield ctx.diagnostic(
                self,
                call.start,
                call.end,
                f"{call.name.upper()} is not a {own.title} function (it is one of {where}): "
                + hint,
            )
