"""Cost and correctness rules (CDI301-CDI311): what makes a segment slow or costly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.errors import OptimizeError

from cdisql.analysis import printable
from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Severity
from cdisql.lint.registry import Rule, register
from cdisql.lint.rules.catalog import physical_tables
from cdisql.lint.rules.contract import resolve_table

if TYPE_CHECKING:
    from cdisql.catalog import Table


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
            if _under(select, exp.Exists):
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
        table = resolve_table(ctx, target)
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


def _under(query: exp.Expr, *kinds: type[exp.Expr]) -> bool:
    """True when ``query`` (or its parenthesised wrapper) sits directly in ``kinds``."""
    parent = query.parent
    while isinstance(parent, exp.Subquery | exp.Paren):
        parent = parent.parent
    return isinstance(parent, kinds)


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


def _is_row_source(node: exp.Expr) -> bool:
    """UNNEST / FLATTEN / LATERAL / table functions expand a row: never cartesian."""
    if isinstance(node, exp.Unnest | exp.Lateral | exp.TableFromRows | exp.Explode):
        return True
    if isinstance(node, exp.Table) and not isinstance(node.this, exp.Identifier):
        return True
    return bool(isinstance(node, exp.Subquery) and _single_row(node.this))


def _single_row(query: exp.Expr) -> bool:
    """An aggregate without GROUP BY returns exactly one row."""
    if not isinstance(query, exp.Select) or query.args.get("group"):
        return False
    return all(p.find(exp.AggFunc) is not None for p in query.expressions)


def _qualifiers(node: exp.Expr) -> set[str]:
    return {c.table.casefold() for c in node.find_all(exp.Column) if c.table}


def _links(condition: exp.Expr, alias: str, earlier: set[str]) -> bool:
    """True when ``condition`` relates ``alias`` to one of the ``earlier`` sources."""
    for predicate in condition.find_all(exp.Predicate):
        if isinstance(predicate, exp.And | exp.Or):
            continue
        columns = list(predicate.find_all(exp.Column))
        if len(columns) < 2:
            continue
        qualifiers = {c.table.casefold() for c in columns}
        if "" in qualifiers:
            return True  # an unqualified column may belong to either side
        if alias in qualifiers and qualifiers & earlier:
            return True
    return False


def _condition_links(condition: exp.Expr, alias: str, earlier: set[str]) -> bool:
    """A JOIN condition links the tables when it reads a column of each side."""
    columns = list(condition.find_all(exp.Column))
    qualifiers = {c.table.casefold() for c in columns}
    if "" in qualifiers:
        return len(columns) >= 2  # unqualified: either side may own them
    return alias in qualifiers and bool(qualifiers & earlier)


@register
class CartesianJoin(Rule):
    """## What it does
    Reports a CROSS JOIN, or a join (or comma join) with no condition linking the
    tables. UNNEST, FLATTEN, LATERAL and one-row subqueries are not reported.

    ## Why is this bad?
    Every row of one table is paired with every row of the other: the warehouse does
    rows × rows work and the runtime limit stops the refresh.

    ## Example
    ```sql
    SELECT u.external_id AS external_user_id FROM users u, orders o
    WHERE o.amount > 100
    ```

    ## Use instead
    ```sql
    SELECT u.external_id AS external_user_id FROM users u
    JOIN orders o ON o.user_id = u.user_id
    WHERE o.amount > 100
    ```
    """

    code = "CDI302"
    name = "cartesian-join"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        from sqlglot.tokens import TokenType

        keywords = (
            TokenType.JOIN,
            TokenType.CROSS,
            TokenType.INNER,
            TokenType.OUTER,
            TokenType.LEFT,
            TokenType.RIGHT,
            TokenType.FULL,
        )
        for select in ctx.nodes(exp.Select):
            joins = select.args.get("joins")
            from_ = select.args.get("from_")
            if not joins or from_ is None:
                continue
            earlier = {from_.this.alias_or_name.casefold()}
            where = select.args.get("where")
            for join in joins:
                target = join.this
                alias = target.alias_or_name.casefold()
                cross = (join.args.get("kind") or "").upper() == "CROSS"
                on = join.args.get("on")
                has_condition = bool(join.args.get("using")) or (
                    on is not None and _condition_links(on, alias, earlier)
                )
                natural = bool(join.args.get("method"))
                linked: bool = bool(
                    has_condition
                    or natural
                    or _is_row_source(target)
                    or (not cross and where is not None and _links(where.this, alias, earlier))
                    or _qualifiers(target) & earlier  # correlated (BigQuery `UNNEST(u.tags)`)
                )
                if cross and not _is_row_source(target):
                    linked = False
                earlier.add(alias)
                if linked:
                    continue
                span = ctx.extent(target) or ctx.node_span(target)
                start = ctx.keyword_before(span[0], *keywords)
                name = printable(target.sql(dialect=ctx.warehouse.dialect))
                what = (
                    "CROSS JOIN"
                    if cross
                    else "join condition that does not link the tables"
                    if on is not None
                    else "join with no condition"
                )
                yield ctx.diagnostic(
                    self,
                    start,
                    span[1],
                    f"{what}: every row of `{name}` is paired with every row before it; "
                    "join on a key",
                )


def _order_range(ctx: RuleContext, order: exp.Order) -> tuple[int, int]:
    from sqlglot.tokens import TokenType

    span = ctx.extent(order) or ctx.node_span(order)
    keyword = ctx.previous_token(span[0], TokenType.ORDER_BY)
    start = ctx.token_range(keyword)[0] if keyword is not None else span[0]
    end = span[1]
    # ASC / DESC / NULLS FIRST after the last key
    i = ctx.token_index(end)
    while i < len(ctx.tokens) and ctx.tokens[i].text.upper() in (
        "ASC",
        "DESC",
        "NULLS",
        "FIRST",
        "LAST",
    ):
        end = ctx.tokens[i].end + 1
        i += 1
    return start, end


@register
class OrderByWithoutLimit(Rule):
    """## What it does
    Reports ORDER BY without LIMIT in the final query, a CTE or a subquery. ORDER BY
    inside window specifications and aggregate functions is fine.

    ## Why is this bad?
    A segment is a set of users: the order of its rows cannot matter, yet the
    warehouse sorts the whole result.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users ORDER BY signup_date
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI303"
    name = "order-by-without-limit"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for query in ctx.nodes(exp.Select, exp.SetOperation):
            order = query.args.get("order")
            if order is None or query.args.get("limit") or query.args.get("fetch"):
                continue
            if _under(query, exp.Array, exp.Func):
                continue  # ARRAY(SELECT … ORDER BY …): the order is the array's
            if isinstance(query, exp.Select) and query.args.get("top"):
                continue
            start, end = _order_range(ctx, order)
            yield ctx.diagnostic(
                self,
                start,
                end,
                "ORDER BY without LIMIT sorts rows whose order cannot matter: remove it",
            )


