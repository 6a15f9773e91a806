"""The semantic model of one segment: what every rule reads, computed once per lint.

A rule never walks the tree for a fact another rule needs too: it asks the
:class:`Segment` of its context (``ctx.model``). Each facet is computed on first use and
kept for the run, so a rule that is not selected costs nothing:

- :class:`Names` — scopes, CTEs, the tables read from the warehouse and what they
  resolve to in the catalog, unknown and ambiguous columns;
- :class:`Output` — the output branches, the ``external_user_id`` column and its type;
- :class:`Predicates` — the conditions of the statement, the columns they compare and
  the partitioned tables they may prune.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.errors import OptimizeError

from cdisql.lint.output_types import local_type, output_types, parse_type

if TYPE_CHECKING:
    from sqlglot.optimizer.scope import Scope

    from cdisql.catalog import Table
    from cdisql.lint.context import RuleContext

OUTPUT_COLUMN = "external_user_id"


class Segment:
    """The model of the statement under check, one facet per concern."""

    __slots__ = ("__dict__", "_ctx")

    def __init__(self, ctx: RuleContext) -> None:
        self._ctx = ctx

    @cached_property
    def names(self) -> Names:
        return Names(self._ctx)

    @cached_property
    def output(self) -> Output:
        return Output(self._ctx, self.names)

    @cached_property
    def predicates(self) -> Predicates:
        return Predicates(self._ctx, self.names)


# == shapes of the tree ===================================================================
def is_star(projection: exp.Expr) -> bool:
    """``*`` or ``t.*``."""
    return isinstance(projection, exp.Star) or (
        isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
    )


def sits_under(query: exp.Expr, *kinds: type[exp.Expr]) -> bool:
    """True when ``query`` (or its parenthesised wrapper) sits directly in ``kinds``."""
    parent = query.parent
    while isinstance(parent, exp.Subquery | exp.Paren):
        parent = parent.parent
    return isinstance(parent, kinds)


def from_sources(select: exp.Select) -> list[exp.Expr]:
    """What ``select`` reads: its FROM target and each JOIN's, in order."""
    sources: list[exp.Expr] = []
    from_ = select.args.get("from_")
    if from_ is not None:
        sources.append(from_.this)
    sources.extend(j.this for j in select.args.get("joins") or ())
    return sources


# == (a) scopes, sources and name resolution ==============================================
def written_parts(table: exp.Table) -> list[tuple[str, bool]]:
    """``(name, quoted)`` for each part of ``table``'s name."""
    return [
        (part.name, bool(part.args.get("quoted")) if isinstance(part, exp.Identifier) else False)
        for part in table.parts
    ]


def table_names(table: exp.Table) -> list[str]:
    """The name parts of ``table``; BigQuery's `project.dataset.table` split in three."""
    names = [p.name for p in table.parts]
    if len(names) == 1 and "." in names[0]:
        names = names[0].split(".")
    return names


_READERS = (exp.Select, exp.SetOperation)
_WRITERS = (
    exp.Create,
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Drop,
    exp.Alter,
    exp.Copy,
    exp.Grant,
)

# columns every table has without listing them: pseudo-columns and metadata
_PSEUDO_COLUMNS = frozenset(
    {
        "_partitiontime",
        "_partitiondate",
        "_table_suffix",
        "_file_name",
        "_metadata",
        "rowid",
        "ctid",
        "oid",
    }
)
# functions some dialects parse as a bare column name
_NO_PAREN_FUNCTIONS = frozenset(
    {
        "sysdate",
        "getdate",
        "current_user",
        "current_role",
        "current_schema",
        "current_database",
        "current_account",
        "current_warehouse",
        "session_user",
        "user",
        "localtimestamp",
        "localtime",
    }
)


class ColumnProblem:
    """An unknown or ambiguous column (CDI202 and CDI203)."""

    __slots__ = ("candidates", "column", "kind", "tables")

    column: exp.Column
    kind: str
    """"unknown" or "ambiguous"."""
    candidates: list[str]
    """Close names of the tables in scope (unknown columns)."""
    tables: list[str]
    """The table holding the column (unknown) or the tables that all hold it (ambiguous)."""

    def __init__(
        self, column: exp.Column, kind: str, candidates: list[str], tables: list[str]
    ) -> None:
        self.column = column
        self.kind = kind
        self.candidates = candidates
        self.tables = tables


