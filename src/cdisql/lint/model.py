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

import re
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
        "current_date",
        "current_time",
        "current_timestamp",
        "session_user",
        "user",
        "localtimestamp",
        "localtime",
    }
)
# bare words a function takes as an argument, which sqlglot parses as a column name
_KEYWORD_ARGUMENTS = {
    "normalize": frozenset({"nfc", "nfd", "nfkc", "nfkd"}),
    "normalize_and_casefold": frozenset({"nfc", "nfd", "nfkc", "nfkd"}),
}
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# the SELECT clause a reference sits in, by the argument of exp.Select holding it
_CLAUSES = {
    "expressions": "select",
    "where": "where",
    "group": "group",
    "having": "having",
    "qualify": "qualify",
    "order": "order",
}
_CLAUSE_WORDS = {
    "select": "the SELECT list",
    "where": "WHERE",
    "group": "GROUP BY",
    "having": "HAVING",
    "qualify": "QUALIFY",
    "order": "ORDER BY",
}


class ColumnProblem:
    """A reference that reads no column (CDI202), or more than one (CDI203)."""

    __slots__ = ("candidates", "kind", "node", "reason", "tables", "written")

    node: exp.Expr
    """What to underline: the column reference, a STRUCT root, or a ``USING`` name."""
    written: str
    """The reference as written, dotted (``o.amount``)."""
    kind: str
    """"unknown" or "ambiguous"."""
    candidates: list[str]
    """Close names of the sources in scope (unknown columns)."""
    tables: list[str]
    """The source it was looked up in (unknown) or the sources that all hold it (ambiguous)."""
    reason: str
    """Why, when "does not exist" is not enough (``no table or alias `o` in scope``)."""

    def __init__(
        self,
        node: exp.Expr,
        written: str,
        kind: str,
        candidates: list[str] | None = None,
        tables: list[str] | None = None,
        reason: str = "",
    ) -> None:
        self.node = node
        self.written = written
        self.kind = kind
        self.candidates = candidates or []
        self.tables = tables or []
        self.reason = reason


class SourceColumns:
    """What a name in FROM stands for: a catalog table, a query, or something unknown."""

    __slots__ = ("columns", "label")

    columns: dict[str, str] | None
    """Column key (:meth:`Warehouse.name_key`) -> column name; None when unknown (a table
    function, a table missing from the catalog, a star, a projection the warehouse names)."""
    label: str
    """How messages name it: the catalog table's name, else the alias."""

    def __init__(self, columns: dict[str, str] | None, label: str) -> None:
        self.columns = columns
        self.label = label

    @property
    def names(self) -> list[str]:
        return list(self.columns.values()) if self.columns else []


class ScopeNames:
    """The names the FROM clause of one SELECT brings into scope."""

    __slots__ = ("merged", "merges_everything", "pre_pivot", "sources")

    sources: dict[str, SourceColumns]
    """Source key (:meth:`Warehouse.name_key`, kind ``alias``) -> what it stands for."""
    merged: dict[str, list[set[str]]]
    """Column key -> groups of source keys whose columns of that name ``USING`` or
    ``NATURAL`` merged into one."""
    merges_everything: bool
    """A NATURAL join over a source whose columns are unknown: any name may be merged."""
    pre_pivot: dict[int, SourceColumns]
    """``id(Pivot)`` -> the source it pivots as it is before (what its own columns read)."""

    def __init__(self, sources: dict[str, SourceColumns] | None = None) -> None:
        self.sources = sources or {}
        self.merged = {}
        self.merges_everything = False
        self.pre_pivot = {}

    @property
    def has_unknown(self) -> bool:
        return any(s.columns is None for s in self.sources.values())

    def holding(self, key: str, exact: str | None = None) -> list[str]:
        """Keys of the sources that have a column of key ``key`` (stored as ``exact``)."""
        return [
            k
            for k, s in self.sources.items()
            if s.columns is not None
            and key in s.columns
            and (exact is None or s.columns[key] == exact)
        ]

    def is_merged(self, key: str, holders: list[str]) -> bool:
        return self.merges_everything or any(
            set(holders) <= group for group in self.merged.get(key, ())
        )