# -- partition pruning -----------------------------------------------------------------
_COMPARISONS = (
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Between,
    exp.In,
    exp.Like,
    exp.ILike,
    exp.NullSafeEQ,
)


def _conditions(ctx: RuleContext) -> list[exp.Expr]:
    """Every WHERE / ON / HAVING / QUALIFY condition of the statement."""
    cached = ctx.cache.get("conditions")
    if cached is None:
        cached = [n.this for n in ctx.nodes(exp.Where, exp.Having, exp.Qualify)]
        cached += [j.args["on"] for j in ctx.nodes(exp.Join) if j.args.get("on")]
        ctx.cache["conditions"] = cached
    return cached


def _compared_columns(ctx: RuleContext) -> list[tuple[exp.Column, exp.Func | None]]:
    """Columns compared in a condition, each with the first function wrapping it (or None)."""
    cached = ctx.cache.get("compared_columns")
    if cached is not None:
        return cached
    found: list[tuple[exp.Column, exp.Func | None]] = []
    # top-down, carrying the function nearest below the nearest comparison: linear in
    # the tree (walking up from every column is quadratic on long AND / + chains)
    for condition in _conditions(ctx):
        stack: list[tuple[exp.Expr, bool, exp.Func | None]] = [(condition, False, None)]
        while stack:
            node, compared, wrapper = stack.pop()
            if isinstance(node, exp.Column):
                if compared:
                    found.append((node, wrapper))
                continue
            if isinstance(node, _COMPARISONS):
                compared, wrapper = True, None
            elif (
                compared
                and isinstance(node, exp.Func)
                and not isinstance(node, exp.Cast | exp.Connector)
            ):
                wrapper = node
            for child in node.iter_expressions():
                stack.append((child, compared, wrapper))
    ctx.cache["compared_columns"] = found
    return found