class SourceColumns:
    """What a name in FROM stands for: a catalog table, a derived query, or unknown."""

    __slots__ = ("columns", "label", "names")

    columns: frozenset[str] | None
    """Folded column names, None when unknown (table function, unresolved, star)."""
    label: str
    names: list[str]

    def __init__(self, columns: frozenset[str] | None, label: str, names: list[str]) -> None:
        self.columns = columns
        self.label = label
        self.names = names


class Names:
    """Scopes, CTEs, tables and columns of the statement, resolved against the catalog."""

    def __init__(self, ctx: RuleContext) -> None:
        self._ctx = ctx
        self._resolved: dict[int, Table | None] = {}
        self._source_tables: dict[int, dict[str, Table | None]] = {}
        self._sources_of: dict[int, dict[str, SourceColumns]] = {}

    @cached_property
    def scopes(self) -> list[Scope]:
        """sqlglot's scopes of the statement (``traverse_scope``), [] when it has none."""
        tree = self._ctx.expression
        if tree is None:
            return []
        from sqlglot.optimizer.scope import traverse_scope

        try:
            return list(traverse_scope(tree))
        except Exception:  # scope building can fail on odd-but-parsed trees
            return []

    @cached_property
    def scope_of(self) -> dict[int, Scope]:
        """``id(query expression) -> Scope`` for every scope of the statement."""
        return {id(scope.expression): scope for scope in self.scopes}

    @cached_property
    def cte_names(self) -> set[str]:
        """Names of every CTE of the statement, folded as the warehouse folds names."""
        key = self._ctx.warehouse.key
        return {key(cte.alias) for cte in self._ctx.nodes(exp.CTE) if cte.alias}

    @cached_property
    def physical_tables(self) -> list[exp.Table]:
        """Tables read from the warehouse: not CTE references, not table functions."""
        ctx = self._ctx
        ctes = self.cte_names
        key = ctx.warehouse.key
        found = []
        for table in ctx.nodes(exp.Table):
            if not isinstance(table.this, exp.Identifier) or not table.name:
                continue
            if not table.db and key(table.name) in ctes:
                continue
            parent = table.parent
            if isinstance(parent, exp.Column | exp.Pivot | exp.Into):
                continue
            if not isinstance(table.find_ancestor(*_READERS, *_WRITERS), _READERS):
                continue  # the target of CREATE / INSERT: CDI102's to report
            found.append(table)
        return found

    def resolve_table(self, table: exp.Table) -> Table | None:
        """The catalog table ``table`` names, when exactly one matches."""
        catalog = self._ctx.catalog
        if catalog is None:
            return None
        key = id(table)
        if key not in self._resolved:
            found = catalog.lookup_written(written_parts(table))
            self._resolved[key] = found[0] if len(found) == 1 else None
        return self._resolved[key]

    def source_tables(self, select: exp.Select) -> dict[str, Table | None]:
        """The sources of ``select`` by alias: a catalog table, or None when not one."""
        key = id(select)
        cached = self._source_tables.get(key)
        if cached is not None:
            return cached
        found: dict[str, Table | None] = {}
        ctes = self.cte_names
        warehouse_key = self._ctx.warehouse.key
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
                if not (not source.db and warehouse_key(source.name) in ctes):
                    table = self.resolve_table(source)
                found[alias] = table
            else:
                found[alias] = None
        self._source_tables[key] = found
        return found

    def foreign_qualifier(self, table: exp.Table) -> str | None:
        """What makes ``table`` foreign to the source ("schema MARKETING"), or None."""
        ctx = self._ctx
        wanted_schema = ctx.source_schema
        wanted_db = ctx.source_database
        if (not wanted_schema and not wanted_db) or not isinstance(table.this, exp.Identifier):
            return None
        names = table_names(table)
        if len(names) < 2:
            return None
        warehouse = ctx.warehouse
        key = warehouse.key
        schema = names[-2]
        database = names[-3] if len(names) >= 3 else None
        if wanted_schema and key(schema) != key(wanted_schema):
            return f"{warehouse.schema_word} {schema}"
        if wanted_db and database and key(database) != key(wanted_db):
            return f"{warehouse.database_word} {database}"
        return None

    def sources_of(self, scope: Scope) -> dict[str, SourceColumns]:
        """The names ``scope`` reads from (aliases, tables, CTEs) and the columns of each."""
        key = id(scope)
        found = self._sources_of.get(key)
        if found is None:
            selected = scope.selected_sources
            found = {name: self._describe(name, pair[1]) for name, pair in selected.items()}
            for name in _lateral_names(scope.expression):
                found.setdefault(name, SourceColumns(None, name, []))
            self._sources_of[key] = found
        return found

    @cached_property
    def column_problems(self) -> list[ColumnProblem]:
        """Unknown and ambiguous columns of the statement."""
        ctx = self._ctx
        problems: list[ColumnProblem] = []
        if ctx.catalog is None or not self.scopes:
            return problems
        sources = self.sources_of
        seen: set[int] = set()
        fold = str.casefold
        has_lambdas = ctx.has(exp.Lambda)
        for scope in self.scopes:
            expression = scope.expression
            if not isinstance(expression, exp.Select):
                continue
            aliases = {fold(a) for a in expression.named_selects}
            try:
                # the scope's own columns; ``Scope.columns`` adds correlated ones (resolved
                # here through the parents) at a cost quadratic in the tree's depth
                raw = getattr(scope, "_raw_columns", None)
                if raw is None:
                    scope._ensure_collected()
                    raw = getattr(scope, "_raw_columns", None)
                columns = list(raw if raw is not None else scope.columns)
            except OptimizeError:
                continue  # sqlglot refuses the scope (a duplicate alias): nothing to say
            for column in columns:
                if id(column) in seen:
                    continue
                seen.add(id(column))
                if not isinstance(column.this, exp.Identifier) or column.args.get("db"):
                    continue
                name = fold(column.name)
                if name in _PSEUDO_COLUMNS or name.startswith("metadata$"):
                    continue
                if has_lambdas and _is_lambda_variable(column):
                    continue
                qualifier = column.table
                try:
                    if qualifier:
                        problem = _check_qualified(scope, sources, column, qualifier, name)
                    else:
                        if name in aliases and _may_reference_alias(column):
                            continue
                        problem = _check_unqualified(scope, sources, column, name)
                except OptimizeError:
                    continue
                if (
                    problem is not None
                    and problem.kind == "ambiguous"
                    and name in _merged_join_columns(expression)
                ):
                    problem = None  # USING / NATURAL merge the two columns into one
                if problem is not None:
                    problems.append(problem)
        return problems

    def _describe(self, name: str, source: Any) -> SourceColumns:
        if isinstance(source, exp.Table):
            if not isinstance(source.this, exp.Identifier):
                return SourceColumns(None, name, [])
            table = self.resolve_table(source)
            if table is None:
                return SourceColumns(None, name, [])
            columns = [c.name for c in table.columns]
            return SourceColumns(frozenset(c.casefold() for c in columns), table.name, columns)
        expression = getattr(source, "expression", None)
        if isinstance(expression, exp.Query):
            selects = expression.selects
            if any(is_star(s) for s in selects):
                return SourceColumns(None, name, [])
            names = list(expression.named_selects)
            if len(names) != len(selects):
                return SourceColumns(None, name, [])
            alias_columns = _alias_columns(source)
            if alias_columns:
                names = alias_columns
            return SourceColumns(frozenset(n.casefold() for n in names), name, names)
        return SourceColumns(None, name, [])


