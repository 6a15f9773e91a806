"""The segment contract (CDI100-CDI107): what the platform accepts as a segment query."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from sqlglot import exp

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.registry import Rule, register

if TYPE_CHECKING:
    from cdisql.catalog import Table

OUTPUT_COLUMN = "external_user_id"


@register
class SyntaxError_(Rule):
    """## What it does
    Reports text that does not parse in the source's dialect.

    ## Why is this bad?
    The warehouse rejects the segment when it is refreshed; every other check needs a
    query that parses.

    ## Example
    ```sql
    SELECT external_user_id FROM users WHERE
    ```

    ## Use instead
    ```sql
    SELECT external_user_id FROM users WHERE signup_date >= '2026-01-01'
    ```
    """

    code = "CDI100"
    name = "syntax-error"
    severity = Severity.ERROR
    contract = True
    whole_text = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        dialect = ctx.warehouse.title
        for problem in ctx.analysis.problems:
            yield ctx.diagnostic(
                self, problem.start, problem.end, f"{problem.message} ({dialect} syntax)"
            )


@register
class MultipleStatements(Rule):
    """## What it does
    Reports a segment with more than one statement, or with a `;` terminator.

    ## Why is this bad?
    The platform runs the segment as exactly one query; a semicolon makes the
    warehouse see a script and the refresh fails.

    ## Example
    ```sql
    SELECT external_user_id FROM users;
    ```

    ## Use instead
    ```sql
    SELECT external_user_id FROM users
    ```
    """

    code = "CDI101"
    name = "multiple-statements"
    severity = Severity.ERROR
    contract = True
    whole_text = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        analysis = ctx.analysis
        statements = analysis.statements
        count = len(statements)
        # a statement after this `;` exists when the last one starts after it (linear time)
        last_start = max((s.start for s in statements), default=-1)
        for start, end in analysis.semicolons:
            if last_start >= end:
                yield ctx.diagnostic(
                    self,
                    start,
                    end,
                    f"{count} statements: a segment is exactly one query, with no `;`",
                )
                continue
            fix = None
            if count == 1:
                fix = Fix("Remove the trailing `;`", (Edit(start, end, ""),))
            yield ctx.diagnostic(
                self, start, end, "remove the `;`: a segment has no statement terminator", fix=fix
            )


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


@register
class NotAQuery(Rule):
    """## What it does
    Reports a statement that is not one pure, read-only query: DDL, DML, GRANT, CALL,
    SET/USE, COPY, scripting blocks, `SELECT … INTO`, DML inside a CTE; and calls a
    segment may not make, exactly as the guard refuses them: a table function that is
    not on the warehouse's list (`checkpoint()`, `query(…)`,
    `TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())`), a function with side effects or
    outside reach (`set_config`, `pg_terminate_backend`, `SYSTEM$…`, `secret()`,
    `read_csv`), and functions of another schema.

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
            tree, ctx.warehouse, schema=ctx.source_schema, database=ctx.source_database
        ):
            span = span_of(problem.node) or head
            yield ctx.diagnostic(self, span[0], span[1], problem.message)


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


# -- the output column -------------------------------------------------------------------
def output_selects(tree: exp.Expr) -> list[exp.Select]:
    """The branches producing the final output: one SELECT, or each branch of a set op."""
    node = tree
    while isinstance(node, exp.Subquery):
        node = node.this
    if isinstance(node, exp.Select):
        return [node]
    if isinstance(node, exp.SetOperation):
        # the raw args: the typed .left/.right raise when a branch is not a query
        left_node, right_node = node.args.get("this"), node.args.get("expression")
        if left_node is None or right_node is None:
            return []
        left = output_selects(left_node)
        right = output_selects(right_node)
        return left + right if left and right else []
    return []


def is_star(projection: exp.Expr) -> bool:
    return isinstance(projection, exp.Star) or (
        isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
    )


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
        branches = output_selects(tree)
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


_NOT_STRING_TYPES: frozenset[exp.DType] | None = None


def _not_string_types() -> frozenset[exp.DType]:
    global _NOT_STRING_TYPES
    if _NOT_STRING_TYPES is None:
        t = exp.DataType
        _NOT_STRING_TYPES = frozenset(
            set(t.NUMERIC_TYPES) | set(t.TEMPORAL_TYPES) | {exp.DType.BOOLEAN}
        )
    return _NOT_STRING_TYPES


def type_is_not_string(data_type: exp.DataType | None) -> bool:
    return data_type is not None and data_type.this in _not_string_types()


@lru_cache(maxsize=512)
def parse_type(type_text: str, dialect: str) -> exp.DataType | None:
    try:
        return exp.DataType.build(type_text, dialect=dialect)
    except Exception:
        return None


_ARITHMETIC = (
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.IntDiv,
    exp.Mod,
    exp.Neg,
    exp.BitwiseAnd,
    exp.BitwiseOr,
    exp.BitwiseXor,
)

_NUMERIC_FUNCS = (
    exp.Count,
    exp.Sum,
    exp.Avg,
    exp.Abs,
    exp.Round,
    exp.Floor,
    exp.Ceil,
    exp.RowNumber,
    exp.Rank,
    exp.DenseRank,
    exp.Length,
)