class Names:
    """Scopes, CTEs, tables and columns of the statement, resolved against the catalog."""

    def __init__(self, ctx: RuleContext) -> None:
        self._ctx = ctx
        self._resolved: dict[int, Table | None] = {}
        self._source_tables: dict[int, dict[str, Table | None]] = {}
        self._names_of: dict[int, ScopeNames] = {}

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
        """Keys (:meth:`Warehouse.name_key`, kind ``cte``) of every CTE of the statement."""
        return {
            self.key(cte.args["alias"].this, "cte")
            for cte in self._ctx.nodes(exp.CTE)
            if isinstance(cte.args.get("alias"), exp.TableAlias)
        }

    @cached_property
    def physical_tables(self) -> list[exp.Table]:
        """Tables read from the warehouse: not CTE references, not table functions."""
        ctx = self._ctx
        found = []
        for table in ctx.nodes(exp.Table):
            if not isinstance(table.this, exp.Identifier) or not table.name:
                continue
            if self.is_cte_reference(table):
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
                if not self.is_cte_reference(source):
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

    # -- name resolution (CDI201-CDI203) ------------------------------------------------
    def key(self, name: exp.Expr | str, kind: str) -> str:
        """The warehouse's key for a name of ``kind`` as written (an identifier keeps its
        quotes): two names with one key are one name."""
        warehouse = self._ctx.warehouse
        if isinstance(name, str):
            return warehouse.name_key(name, kind)
        quoted = isinstance(name, exp.Identifier) and bool(name.args.get("quoted"))
        return warehouse.name_key(name.name, kind, quoted=quoted)

    def _column(self, name: exp.Expr) -> tuple[str, str]:
        """``(key, stored name)`` of a column named in SQL (a projection, a column list).

        Columns are keyed case-insensitively: an unquoted reference matches a catalog
        column of any case, as an unquoted table name does (``Catalog.lookup_written``).
        Where quoted names keep their case (Snowflake) a quoted reference must match the
        stored name exactly: see :meth:`_holds`."""
        warehouse = self._ctx.warehouse
        quoted = isinstance(name, exp.Identifier) and bool(name.args.get("quoted"))
        stored = (
            warehouse.fold(name.name, quoted=quoted)
            if warehouse.quoted_names_keep_case
            else name.name
        )
        return name.name.casefold(), stored

    def _reference(self, name: exp.Expr) -> tuple[str, str | None]:
        """``(key, exact stored name or None)`` a reference to a column must match."""
        quoted = isinstance(name, exp.Identifier) and bool(name.args.get("quoted"))
        exact = name.name if quoted and self._ctx.warehouse.quoted_names_keep_case else None
        return name.name.casefold(), exact

    def _holds(self, columns: dict[str, str], name: exp.Expr) -> bool:
        key, exact = self._reference(name)
        return key in columns and (exact is None or columns[key] == exact)

    @cached_property
    def _cte_scopes(self) -> dict[str, Scope | None]:
        """CTE key -> the scope of its query (None: two CTEs of that name, say nothing)."""
        found: dict[str, Scope | None] = {}
        for scope in self.scopes:
            parent = scope.expression.parent
            if isinstance(parent, exp.CTE) and isinstance(parent.args.get("alias"), exp.TableAlias):
                key = self.key(parent.args["alias"].this, "cte")
                found[key] = None if key in found and found[key] is not scope else scope
        return found

    def is_cte_reference(self, table: exp.Table) -> bool:
        """True when ``table`` names a CTE, under the warehouse's rules for CTE names."""
        return (
            not table.db
            and isinstance(table.this, exp.Identifier)
            and self.key(table.this, "cte") in self.cte_names
        )

    def names_of(self, scope: Scope) -> ScopeNames:
        """What each name in the FROM clause of ``scope`` stands for, with its columns."""
        key = id(scope)
        found = self._names_of.get(key)
        if found is None:
            try:
                found = self._scope_names(scope)
            except OptimizeError:  # sqlglot refuses the scope (a duplicate alias)
                found = ScopeNames({"#refused": SourceColumns(None, "?")})
            self._names_of[key] = found
        return found

    def _scope_names(self, scope: Scope) -> ScopeNames:
        names = ScopeNames()
        for name, (node, source) in scope.selected_sources.items():
            key, described = self._describe(name, node, source, names)
            names.sources[key] = described
        for name in scope.lateral_sources:
            names.sources.setdefault(self.key(name, "alias"), SourceColumns(None, name))
        select = scope.expression
        if isinstance(select, exp.Select):
            listed = {id(node) for node, _ in scope.selected_sources.values()}
            for join in select.args.get("joins") or ():
                target = join.this
                if id(target) not in listed and not isinstance(target, exp.Table):
                    # a join sqlglot keeps no scope for (Redshift's `x.arr AS v AT i`,
                    # `UNPIVOT x.obj AS v AT k`): it brings names whose columns are unknown
                    label = target.alias_or_name or "?"
                    names.sources.setdefault(f"#{id(target)}", SourceColumns(None, label))
            self._merge_joins(select, names)
        return names

    def _describe(
        self, name: str, node: Any, source: Any, names: ScopeNames
    ) -> tuple[str, SourceColumns]:
        alias = _alias_identifier(node)
        key = self.key(alias if alias is not None else name, "alias")
        label = name
        columns: dict[str, str] | None = None
        if isinstance(node, exp.Table):
            if not isinstance(node.this, exp.Identifier) or not node.name:
                columns = None  # TABLE(...) and other table functions
            elif self.is_cte_reference(node):
                cte = self._cte_scopes.get(self.key(node.this, "cte"))
                columns = self._query_columns(cte.expression) if cte is not None else None
            elif node.name.endswith("*"):
                columns = self._wildcard_columns(node)
            else:
                table = self.resolve_table(node)
                if table is not None:
                    label = table.name
                    columns = {c.name.casefold(): c.name for c in table.columns}
            renames = _alias_columns(node)
            if renames and columns is not None:
                # FROM t AS x (a, b): the list renames the leading columns, in order
                kept = list(columns.items())[len(renames) :]
                columns = dict([self._column(c) for c in renames] + kept)
        elif isinstance(getattr(source, "expression", None), exp.Query):
            columns = self._query_columns(source.expression)
        pivots = node.args.get("pivots") if isinstance(node, exp.Expr) else None
        if pivots:
            before = SourceColumns(columns, label)
            for pivot in pivots:
                names.pre_pivot[id(pivot)] = before
                before = SourceColumns(self._pivot_output(pivot, before.columns), label)
            columns = before.columns
            pivot_alias = pivots[-1].args.get("alias")
            if isinstance(pivot_alias, exp.TableAlias) and isinstance(
                pivot_alias.this, exp.Identifier
            ):
                key = self.key(pivot_alias.this, "alias")  # the alias hides the table's name
                label = pivot_alias.this.name
        return key, SourceColumns(columns, label)

    def _query_columns(self, query: exp.Expr) -> dict[str, str] | None:
        """The columns a CTE's or derived table's query outputs; None when unknown."""
        column_list = _column_list_above(query)
        if column_list:
            return dict(self._column(c) for c in column_list)
        if not isinstance(query, exp.Query):
            return None
        found: dict[str, str] = {}
        for projection in query.selects:
            named = _output_identifier(projection)
            if named is None:
                return None  # a star, or a projection the warehouse names (f0_, "SUM(X)")
            key, stored = self._column(named)
            found[key] = stored
        return found

    def _wildcard_columns(self, table: exp.Table) -> dict[str, str] | None:
        """The columns of the catalog tables a BigQuery wildcard (``events_*``) matches."""
        catalog = self._ctx.catalog
        if catalog is None:
            return None
        warehouse = self._ctx.warehouse
        prefix = warehouse.name_key(table.name[:-1], "table")
        found: dict[str, str] = {}
        matched = False
        for candidate in catalog.tables:
            if not warehouse.name_key(candidate.name, "table").startswith(prefix):
                continue
            if table.db and candidate.schema and candidate.schema != table.db:
                continue
            matched = True
            for column in candidate.columns:
                found.setdefault(column.name.casefold(), column.name)
        return found if matched else None

    def _pivot_output(
        self, pivot: exp.Pivot, columns: dict[str, str] | None
    ) -> dict[str, str] | None:
        """The columns a PIVOT or UNPIVOT outputs from ``columns``; None when unknown."""
        if columns is None:
            return None
        added: list[exp.Identifier]
        if pivot.args.get("unpivot"):
            consumed: set[str] = set()
            named: list[exp.Identifier] = []
            for field in pivot.fields:
                if not isinstance(field, exp.In):
                    return None
                if isinstance(field.this, exp.Identifier):
                    named.append(field.this)
                for item in field.expressions:
                    consumed.update(c.name.casefold() for c in item.find_all(exp.Column))
            values = [
                value
                for e in pivot.expressions
                for value in (e.expressions if isinstance(e, exp.Tuple) else [e])
                if isinstance(value, exp.Identifier)
            ]
            added = values + named if pivot.args.get("value_columns_first") else named + values
        else:
            added = [c for c in pivot.args.get("columns") or () if isinstance(c, exp.Identifier)]
            # IN (ANY ...) or IN (subquery): the data decides the columns
            consumed = {c.name.casefold() for c in pivot.find_all(exp.Column)}
            warehouse = self._ctx.warehouse
            if not warehouse.quoted_names_keep_case and any(
                not _PLAIN_NAME.match(c.name) for c in added
            ):
                return None  # BigQuery names IN (1, 2) _1 and _2: sqlglot does not
        if not consumed or not added:
            return None
        output = [(k, n) for k, n in columns.items() if k not in consumed]
        output += [self._column(c) for c in added]
        alias = pivot.args.get("alias")
        renames = alias.columns if isinstance(alias, exp.TableAlias) else []
        if renames:  # PIVOT (...) AS p (a, b): renames the leading output columns
            output = [self._column(r) for r in renames] + output[len(renames) :]
        return dict(output)

    def _merge_joins(self, select: exp.Select, names: ScopeNames) -> None:
        """Record which columns ``USING`` and ``NATURAL`` merge, join after join."""
        left: list[str] = []
        from_ = select.args.get("from_") or select.args.get("from")
        if from_ is not None:
            left.append(self._source_key(from_.this))
        for join in select.args.get("joins") or ():
            right = self._source_key(join.this)
            keys = [_identifier(i).name.casefold() for i in join.args.get("using") or ()]
            if str(join.args.get("method") or "").upper() == "NATURAL":
                sides = [names.sources.get(k) for k in (*left, right)]
                known = [s.columns for s in sides if s is not None and s.columns is not None]
                if len(known) < len(sides):
                    names.merges_everything = True
                else:
                    before = {c for columns in known[:-1] for c in columns}
                    keys = [k for k in known[-1] if k in before]
            for key in keys:
                group = {right, *(k for k in left if k in names.holding(key))}
                for existing in list(names.merged.get(key, ())):
                    if existing & group:
                        group |= existing
                        names.merged[key].remove(existing)
                names.merged.setdefault(key, []).append(group)
            left.append(right)

    def _source_key(self, node: exp.Expr) -> str:
        """The key a FROM or JOIN item is known by (a pivot's alias hides the table's)."""
        pivots = node.args.get("pivots")
        if pivots:
            alias = pivots[-1].args.get("alias")
            if isinstance(alias, exp.TableAlias) and isinstance(alias.this, exp.Identifier):
                return self.key(alias.this, "alias")
        named = _alias_identifier(node)
        return self.key(named if named is not None else node.alias_or_name, "alias")

    @cached_property
    def column_problems(self) -> list[ColumnProblem]:
        """Unknown and ambiguous columns of the statement, and unknown ``USING`` names."""
        problems: list[ColumnProblem] = []
        if self._ctx.catalog is None or not self.scopes:
            return problems
        seen: set[int] = set()
        for scope in self.scopes:
            select = scope.expression
            if not isinstance(select, exp.Select):
                continue
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
            names = self.names_of(scope)
            problems.extend(self._using_problems(select, names))
            for column in columns:
                if id(column) in seen:
                    continue
                seen.add(id(column))
                problem = self._check_column(scope, names, column)
                if problem is not None:
                    problems.append(problem)
        return problems

    def _check_column(
        self, scope: Scope, names: ScopeNames, column: exp.Column
    ) -> ColumnProblem | None:
        if not isinstance(column.this, exp.Identifier):
            return None
        name = column.name.casefold()
        if name in _PSEUDO_COLUMNS or name.startswith(("metadata$", "$")):
            return None
        parts = column.parts
        if _lambda_bound(column, parts[0].name) or _keyword_argument(column):
            return None
        pivot = column.find_ancestor(exp.Pivot, exp.Select)
        if isinstance(pivot, exp.Pivot):  # reads the pivoted source, before the pivot
            before = names.pre_pivot.get(id(pivot))
            if before is None or before.columns is None or len(parts) > 1:
                return None
            if self._holds(before.columns, column.this):
                return None
            return self._unknown(column, before)
        if len(parts) > 1:
            return self._check_qualified(scope, column, parts)
        return self._check_unqualified(scope, names, column)

    def _check_qualified(
        self, scope: Scope, column: exp.Column, parts: list[exp.Expr]
    ) -> ColumnProblem | None:
        qualifier = parts[:-1]
        first = self.key(qualifier[0], "alias")
        current: Scope | None = scope
        while current is not None:
            names = self.names_of(current)
            source = names.sources.get(first)
            if source is not None:
                if source.columns is None:
                    return None
                wanted = parts[-1] if len(qualifier) == 1 else parts[1]  # else a STRUCT's root
                if self._holds(source.columns, wanted):
                    return None
                return self._unknown(column, source, None if len(qualifier) == 1 else wanted)
            if len(qualifier) > 1:  # schema.table.column
                source = names.sources.get(self.key(qualifier[-1], "alias"))
                if source is not None:
                    if source.columns is None or self._holds(source.columns, parts[-1]):
                        return None
                    return self._unknown(column, source)
            if names.holding(*self._reference(qualifier[0])) or names.has_unknown:
                return None  # a STRUCT / OBJECT / SUPER column navigated by its fields
            current = current.parent
        if len(qualifier) > 1 or not self.names_of(scope).sources:
            return None  # project.dataset.table..., or a query without FROM: say nothing
        return ColumnProblem(
            column,
            _dotted(column),
            "unknown",
            reason=f"no table or alias `{qualifier[0].name}` in scope",
        )

    def _check_unqualified(
        self, scope: Scope, names: ScopeNames, column: exp.Column
    ) -> ColumnProblem | None:
        key, exact = self._reference(column.this)
        holders = names.holding(key, exact)
        if len(holders) > 1 and not names.is_merged(key, holders):
            labels = [names.sources[h].label for h in holders]
            return ColumnProblem(column, column.name, "ambiguous", tables=labels)
        if holders or names.has_unknown:
            return None
        if column.name.casefold() in _NO_PAREN_FUNCTIONS or not names.sources:
            return None
        candidates = [n for source in names.sources.values() for n in source.names]
        current = scope.parent if _can_correlate(scope) else None
        while current is not None:
            here = self.names_of(current)
            if here.holding(key, exact) or here.has_unknown:
                return None  # a correlated reference, or a source that may hold it
            candidates.extend(n for source in here.sources.values() for n in source.names)
            current = current.parent if _can_correlate(current) else None
        select = scope.expression
        if isinstance(select, exp.Select) and key in {
            a.name.casefold() for a in _select_aliases(select)
        }:
            clause = _clause_of(column, select)
            warehouse = self._ctx.warehouse
            if clause is None or clause in warehouse.select_alias_clauses:
                return None
            return ColumnProblem(
                column,
                column.name,
                "unknown",
                reason=(
                    f"`{column.name}` is an alias of the SELECT list, which "
                    f"{warehouse.title} does not read in {_CLAUSE_WORDS[clause]}"
                ),
            )
        from cdisql.lint.suggest import suggest

        sources = list(names.sources.values())
        tables = [sources[0].label] if len(sources) == 1 and sources[0].label else []
        return ColumnProblem(
            column,
            column.name,
            "unknown",
            suggest(column.name, candidates),
            tables,
            self._quoting_reason(column.this, candidates),
        )

    def _quoting_reason(self, written: exp.Expr, names: list[str]) -> str:
        """Why a quoted name matched none of ``names`` that differ from it by case only."""
        warehouse = self._ctx.warehouse
        if (
            warehouse.quoted_names_keep_case
            and bool(written.args.get("quoted"))
            and any(n.casefold() == written.name.casefold() for n in names)
        ):
            return f"a quoted name keeps its case in {warehouse.title}"
        return ""

    def _unknown(
        self, column: exp.Column, source: SourceColumns, root: exp.Expr | None = None
    ) -> ColumnProblem:
        """``column`` (or its STRUCT ``root``) is not a column of ``source``."""
        from cdisql.lint.suggest import suggest

        wanted = root if root is not None else column.this
        written = _dotted(column)
        if root is not None:
            written = ".".join(p.name for p in column.parts[: column.parts.index(root) + 1])
        return ColumnProblem(
            root if root is not None else column,
            written,
            "unknown",
            suggest(wanted.name, source.names),
            [source.label] if source.label else [],
            self._quoting_reason(wanted, source.names),
        )

    def _using_problems(self, select: exp.Select, names: ScopeNames) -> list[ColumnProblem]:
        """``USING`` names the joined table lacks, or no table joined before it has."""
        from cdisql.lint.suggest import suggest

        problems = []
        left: list[SourceColumns | None] = []
        from_ = select.args.get("from_") or select.args.get("from")
        if from_ is not None:
            left.append(names.sources.get(self._source_key(from_.this)))
        for join in select.args.get("joins") or ():
            right = names.sources.get(self._source_key(join.this))
            for item in join.args.get("using") or ():
                named = _identifier(item)
                if (
                    right is not None
                    and right.columns is not None
                    and not self._holds(right.columns, named)
                ):
                    problems.append(
                        ColumnProblem(
                            named,
                            named.name,
                            "unknown",
                            suggest(named.name, right.names),
                            [right.label],
                            "a USING column must be in both tables",
                        )
                    )
                elif (
                    left
                    and all(s is not None and s.columns is not None for s in left)
                    and not any(s is not None and self._holds(s.columns or {}, named) for s in left)
                ):
                    before = [s for s in left if s is not None]
                    problems.append(
                        ColumnProblem(
                            named,
                            named.name,
                            "unknown",
                            suggest(named.name, [n for s in before for n in s.names]),
                            [s.label for s in before],
                            "a USING column must be in a table joined before it",
                        )
                    )
            left.append(right)
        return problems