def _merged_join_columns(select: exp.Select) -> set[str]:
    names: set[str] = set()
    for join in select.args.get("joins") or ():
        if join.args.get("method") and str(join.args["method"]).upper() == "NATURAL":
            return {"*"} | names | _all_names(select)
        for identifier in join.args.get("using") or ():
            names.add(identifier.name.casefold())
    return names


def _all_names(select: exp.Select) -> set[str]:
    return {c.name.casefold() for c in select.find_all(exp.Column)}


def _lateral_names(select: exp.Expr) -> list[str]:
    names = []
    for join in select.args.get("joins") or ():
        target = join.this
        if not isinstance(target, exp.Table):
            alias = target.alias_or_name
            if alias:
                names.append(alias)
    return names


def _is_lambda_variable(column: exp.Column) -> bool:
    node: exp.Expr | None = column.parent
    while node is not None:
        if isinstance(node, exp.Lambda):
            params = {p.name.casefold() for p in node.expressions}
            if column.name.casefold() in params:
                return True
        node = node.parent
    return False


def _may_reference_alias(column: exp.Column) -> bool:
    """True outside the SELECT list itself (WHERE in some dialects, GROUP/ORDER/QUALIFY)."""
    return column.find_ancestor(exp.Select) is not None


def _alias_columns(scope: Any) -> list[str]:
    expression = scope.expression
    parent = expression.parent
    if isinstance(parent, exp.Subquery | exp.CTE):
        alias = parent.args.get("alias")
        if isinstance(alias, exp.TableAlias) and alias.columns:
            return [c.name for c in alias.columns]
    return []