def _pruning_predicates(
    ctx: RuleContext, table_node: exp.Table, table: Table
) -> list[tuple[exp.Column, exp.Func | None]]:
    """Columns of ``table``'s pruning keys compared in a condition, with any wrapping function."""
    key = ctx.warehouse.key
    pruning = {key(c) for c in table.pruning_columns}
    alias = table_node.alias_or_name.casefold()
    other_tables = {t.alias_or_name.casefold() for t in physical_tables(ctx) if t is not table_node}
    found: list[tuple[exp.Column, exp.Func | None]] = []
    for column, wrapper in _compared_columns(ctx):
        if key(column.name) not in pruning:
            continue
        qualifier = column.table.casefold()
        if qualifier and qualifier != alias and qualifier in other_tables:
            continue
        found.append((column, wrapper))
    return found


def _partitioned_tables(ctx: RuleContext) -> list[tuple[exp.Table, Table]]:
    cached = ctx.cache.get("partitioned")
    if cached is None:
        cached = []
        if ctx.catalog is not None:
            for node in physical_tables(ctx):
                table = resolve_table(ctx, node)
                if table is not None and table.pruning_columns:
                    cached.append((node, table))
        ctx.cache["partitioned"] = cached
    return cached


@register
class MissingPartitionFilter(Rule):
    """## What it does
    Reports a table with partition or cluster columns (from the catalog) read with no
    predicate on any of them.

    ## Why is this bad?
    Without a filter on the partition key the warehouse scans, and bills, the whole
    table at every refresh.

    ## Example
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM events WHERE event_type = 'purchase'
    ```

    ## Use instead
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM events
    WHERE event_type = 'purchase' AND event_date >= '2026-11-01'
    ```
    """

    code = "CDI304"
    name = "missing-partition-filter"
    severity = Severity.WARNING
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for node, table in _partitioned_tables(ctx):
            if _pruning_predicates(ctx, node, table):
                continue
            keys = ", ".join(table.pruning_columns)
            yield ctx.diagnostic(
                self,
                *ctx.node_span(node),
                f"`{table.name}` is read with no filter on {keys}: the whole table is scanned",
            )


@register
class FunctionOnPartitionColumn(Rule):
    """## What it does
    Reports a partitioned table whose every predicate on the partition or cluster
    column wraps it in a function (`YEAR(event_date) = 2026`).

    ## Why is this bad?
    The warehouse can only prune partitions when it compares the column itself: the
    whole table is scanned.

    ## Example
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM events WHERE YEAR(event_date) = 2026
    ```

    ## Use instead
    ```sql
    SELECT DISTINCT user_id AS external_user_id FROM events
    WHERE event_date >= '2026-01-01' AND event_date < '2027-01-01'
    ```
    """

    code = "CDI305"
    name = "function-on-partition-column"
    severity = Severity.WARNING
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for node, table in _partitioned_tables(ctx):
            found = _pruning_predicates(ctx, node, table)
            if not found or any(wrapper is None for _, wrapper in found):
                continue
            column, wrapper = found[0]
            assert wrapper is not None
            span = ctx.extent(wrapper) or ctx.node_span(column)
            yield ctx.diagnostic(
                self,
                *span,
                f"`{column.name}` is wrapped in a function: `{table.name}` cannot be pruned; "
                "compare the column itself to a range",
            )


@register
class LeadingWildcardLike(Rule):
    """## What it does
    Reports a LIKE / ILIKE pattern that starts with `%` or `_`.

    ## Why is this bad?
    A leading wildcard defeats every index, search optimisation and clustering: the
    warehouse reads every value.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE email LIKE '%@example.com'
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE email_domain = 'example.com'
    ```
    """

    code = "CDI306"
    name = "leading-wildcard-like"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for like in ctx.nodes(exp.Like, exp.ILike):
            pattern = like.expression
            if isinstance(pattern, exp.Escape):
                pattern = pattern.this
            if isinstance(pattern, exp.Any | exp.All):
                pattern = pattern.this
            literals = (
                [pattern]
                if isinstance(pattern, exp.Literal)
                else [p for p in pattern.find_all(exp.Literal)]
                if isinstance(pattern, exp.Tuple | exp.Array | exp.Paren)
                else []
            )
            for literal in literals:
                if literal.is_string and literal.this[:1] in ("%", "_"):
                    yield ctx.diagnostic(
                        self,
                        *ctx.node_span(literal),
                        f"pattern '{printable(literal.this)}' starts with a wildcard: "
                        "every value is scanned",
                    )


