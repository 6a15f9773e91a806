"""Rule CDI102 not-a-query; its documentation is the class docstring."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    pass


@register
class NotAQuery(Rule):
    """## What it does
    Reports a statement that is not one pure, read-only query: DDL, DML, GRANT, CALL,
    SET/USE, COPY, scripting blocks, `SELECT … INTO`, DML inside a CTE; and calls a
    segment may not make, exactly as the guard refuses them: a table function that is
    not on the warehouse's list (`checkpoint()`, `query(…)`,
    `TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())`), a function with side effects or
    outside reach (`set_config`, `pg_terminate_backend`, `CHANGE_QUERY_PRIORITY`,
    `reflect`, `secret()`, `read_csv`, every Snowflake `SYSTEM$` function but the
    read-only ones such as `SYSTEM$TYPEOF`: the list is `cdisql.lint.functions`), and
    functions of another schema.

    ## Why is this bad?
    A segment only reads. The platform refuses anything else before it reaches the
    warehouse, and the connected identity should not be able to write anyway.

    ## Example
    ```sql
    CREATE TABLE active AS SELECT external_user_id FROM users
    ```

    ## Use instead
    ```sql
    SELECT external_user_id FROM users
    ```
    """

    code = "CDI102"
    name = "not-a-query"
    severity = Severity.ERROR
    contract = True
    whole_text = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        analysis = ctx.analysis
        if not analysis.statements:
            if not analysis.problems:
                yield ctx.diagnostic(
                    self, 0, len(ctx.text), "empty segment: write one SELECT query"
                )
            return
        for statement in analysis.statements:
            tree = statement.expression
            if not statement.tokens:
                continue
            first = statement.tokens[0]
            head = (first.start, first.end + 1)
            if tree is None:
                word = first.text.upper()
                if word in _SCRIPTING:
                    yield ctx.diagnostic(
                        self,
                        *head,
                        f"{word} starts a script: a segment is one read-only SELECT",
                    )
                    continue
                # broken text may still show a write (`WITH d AS (DELETE …)` in Snowflake)
                writes = _write_token_types()
                for token in statement.tokens[1:]:
                    if token.token_type in writes:
                        yield ctx.diagnostic(
                            self,
                            token.start,
                            token.end + 1,
                            f"{token.text.upper()} inside the query: a segment only reads",
                        )
                        break
                continue
            if not isinstance(tree, exp.Query | exp.Values):
                label = _kind_label(tree)
                message = (
                    f"{label} is not a query: a segment is one read-only SELECT"
                    if not isinstance(tree, exp.Column)
                    else "this is a bare name, not a query: a segment is one read-only SELECT"
                )
                yield ctx.diagnostic(self, head[0], head[1], message)
                continue
            nested = (
                ctx.nodes(*_WRITES, exp.Into, exp.Lock)
                if tree is ctx.expression
                else [n for n in tree.walk() if isinstance(n, (*_WRITES, exp.Into, exp.Lock))]
            )
            for node in nested:
                if isinstance(node, _WRITES):
                    span = _first_token_of(statement.tokens, node, ctx) or head
                    yield ctx.diagnostic(
                        self,
                        span[0],
                        span[1],
                        f"{_kind_label(node)} inside the query: a segment only reads",
                    )
                    break
                if isinstance(node, exp.Lock):
                    span = _token_named(statement.tokens, "FOR", head[0]) or head
                    yield ctx.diagnostic(
                        self,
                        span[0],
                        span[1],
                        "FOR UPDATE / FOR SHARE locks rows: a segment only reads",
                    )
                    break
                if isinstance(node, exp.Into):
                    span = _token_named(statement.tokens, "INTO", head[0]) or head
                    yield ctx.diagnostic(
                        self,
                        span[0],
                        span[1],
                        "SELECT … INTO writes a table: a segment only reads",
                    )
                    break
            yield from self._calls(ctx, tree, head)

    def _calls(
        self, ctx: RuleContext, tree: exp.Expr, head: tuple[int, int]
    ) -> Iterator[Diagnostic]:
        from cdisql.analysis import span_of
        from cdisql.lint.functions import function_problems

        for problem in function_problems(
            tree,
            ctx.warehouse,
            schema=ctx.source_schema,
            database=ctx.source_database,
            nodes=ctx.all_nodes if tree is ctx.expression else None,
        ):
            span = span_of(problem.node) or head
            yield ctx.diagnostic(self, span[0], span[1], problem.message)


_SCRIPTING = frozenset(
    [
        "BEGIN",
        "DECLARE",
        "LET",
        "IF",
        "FOR",
        "WHILE",
        "LOOP",
        "REPEAT",
        "EXECUTE",
        "CALL",
        "END",
        "RETURN",
        "EXCEPTION",
        "SET",
        "USE",
        "CREATE",
        "INSERT",
        "UPDATE",
        "DELETE",
        "MERGE",
        "DROP",
        "ALTER",
        "GRANT",
        "REVOKE",
        "COPY",
        "PUT",
        "GET",
        "REMOVE",
        "UNLOAD",
        "TRUNCATE",
        "VACUUM",
        "ANALYZE",
        "PROCEDURE",
        "FUNCTION",
    ]
)


def _kind_label(node: exp.Expr) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    if isinstance(node, exp.Create):
        return f"CREATE {str(node.args.get('kind') or '').upper()}".strip()
    if isinstance(node, exp.Drop):
        return f"DROP {str(node.args.get('kind') or '').upper()}".strip()
    if isinstance(node, exp.Column):
        return "a bare name"
    name = type(node).__name__
    return {
        "Set": "SET",
        "Use": "USE",
        "Alter": "ALTER",
        "Insert": "INSERT",
        "Update": "UPDATE",
        "Delete": "DELETE",
        "Merge": "MERGE",
        "Grant": "GRANT",
        "Revoke": "REVOKE",
        "Copy": "COPY",
        "Pragma": "PRAGMA",
        "Attach": "ATTACH",
        "Detach": "DETACH",
        "Declare": "DECLARE",
        "Transaction": "BEGIN",
        "Commit": "COMMIT",
        "Rollback": "ROLLBACK",
        "Describe": "DESCRIBE",
        "Show": "SHOW",
        "Cache": "CACHE",
        "Uncache": "UNCACHE",
        "LoadData": "LOAD DATA",
        "TruncateTable": "TRUNCATE",
        "Analyze": "ANALYZE",
        "Summarize": "SUMMARIZE",
        "Install": "INSTALL",
        "Export": "EXPORT",
        "Refresh": "REFRESH",
    }.get(name, name.upper())


@lru_cache(maxsize=1)
def _write_token_types() -> frozenset[object]:
    from sqlglot.tokens import TokenType as T

    return frozenset({T.INSERT, T.UPDATE, T.DELETE, T.MERGE, T.CREATE, T.DROP, T.ALTER})


_WRITES = (
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.Command,
    exp.Copy,
    exp.Grant,
    exp.TruncateTable,
)


def _token_named(tokens: list, word: str, after: int) -> tuple[int, int] | None:
    for token in tokens:
        if token.start >= after and token.text.upper() == word:
            return token.start, token.end + 1
    return None


def _first_token_of(tokens: list, node: exp.Expr, ctx: RuleContext) -> tuple[int, int] | None:
    from cdisql.analysis import span_of

    span = span_of(node)
    if span is None:
        return None
    label = _kind_label(node).split()[0]
    best = None
    for token in tokens:
        if token.start >= span[0]:
            break
        if token.text.upper() == label:
            best = (token.start, token.end + 1)
    return best