def _check_qualified(
    scope: Scope,
    sources: Callable[[Scope], dict[str, SourceColumns]],
    column: exp.Column,
    qualifier: str,
    name: str,
) -> ColumnProblem | None:
    current: Scope | None = scope
    while current is not None:
        table_sources = sources(current)
        source = table_sources.get(qualifier)
        if source is None:
            for alias, candidate in table_sources.items():
                if alias.casefold() == qualifier.casefold():
                    source = candidate
                    break
        if source is not None:
            if source.columns is None or name in source.columns:
                return None
            from cdisql.lint.suggest import suggest

            return ColumnProblem(
                column,
                "unknown",
                suggest(column.name, source.names),
                [source.label],
            )
        current = current.parent
    return None


def _check_unqualified(
    scope: Scope,
    sources: Callable[[Scope], dict[str, SourceColumns]],
    column: exp.Column,
    name: str,
) -> ColumnProblem | None:
    current: Scope | None = scope
    candidates: list[str] = []
    while current is not None:
        table_sources = sources(current)
        if any(s.columns is None for s in table_sources.values()):
            return None  # a source whose columns are unknown may hold it
        holding = [s for s in table_sources.values() if s.columns and name in s.columns]
        if len(holding) > 1:
            labels = sorted({s.label for s in holding})
            if len(labels) > 1 or len(holding) > 1:
                return ColumnProblem(column, "ambiguous", [], [s.label for s in holding])
        if holding:
            return None
        for s in table_sources.values():
            candidates.extend(s.names)
        current = current.parent
        if current is not None and not _can_correlate(scope):
            break
    if not candidates and not any(True for _ in scope.sources):
        return None
    if name in _NO_PAREN_FUNCTIONS:
        return None
    from cdisql.lint.suggest import suggest

    return ColumnProblem(column, "unknown", suggest(column.name, candidates), [])


def _can_correlate(scope: Scope) -> bool:
    return bool(scope.is_subquery or scope.is_udtf or getattr(scope, "can_be_correlated", False))


# == (b) output columns and their types ===================================================
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


class IdKind(Enum):
    """What an output column holds, as far as the contract (a STRING id) cares."""

    STRING = "a string"
    INTEGER = "an integer"
    NUMBER = "a number"
    TEMPORAL = "a date or time"
    BOOLEAN = "a boolean"
    SEMI_STRUCTURED = "a semi-structured value"
    NESTED = "an array, record or map"
    BINARY = "bytes"
    SPATIAL = "a geography"
    INTERVAL = "an interval"


_KINDS: dict[exp.DType, IdKind] = {
    **{t: IdKind.STRING for t in exp.DataType.TEXT_TYPES},
    **{t: IdKind.NUMBER for t in exp.DataType.NUMERIC_TYPES},
    **{t: IdKind.INTEGER for t in exp.DataType.INTEGER_TYPES},
    **{t: IdKind.TEMPORAL for t in exp.DataType.TEMPORAL_TYPES},
    exp.DType.BOOLEAN: IdKind.BOOLEAN,
    **{t: IdKind.SEMI_STRUCTURED for t in (exp.DType.VARIANT, exp.DType.SUPER)},
    **{t: IdKind.SEMI_STRUCTURED for t in (exp.DType.JSON, exp.DType.JSONB)},
    **{t: IdKind.NESTED for t in (exp.DType.ARRAY, exp.DType.LIST, exp.DType.STRUCT)},
    **{t: IdKind.NESTED for t in (exp.DType.OBJECT, exp.DType.MAP)},
    **{t: IdKind.BINARY for t in (exp.DType.BINARY, exp.DType.VARBINARY, exp.DType.BLOB)},
    **{t: IdKind.SPATIAL for t in (exp.DType.GEOGRAPHY, exp.DType.GEOMETRY)},
    exp.DType.INTERVAL: IdKind.INTERVAL,
}
"""The types the contract knows; any other (UUID, BPCHAR, a user-defined type) is unknown."""