@register
class NotInSubquery(Rule):
    """## What it does
    Reports `NOT IN (SELECT …)`.

    ## Why is this bad?
    One NULL returned by the subquery makes the whole predicate unknown and the segment
    silently empty; warehouses also plan it as a slow anti-join.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users
    WHERE user_id NOT IN (SELECT user_id FROM orders)
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users u
    WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.user_id)
    ```
    """

    code = "CDI307"
    name = "not-in-subquery"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for node in ctx.nodes(exp.Not, exp.NEQ):
            found = _not_in_parts(node)
            if found is None:
                continue
            left_node, query = found
            left = ctx.extent(left_node)
            query_span = ctx.extent(query)
            if left is None or query_span is None:
                span = ctx.node_span(node)
            else:
                span = ctx.balanced(left[0], query_span[1])
            yield ctx.diagnostic(
                self,
                *span,
                "NOT IN (SELECT …) is empty as soon as the subquery returns a NULL: use NOT EXISTS",
                fix=_not_exists_fix(ctx, node, left_node, query, span),
            )


def _not_in_parts(node: exp.Expr) -> tuple[exp.Expr, exp.Expr] | None:
    """``(left, subquery)`` of ``left NOT IN (SELECT …)`` (Snowflake reads it ``<> ALL``)."""
    if isinstance(node, exp.Not):
        inner = node.this
        while isinstance(inner, exp.Paren):
            inner = inner.this
        if isinstance(inner, exp.In) and inner.args.get("query") is not None:
            return inner.this, inner.args["query"]
        return None
    quantified = node.expression
    if isinstance(quantified, exp.All) and isinstance(quantified.this, exp.Query):
        return node.this, quantified.this
    return None


def _not_exists_fix(
    ctx: RuleContext,
    node: exp.Expr,
    left_node: exp.Expr,
    query: exp.Expr,
    span: tuple[int, int],
) -> Fix | None:
    inner = query.this if isinstance(query, exp.Subquery) else query
    if not isinstance(inner, exp.Select) or len(inner.expressions) != 1:
        return None
    if any(inner.args.get(k) for k in ("group", "having", "limit", "qualify", "with_")):
        return None
    if inner.args.get("joins") or isinstance(left_node, exp.Tuple):
        return None
    from_ = inner.args.get("from_")
    outer_select = node.find_ancestor(exp.Select)
    if from_ is None or outer_select is None:
        return None
    outer_from = outer_select.args.get("from_")
    if outer_from is None or outer_select.args.get("joins"):
        return None
    outer_name = outer_from.this.alias_or_name
    inner_name = from_.this.alias_or_name
    if not outer_name or not inner_name or outer_name.casefold() == inner_name.casefold():
        return None
    left = left_node.copy()
    right = inner.expressions[0]
    right = right.this if isinstance(right, exp.Alias) else right
    right = right.copy()
    for column in [left, *left.find_all(exp.Column)]:
        if isinstance(column, exp.Column) and not column.table:
            column.set("table", exp.to_identifier(outer_name))
    for column in [right, *right.find_all(exp.Column)]:
        if isinstance(column, exp.Column) and not column.table:
            column.set("table", exp.to_identifier(inner_name))
    rewritten = inner.copy()
    rewritten.set("expressions", [exp.Literal.number(1)])
    rewritten.set("distinct", None)
    rewritten = rewritten.where(exp.EQ(this=right, expression=left), copy=False)
    try:
        sql = rewritten.sql(dialect=ctx.warehouse.dialect)
    except Exception:
        return None
    return Fix(
        "Rewrite as NOT EXISTS", (Edit(span[0], span[1], f"NOT EXISTS ({sql})"),), safe=False
    )


@register
class UnionDistinct(Rule):
    """## What it does
    Reports UNION without ALL (or UNION DISTINCT).

    ## Why is this bad?
    UNION sorts and deduplicates the combined rows; the platform deduplicates ids
    anyway, so the work is wasted.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE vip
    UNION
    SELECT external_id FROM users WHERE churn_risk > 0.8
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users WHERE vip
    UNION ALL
    SELECT external_id FROM users WHERE churn_risk > 0.8
    ```
    """

    code = "CDI308"
    name = "union-distinct"
    severity = Severity.INFO

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        from sqlglot.tokens import TokenType

        for union in ctx.nodes(exp.Union):
            if not union.args.get("distinct"):
                continue
            left_node, right_node = union.args.get("this"), union.args.get("expression")
            if left_node is None or right_node is None:
                continue
            left = ctx.extent(left_node)
            right = ctx.extent(right_node)
            if left is None:
                continue
            keyword = ctx.next_token(left[1], TokenType.UNION)
            if keyword is None or (right is not None and ctx.tokens[keyword].start >= right[0]):
                continue
            start, end = ctx.token_range(keyword)
            edits: tuple[Edit, ...] = (Edit(end, end, " ALL"),)
            if keyword + 1 < len(ctx.tokens):
                following = ctx.tokens[keyword + 1]
                if following.token_type == TokenType.DISTINCT:
                    end = following.end + 1
                    edits = (Edit(following.start, following.end + 1, "ALL"),)
            yield ctx.diagnostic(
                self,
                start,
                end,
                "UNION removes duplicates with a sort the platform does not need: use UNION ALL",
                fix=Fix("Use UNION ALL", edits, safe=False),
            )


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
        if isinstance(key, exp.Column) and not key.table and key.name.casefold() in by_alias:
            continue
        return False
    return True