def certainly_not_string(
    ctx: RuleContext, select: exp.Select, node: exp.Expr, depth: int = 0
) -> str | None:
    """Why ``node`` is certainly not a string, or None when it may be one.

    A column read from a CTE or a derived table is followed to the expression that
    CTE selects under that name.
    """
    if isinstance(node, exp.Alias):
        node = node.this
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Literal):
        return None if node.is_string else "a number"
    if isinstance(node, exp.Boolean):
        return "a boolean"
    if isinstance(node, exp.Cast | exp.TryCast):
        to = node.args.get("to")
        if isinstance(to, exp.DataType) and type_is_not_string(to):
            return f"a cast to {to.sql(dialect=ctx.warehouse.dialect)}"
        return None
    if isinstance(node, _ARITHMETIC):
        return "arithmetic (a number)"
    if isinstance(node, exp.Window):
        node = node.this
    if isinstance(node, _NUMERIC_FUNCS):
        return f"{type(node).__name__.upper()}() (a number)"
    if isinstance(node, exp.Func | exp.Case | exp.Predicate | exp.Binary) and not isinstance(
        node, exp.Anonymous
    ):
        return _annotated_not_string(ctx, node)
    if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier):
        if ctx.catalog is not None:
            column_type = catalog_column_type(ctx, select, node)
            if column_type is not None:
                built = parse_type(column_type, ctx.warehouse.dialect)
                return f"a {column_type} column" if type_is_not_string(built) else None
        derived = _derived_projection(ctx, select, node)
        if derived is not None and depth < 8:
            return certainly_not_string(ctx, derived[0], derived[1], depth + 1)
    return None


def _annotated_not_string(ctx: RuleContext, node: exp.Expr) -> str | None:
    """sqlglot's type inference, for expressions whose type does not need the catalog."""
    from sqlglot.optimizer.annotate_types import annotate_types

    try:
        typed = annotate_types(node.copy(), dialect=ctx.warehouse.dialect)
    except Exception:
        return None
    data_type = typed.type
    if isinstance(data_type, exp.DataType) and type_is_not_string(data_type):
        return f"of type {data_type.sql(dialect=ctx.warehouse.dialect)}"
    return None


def _derived_projection(
    ctx: RuleContext, select: exp.Select, column: exp.Column
) -> tuple[exp.Select, exp.Expr] | None:
    """The CTE or derived-table projection that ``column`` reads, when there is one."""
    sources: list[exp.Expr] = []
    from_ = select.args.get("from_")
    if from_ is not None:
        sources.append(from_.this)
    sources.extend(j.this for j in select.args.get("joins") or ())
    qualifier = column.table.casefold()
    if qualifier:
        sources = [s for s in sources if s.alias_or_name.casefold() == qualifier]
    if len(sources) != 1:
        return None
    source = sources[0]
    query: exp.Expr | None = None
    if isinstance(source, exp.Subquery):
        query = source.this
    elif isinstance(source, exp.Table) and not source.db:
        wanted = ctx.warehouse.key(source.name)
        for cte in ctx.nodes(exp.CTE):
            if ctx.warehouse.key(cte.alias) == wanted:
                query = cte.this
                break
    if not isinstance(query, exp.Select) or query is select:
        return None
    name = column.name.casefold()
    for projection in query.expressions:
        if projection.alias_or_name.casefold() == name:
            return query, projection
    return None


def source_tables(ctx: RuleContext, select: exp.Select) -> dict[str, Table | None]:
    """The sources of ``select`` by alias: a catalog table, or None when not one."""
    cache: dict[int, dict[str, Table | None]] = ctx.cache.setdefault("source_tables", {})
    key = id(select)
    if key in cache:
        return cache[key]
    found: dict[str, Table | None] = {}
    ctes = cte_names(ctx)
    sources: list[exp.Expr] = []
    from_ = select.args.get("from_") or select.args.get("from")
    if from_ is not None:
        sources.append(from_.this)
    for join in select.args.get("joins") or ():
        sources.append(join.this)
    for source in sources:
        alias = source.alias_or_name
        if isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier):
            table = None
            if not (not source.db and ctx.warehouse.key(source.name) in ctes):
                table = resolve_table(ctx, source)
            found[alias] = table
        else:
            found[alias] = None
    cache[key] = found
    return found


def resolve_table(ctx: RuleContext, table: exp.Table) -> Table | None:
    if ctx.catalog is None:
        return None
    cache: dict[int, Table | None] = ctx.cache.setdefault("resolved_tables", {})
    key = id(table)
    if key not in cache:
        found = ctx.catalog.lookup_written(written_parts(table))
        cache[key] = found[0] if len(found) == 1 else None
    return cache[key]


def written_parts(table: exp.Table) -> list[tuple[str, bool]]:
    """``(name, quoted)`` for each part of ``table``'s name."""
    return [
        (part.name, bool(part.args.get("quoted")) if isinstance(part, exp.Identifier) else False)
        for part in table.parts
    ]