def id_kind(data_type: exp.DataType) -> IdKind | None:
    """The kind of ``data_type``; None for a type the contract cannot judge."""
    kind = _KINDS.get(data_type.this)
    if kind is IdKind.NUMBER and _scale(data_type) == 0:
        return IdKind.INTEGER  # NUMBER(38,0), DECIMAL(18, 0)
    return kind


def _scale(data_type: exp.DataType) -> int | None:
    params = data_type.expressions
    if len(params) != 2 or not isinstance(params[1], exp.DataTypeParam):
        return None
    scale = params[1].this
    return int(scale.this) if isinstance(scale, exp.Literal) and scale.is_int else None


class IdType:
    """The known type of an output column: its kind and how a message names it."""

    __slots__ = ("data_type", "kind", "label")

    kind: IdKind
    label: str
    """"a NUMBER(38,0) column", "of type ARRAY<STRING>", "COUNT() (a number)"."""
    data_type: exp.DataType | None

    def __init__(self, kind: IdKind, label: str, data_type: exp.DataType | None = None) -> None:
        self.kind = kind
        self.label = label
        self.data_type = data_type

    @property
    def is_string(self) -> bool:
        return self.kind is IdKind.STRING


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

_NUMERIC_FUNCS = (exp.Sum, exp.Avg, exp.Abs, exp.Round, exp.Floor, exp.Ceil)
"""Numbers whatever their argument; sqlglot leaves them unknown without its type."""


def unwrapped(projection: exp.Expr) -> exp.Expr:
    """The expression a projection outputs, without its alias and parentheses."""
    node = projection.this if isinstance(projection, exp.Alias) else projection
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def is_aggregate(node: exp.Expr) -> bool:
    """An aggregate of its own SELECT (``COUNT(*)``, ``MAX(x) + 1``), not a window."""
    for found in node.walk(prune=lambda n: isinstance(n, exp.Window | exp.Query)):
        if isinstance(found, exp.AggFunc):
            return True
    return False


_ID_WORDS = frozenset({"id", "uid", "uuid", "guid", "identifier"})


def is_id_name(name: str) -> bool:
    """A column name that says it holds an id: ``external_id``, ``USER_ID``, ``userId``."""
    import re

    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name.replace("_", " "))
    return bool(words) and words[-1].casefold() in _ID_WORDS


_INFER = object()
"""A plain column's type that only sqlglot's inference over the statement can tell."""


def _renames(query: exp.Expr) -> bool:
    """A CTE or derived table with a column list: ``WITH t (a, b) AS (…)``."""
    parent = query.parent
    alias = parent.args.get("alias") if isinstance(parent, exp.Subquery | exp.CTE) else None
    return isinstance(alias, exp.TableAlias) and bool(alias.columns)


class OutputColumn:
    """The one column an output branch selects (a branch with one projection, not ``*``)."""

    __slots__ = ("branch", "projection", "select")

    branch: int
    """0 for the branch that names the column (the first of a set operation)."""
    select: exp.Select
    projection: exp.Expr

    def __init__(self, branch: int, select: exp.Select, projection: exp.Expr) -> None:
        self.branch = branch
        self.select = select
        self.projection = projection

    @property
    def name(self) -> str:
        return self.projection.alias_or_name