@register
class CorrelatedSubquery(Rule):
    """## What it does
    Reports a correlated scalar subquery in the SELECT list or in a WHERE comparison.
    EXISTS, NOT EXISTS and IN are not reported.

    ## Why is this bad?
    Unless the warehouse manages to decorrelate it, the subquery runs once per outer
    row; most warehouses reject the shapes they cannot rewrite.

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM users u
    WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.user_id) > 3
    ```

    ## Use instead
    ```sql
    SELECT u.external_id AS external_user_id FROM users u
    JOIN orders o ON o.user_id = u.user_id
    GROUP BY u.external_id HAVING COUNT(*) > 3
    ```
    """

    code = "CDI310"
    name = "correlated-subquery"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        candidates = [s for s in ctx.nodes(exp.Subquery) if _scalar_position(s)]
        if not candidates:
            return
        for subquery in candidates:
            scope = ctx.scope_of.get(id(subquery.this))
            try:
                if scope is None or not _correlated(scope):
                    continue
            except OptimizeError:
                continue  # sqlglot refuses the scope (a duplicate alias)
            span = ctx.extent(subquery) or ctx.node_span(subquery)
            yield ctx.diagnostic(
                self,
                *span,
                "correlated subquery: it may run once per outer row; join and aggregate instead",
            )


def _scalar_position(subquery: exp.Subquery) -> bool:
    """In the SELECT list, or compared in WHERE; never under IN / EXISTS / ANY / ALL."""
    compared = False
    child: exp.Expr = subquery
    node = subquery.parent
    while node is not None:
        if isinstance(node, exp.In | exp.Exists | exp.Any | exp.All):
            return False
        if isinstance(node, exp.EQ | exp.NEQ | exp.GT | exp.GTE | exp.LT | exp.LTE | exp.Between):
            compared = True
        if isinstance(node, exp.Where):
            return compared
        if isinstance(node, exp.Select):
            return child.arg_key == "expressions"
        if isinstance(node, exp.Query | exp.Join | exp.Having | exp.Qualify | exp.Order):
            return False
        child = node
        node = node.parent
    return False


def _correlated(scope: Any) -> bool:
    """True when a column of ``scope`` is qualified by a source of an enclosing scope."""
    own = {name.casefold() for name in scope.sources}
    outer: set[str] = set()
    parent = scope.parent
    while parent is not None:
        outer |= {name.casefold() for name in parent.sources}
        parent = parent.parent
    for column in scope.external_columns:
        qualifier = column.table.casefold()
        if qualifier and qualifier not in own and qualifier in outer:
            return True
    return False


@register
class UnpartitionedWindow(Rule):
    """## What it does
    Reports a window function with ORDER BY and no PARTITION BY.

    ## Why is this bad?
    The whole input is sorted in one piece on one worker: slow, and it spills on large
    tables.

    ## Example
    ```sql
    SELECT user_id AS external_user_id
    FROM (SELECT user_id, ROW_NUMBER() OVER (ORDER BY amount DESC) AS rn FROM orders)
    WHERE rn <= 1000
    ```

    ## Use instead
    ```sql
    SELECT user_id AS external_user_id
    FROM (SELECT user_id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY amount DESC) AS rn
          FROM orders)
    WHERE rn = 1
    ```
    """

    code = "CDI311"
    name = "unpartitioned-window"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for window in ctx.nodes(exp.Window):
            if not window.args.get("order") or window.args.get("partition_by"):
                continue
            if isinstance(window.parent, exp.Window) or window.arg_key == "windows":
                continue  # a named window definition: reported where it is used
            span = ctx.extent(window) or ctx.node_span(window)
            name = window.this.sql(dialect=ctx.warehouse.dialect) if window.this else "window"
            yield ctx.diagnostic(
                self,
                *span,
                f"{name} OVER (ORDER BY …) with no PARTITION BY sorts the whole input at once",
            )