def _identifier(node: exp.Expr) -> exp.Expr:
    """The identifier of a ``USING`` item (sqlglot keeps an Identifier or a Column)."""
    return node.this if isinstance(node, exp.Column) else node


def _alias_identifier(node: Any) -> exp.Identifier | None:
    """The name a FROM item is known by: its alias, else a table's own name."""
    if not isinstance(node, exp.Expr):
        return None
    alias = node.args.get("alias")
    if isinstance(alias, exp.TableAlias) and isinstance(alias.this, exp.Identifier):
        return alias.this
    if isinstance(node, exp.Table) and isinstance(node.this, exp.Identifier):
        return node.this
    return None


def _alias_columns(node: Any) -> list[exp.Identifier]:
    """The column list of a FROM item's or CTE's alias (``AS x (a, b)``), or []."""
    alias = node.args.get("alias") if isinstance(node, exp.Expr) else None
    if isinstance(alias, exp.TableAlias):
        return [c for c in alias.columns if isinstance(c, exp.Identifier)]
    return []


def _column_list_above(query: exp.Expr) -> list[exp.Identifier]:
    """The column list of the CTE or derived table whose query ``query`` is, through set
    operations: a recursive CTE's reference to itself reads the anchor SELECT, under the
    UNION, and still has the CTE's columns."""
    node = query
    parent = node.parent
    while isinstance(parent, exp.SetOperation) or (
        isinstance(parent, exp.Subquery) and not parent.args.get("alias")
    ):
        node, parent = parent, parent.parent
    if isinstance(parent, exp.CTE | exp.Subquery):
        return _alias_columns(parent)
    return []