class Output:
    """The final query's output branches and the type of the column they output."""

    def __init__(self, ctx: RuleContext, names: Names) -> None:
        self._ctx = ctx
        self._names = names
        self._id_types: dict[int, IdType | None] = {}

    @cached_property
    def selects(self) -> list[exp.Select]:
        """The SELECTs producing the output ([] when the statement is not a query)."""
        tree = self._ctx.expression
        if tree is None or not isinstance(tree, exp.Query):
            return []
        return output_selects(tree)

    @cached_property
    def columns(self) -> list[OutputColumn]:
        """The output column of each branch that selects exactly one (not ``*``)."""
        return [
            OutputColumn(index, select, select.expressions[0])
            for index, select in enumerate(self.selects)
            if len(select.expressions) == 1 and not is_star(select.expressions[0])
        ]

    def id_type(self, column: OutputColumn) -> IdType | None:
        """The type of ``column``, or None when it is not known.

        Decided from the projection alone when it can be (a literal, a cast, a function
        whose type does not depend on its arguments, a column of a catalog table);
        otherwise from sqlglot's inference over the whole statement, computed once and
        only when the column is read from something whose types may be known.
        """
        select = column.select
        key = id(select)
        if key not in self._id_types:
            self._id_types[key] = self._id_type(select, unwrapped(column.projection))
        return self._id_types[key]

    def _id_type(self, select: exp.Select, node: exp.Expr) -> IdType | None:
        if isinstance(node, exp.Null):
            return None
        if isinstance(node, exp.Cast | exp.TryCast) and isinstance(node.to, exp.DataType):
            return self._typed(node, node.to)
        if isinstance(node, exp.Literal):
            kind = IdKind.STRING if node.is_string else IdKind.NUMBER
            return IdType(kind, kind.value)
        if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier):
            traced = self._trace(select, node)
            if traced is not _INFER:
                return traced
        else:
            local = local_type(node, self._ctx.warehouse.dialect)
            if local is not None:
                return self._typed(node, local)
        inferred = self._inferred(select)
        if inferred is not None:
            return self._typed(node, inferred)
        if isinstance(node, _ARITHMETIC):
            return IdType(IdKind.NUMBER, "arithmetic (a number)")
        if isinstance(node, exp.Window):
            node = node.this
        if isinstance(node, _NUMERIC_FUNCS):
            return IdType(IdKind.NUMBER, f"{type(node).__name__.upper()}() (a number)")
        return None

    def not_string(self, column: OutputColumn) -> IdType | None:
        """The type of ``column`` when it certainly holds no string ("a NUMBER column")."""
        found = self.id_type(column)
        return found if found is not None and not found.is_string else None

    def _typed(self, node: exp.Expr, data_type: exp.DataType) -> IdType | None:
        kind = id_kind(data_type)
        if kind is None:
            return None
        if kind is IdKind.STRING:
            return IdType(kind, "a string", data_type)  # never in a message: no SQL to write
        dialect = self._ctx.warehouse.dialect
        if isinstance(node, exp.Boolean):
            label = "a boolean"
        elif isinstance(node, exp.Cast | exp.TryCast):
            label = f"a cast to {data_type.sql(dialect=dialect)}"
        elif isinstance(node, exp.Column):
            label = f"a {data_type.sql(dialect=dialect)} column"
        else:
            label = f"of type {data_type.sql(dialect=dialect)}"
        return IdType(kind, label, data_type)

    def _trace(self, select: exp.Select, column: exp.Column, depth: int = 0) -> Any:
        """The type of ``column`` followed through CTEs and derived tables that select it
        as a plain column, to a catalog table's column: an :class:`IdType`, None when no
        inference can know it (tables the catalog does not describe), or ``_INFER``."""
        found = self._catalog_column(select, column)
        if found is not None:
            return found
        if select.args.get("laterals") or depth > 8:
            return _INFER
        sources = from_sources(select)
        qualifier = column.table.casefold()
        if qualifier:
            sources = [s for s in sources if s.alias_or_name.casefold() == qualifier] or sources
        names = self._names
        for source in sources:
            query: exp.Expr | None = None
            if isinstance(source, exp.Subquery):
                query = source.this
            elif isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier):
                if source.db or self._ctx.warehouse.key(source.name) not in names.cte_names:
                    if names.resolve_table(source) is not None:
                        return _INFER  # USING, a record's field, several tables: sqlglot's
                    continue
                query = self._cte_query(source.name)
            if len(sources) > 1 or not isinstance(query, exp.Select) or _renames(query):
                return _INFER  # a set operation, VALUES, a column list, a table function
            name = column.name.casefold()
            projection = next(
                (p for p in query.expressions if p.alias_or_name.casefold() == name), None
            )
            inner = unwrapped(projection) if projection is not None else None
            if not isinstance(inner, exp.Column) or not isinstance(inner.this, exp.Identifier):
                return _INFER
            return self._trace(query, inner, depth + 1)
        return None

    def _cte_query(self, name: str) -> exp.Expr | None:
        key = self._ctx.warehouse.key
        wanted = key(name)
        for cte in self._ctx.nodes(exp.CTE):
            if key(cte.alias) == wanted:
                return cte.this
        return None

    def _catalog_column(self, select: exp.Select, column: exp.Column) -> IdType | None:
        """The type of a column read straight from a catalog table by ``select``."""
        type_text = self.catalog_column_type(select, column)
        if type_text is None:
            return None
        data_type = parse_type(type_text, self._ctx.warehouse.dialect)
        kind = id_kind(data_type) if data_type is not None else None
        return IdType(kind, f"a {type_text} column", data_type) if kind is not None else None

    def _inferred(self, select: exp.Select) -> exp.DataType | None:
        branches = self._inferred_branches
        if branches is None:
            return None
        for branch, data_type in zip(self.selects, branches, strict=False):
            if branch is select:
                return data_type
        return None

    @cached_property
    def _inferred_branches(self) -> list[exp.DataType | None] | None:
        """sqlglot's inferred type of each branch's column (computed on first need)."""
        tree = self._ctx.expression
        if tree is None:
            return None
        names = self._names
        tables = {}
        for table in names.physical_tables:
            found = names.resolve_table(table)
            if found is not None:
                tables[id(table)] = found
        return output_types(tree, self._ctx.warehouse, tables)

    def catalog_column_type(self, select: exp.Select, column: exp.Column) -> str | None:
        """The catalog type of ``column`` read by ``select``, when its table is known."""
        warehouse = self._ctx.warehouse
        sources = self._names.source_tables(select)
        qualifier = column.table
        if column.args.get("db"):
            return None  # `p.address.id`: a field of a record column
        if qualifier:
            table = sources.get(qualifier)
            if table is None:
                return None
            found = table.column(column.name, warehouse)
            return found.type if found else None
        if len(sources) != 1:
            return None
        (table,) = sources.values()
        if table is None:
            return None
        found = table.column(column.name, warehouse)
        return found.type if found else None