def cte_names(ctx: RuleContext) -> set[str]:
    cached = ctx.cache.get("cte_names")
    if cached is None:
        key = ctx.warehouse.key
        cached = {key(cte.alias) for cte in ctx.nodes(exp.CTE) if cte.alias}
        ctx.cache["cte_names"] = cached
    return cached


def catalog_column_type(ctx: RuleContext, select: exp.Select, column: exp.Column) -> str | None:
    sources = source_tables(ctx, select)
    qualifier = column.table
    if qualifier:
        table = sources.get(qualifier)
        if table is None:
            return None
        found = table.column(column.name, ctx.warehouse)
        return found.type if found else None
    if len(sources) != 1:
        return None
    (table,) = sources.values()
    if table is None:
        return None
    found = table.column(column.name, ctx.warehouse)
    return found.type if found else None


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
        tree = ctx.expression
        if tree is None or not isinstance(tree, exp.Query):
            return
        for index, select in enumerate(output_selects(tree)):
            if len(select.expressions) != 1 or is_star(select.expressions[0]):
                continue
            projection = select.expressions[0]
            reason = certainly_not_string(ctx, select, projection)
            if reason is None:
                continue
            ranges = ctx.projection_ranges(select)
            inner = _inner_range(ctx, projection, ranges)
            span = inner or (ranges[0] if ranges else ctx.node_span(projection))
            fix = None
            if inner is not None:
                text = ctx.text[inner[0] : inner[1]]
                replacement = ctx.warehouse.cast_to_string(text)
                if (
                    index == 0
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


# -- where the data comes from -------------------------------------------------------------
@register
class ForeignSchema(Rule):
    """## What it does
    Reports a table read from a database, schema or dataset other than the connected
    source's (when the source's are known).

    ## Why is this bad?
    A connected source reads one schema (BigQuery: one dataset) with an identity that
    only has SELECT there: the refresh fails on any other.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM marketing.users
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI105"
    name = "foreign-schema"
    severity = Severity.ERROR
    contract = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        if not ctx.source_schema and not ctx.source_database:
            return
        from cdisql.analysis import span_of

        source = ".".join(p for p in (ctx.source_database, ctx.source_schema) if p)
        for table in ctx.nodes(exp.Table):
            problem = foreign_qualifier(ctx, table)
            if problem is None:
                continue
            spans = [s for s in (span_of(p) for p in table.parts[:-1]) if s]
            start, end = (
                (min(s[0] for s in spans), max(s[1] for s in spans))
                if spans
                else ctx.node_span(table)
            )
            yield ctx.diagnostic(
                self,
                start,
                end,
                f"`{'.'.join(table_names(table))}` is read from {problem}: "
                f"this source reads {source} only",
            )


def table_names(table: exp.Table) -> list[str]:
    """The name parts of ``table``; BigQuery's `project.dataset.table` split in three."""
    names = [p.name for p in table.parts]
    if len(names) == 1 and "." in names[0]:
        names = names[0].split(".")
    return names


def foreign_qualifier(ctx: RuleContext, table: exp.Table) -> str | None:
    """What makes ``table`` foreign to the source ("schema MARKETING"), or None."""
    wanted_schema = ctx.source_schema
    wanted_db = ctx.source_database
    if (not wanted_schema and not wanted_db) or not isinstance(table.this, exp.Identifier):
        return None
    names = table_names(table)
    if len(names) < 2:
        return None
    key = ctx.warehouse.key
    schema = names[-2]
    database = names[-3] if len(names) >= 3 else None
    if wanted_schema and key(schema) != key(wanted_schema):
        return f"{ctx.warehouse.schema_word} {schema}"
    if wanted_db and database and key(database) != key(wanted_db):
        return f"{'project' if ctx.warehouse.kind == 'bigquery' else 'database'} {database}"
    return None


@register
class LimitTruncatesAudience(Rule):
    """## What it does
    Reports LIMIT, TOP or FETCH on the final query.

    ## Why is this bad?
    The segment's audience is cut at an arbitrary row count, different at every
    refresh. Previews are already capped at 100 rows.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users LIMIT 1000
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI106"
    name = "limit-truncates-audience"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        from sqlglot.tokens import TokenType

        tree = ctx.expression
        if tree is None or not isinstance(tree, exp.Query):
            return
        node = tree
        while isinstance(node, exp.Subquery):
            node = node.this
        limit = node.args.get("limit") or node.args.get("fetch")
        if limit is None:
            return
        span = ctx.node_span(limit)
        keyword = ctx.previous_token(span[0], TokenType.LIMIT, TokenType.TOP, TokenType.FETCH)
        start = ctx.token_range(keyword)[0] if keyword is not None else span[0]
        word = ctx.tokens[keyword].text.upper() if keyword is not None else "LIMIT"
        yield ctx.diagnostic(
            self,
            start,
            span[1],
            f"{word} cuts the audience at an arbitrary set of users: remove it",
        )


@cache
def _known_functions(dialect: str) -> frozenset[str]:
    import sqlglot

    parser = sqlglot.Dialect.get_or_raise(dialect).parser_class
    return frozenset(parser.FUNCTIONS) | frozenset(parser.FUNCTION_PARSERS)


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