def _output_identifier(projection: exp.Expr) -> exp.Identifier | None:
    """The identifier naming a projection's output column, None when the warehouse names it."""
    if isinstance(projection, exp.Alias):
        alias = projection.args.get("alias")
        return alias if isinstance(alias, exp.Identifier) else None
    if isinstance(projection, exp.Column) and isinstance(projection.this, exp.Identifier):
        return projection.this
    return None


def _select_aliases(select: exp.Select) -> list[exp.Identifier]:
    aliases = []
    for projection in select.expressions:
        alias = projection.args.get("alias") if isinstance(projection, exp.Alias) else None
        if isinstance(alias, exp.Identifier):
            aliases.append(alias)
    return aliases


def _clause_of(column: exp.Expr, select: exp.Select) -> str | None:
    """The clause of ``select`` (``where``, ``select``...) holding ``column``, None when it
    sits in a subquery, a JOIN, or a clause that is not one of :data:`_CLAUSES`."""
    node = column
    while node.parent is not None and node.parent is not select:
        if isinstance(node.parent, exp.Query):
            return None
        node = node.parent
    return _CLAUSES.get(node.arg_key or "") if node.parent is select else None


def _keyword_argument(column: exp.Column) -> bool:
    """True for a bare word a function takes (BigQuery ``NORMALIZE(s, NFC)``)."""
    parent = column.parent
    if len(column.parts) != 1 or not isinstance(parent, exp.Func):
        return False
    function = parent.name if isinstance(parent, exp.Anonymous) else parent.sql_name()
    words = _KEYWORD_ARGUMENTS.get(function.casefold())
    return words is not None and column.name.casefold() in words


def _lambda_bound(column: exp.Column, root: str) -> bool:
    """True when ``column`` (or the root of ``x.field``) is a lambda's parameter."""
    node: exp.Expr | None = column.parent
    wanted = root.casefold()
    while node is not None:
        if isinstance(node, exp.Lambda) and wanted in {p.name.casefold() for p in node.expressions}:
            return True
        node = node.parent
    return False


def _can_correlate(scope: Scope) -> bool:
    return bool(scope.is_subquery or scope.is_udtf or getattr(scope, "can_be_correlated", False))


def _dotted(column: exp.Column) -> str:
    return ".".join(part.name for part in column.parts)


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
                if not names.is_cte_reference(source):
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