# == (c) predicates =======================================================================
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


class ComparedColumn:
    """A column compared in a condition, with the first function wrapping it (or None)."""

    __slots__ = ("column", "wrapper")

    column: exp.Column
    wrapper: exp.Func | None

    def __init__(self, column: exp.Column, wrapper: exp.Func | None) -> None:
        self.column = column
        self.wrapper = wrapper


class PartitionedRead:
    """A read of a catalog table that has partition or cluster columns."""

    __slots__ = ("node", "table")

    node: exp.Table
    table: Table

    def __init__(self, node: exp.Table, table: Table) -> None:
        self.node = node
        self.table = table


class Predicates:
    """The conditions of the statement and what they let the warehouse prune."""

    def __init__(self, ctx: RuleContext, names: Names) -> None:
        self._ctx = ctx
        self._names = names

    @cached_property
    def conditions(self) -> list[exp.Expr]:
        """Every WHERE / ON / HAVING / QUALIFY condition of the statement."""
        ctx = self._ctx
        found = [n.this for n in ctx.nodes(exp.Where, exp.Having, exp.Qualify)]
        found += [j.args["on"] for j in ctx.nodes(exp.Join) if j.args.get("on")]
        return found

    @cached_property
    def compared_columns(self) -> list[ComparedColumn]:
        """Columns compared in a condition, each with the function nearest around it."""
        found: list[ComparedColumn] = []
        # top-down, carrying the function nearest below the nearest comparison: linear in
        # the tree (walking up from every column is quadratic on long AND / + chains)
        for condition in self.conditions:
            stack: list[tuple[exp.Expr, bool, exp.Func | None]] = [(condition, False, None)]
            while stack:
                node, compared, wrapper = stack.pop()
                if isinstance(node, exp.Column):
                    if compared:
                        found.append(ComparedColumn(node, wrapper))
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
        return found

    @cached_property
    def partitioned_reads(self) -> list[PartitionedRead]:
        """Reads of catalog tables that have pruning (partition or cluster) columns."""
        found: list[PartitionedRead] = []
        if self._ctx.catalog is not None:
            for node in self._names.physical_tables:
                table = self._names.resolve_table(node)
                if table is not None and table.pruning_columns:
                    found.append(PartitionedRead(node, table))
        return found

    def pruning_predicates(self, read: PartitionedRead) -> list[ComparedColumn]:
        """Columns of the read table's pruning keys compared in a condition."""
        key = self._ctx.warehouse.key
        pruning = {key(c) for c in read.table.pruning_columns}
        alias = read.node.alias_or_name.casefold()
        other_tables = {
            t.alias_or_name.casefold() for t in self._names.physical_tables if t is not read.node
        }
        found: list[ComparedColumn] = []
        for compared in self.compared_columns:
            column = compared.column
            if key(column.name) not in pruning:
                continue
            qualifier = column.table.casefold()
            if qualifier and qualifier != alias and qualifier in other_tables:
                continue
            found.append(compared)
        return found
