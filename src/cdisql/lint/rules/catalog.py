"""Rules checked against the source's catalog (CDI201-CDI203): tables and columns exist."""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.errors import OptimizeError

from cdisql.lint.context import RuleContext
from cdisql.lint.diagnostics import Diagnostic, Related, Severity
from cdisql.lint.registry import Rule, register
from cdisql.lint.rules.contract import (
    cte_names,
    foreign_qualifier,
    resolve_table,
    table_names,
    written_parts,
)

if TYPE_CHECKING:
    from cdisql.catalog import Catalog, Table

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


def physical_tables(ctx: RuleContext) -> list[exp.Table]:
    """Tables read from the warehouse: not CTE references, not table functions."""
    cached = ctx.cache.get("physical_tables")
    if cached is not None:
        return cached
    ctes = cte_names(ctx)
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
    ctx.cache["physical_tables"] = found
    return found


def _suggest(word: str, candidates: list[str], *, fold: bool = True) -> list[str]:
    if not candidates:
        return []
    return list(_close_matches(word, tuple(sorted(set(candidates))), fold))


@lru_cache(maxsize=1024)
def _close_matches(word: str, candidates: tuple[str, ...], fold: bool) -> tuple[str, ...]:
    if fold:
        lowered = {c.casefold(): c for c in candidates}
        hits = difflib.get_close_matches(word.casefold(), list(lowered), n=3, cutoff=0.6)
        return tuple(lowered[h] for h in hits)
    return tuple(difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6))


_CUTOFF = 0.6


class NameSuggester:
    """``_suggest`` over a large, fixed list of names (a catalog's tables), cheaply.

    ``difflib.get_close_matches`` computes, for every candidate, a bound on its ratio
    from the lengths (``real_quick_ratio``) and one from the characters the two strings
    share (``quick_ratio``), and runs the costly ``ratio`` only on the candidates that
    pass both. Here both bounds are computed for all candidates at once: names are
    grouped by length, and for each character ``c`` and count ``j`` a bitmask holds the
    names with at least ``j`` of ``c``; summing the word's masks bit-sliced gives every
    name's shared-character count. ``ratio`` then runs only on the names that pass
    both bounds, best bound first, so the suggestions are the ones ``get_close_matches``
    gives on the whole list, in well under a millisecond for 10,000 names instead of
    several. Built once per catalog (:meth:`Catalog.derived`); the last few hundred
    answers are kept (a file often names the same missing table many times).
    """

    __slots__ = ("_by_length", "_fold", "_keys", "_memo", "_original", "_postings")

    def __init__(self, names: list[str], *, fold: bool) -> None:
        ordered = sorted(set(names))
        # the same name choice as ``_close_matches``: the last of names folding alike
        original = {(n.casefold() if fold else n): n for n in ordered}
        keys = list(original)
        self._fold = fold
        self._original = original
        self._keys = keys
        self._memo: dict[str, tuple[str, ...]] = {}
        size = (len(keys) + 7) // 8
        lengths: dict[int, bytearray] = {}
        postings: dict[tuple[str, int], bytearray] = {}
        for i, key in enumerate(keys):
            byte, bit = i >> 3, 1 << (i & 7)
            lengths.setdefault(len(key), bytearray(size))[byte] |= bit
            seen: dict[str, int] = {}
            for ch in key:
                j = seen[ch] = seen.get(ch, 0) + 1
                postings.setdefault((ch, j), bytearray(size))[byte] |= bit
        self._by_length = {n: int.from_bytes(m, "little") for n, m in lengths.items()}
        self._postings = {k: int.from_bytes(m, "little") for k, m in postings.items()}

    def suggest(self, word: str) -> tuple[str, ...]:
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) >= 512:
                self._memo.clear()
            found = self._memo[word] = self._suggest(word)
        return found

    def _suggest(self, word: str) -> tuple[str, ...]:
        """``get_close_matches(word, names, n=3, cutoff=0.6)``, folded as built.

        Candidates are tried from the highest ``quick_ratio`` bound down, and the search
        stops once that bound is below the third best ratio found: a name the bound
        places lower cannot enter the top three (ties are broken by the name, as
        ``get_close_matches`` does, so equal scores are still tried).
        """
        wanted = word.casefold() if self._fold else word
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(wanted)
        best: list[tuple[float, str]] = []  # min-heap of the three best (ratio, name)
        keys = self._keys
        for bound, mask in self._groups(wanted):
            if len(best) == 3 and bound < best[0][0]:
                break
            for i in _bits(mask):
                name = keys[i]
                matcher.set_seq1(name)
                score = matcher.ratio()
                if score < _CUTOFF:
                    continue
                if len(best) < 3:
                    heapq.heappush(best, (score, name))
                elif (score, name) > best[0]:
                    heapq.heapreplace(best, (score, name))
        return tuple(self._original[name] for _, name in sorted(best, reverse=True))

    def _groups(self, word: str) -> list[tuple[float, int]]:
        """The names passing difflib's ``real_quick_ratio`` and ``quick_ratio`` for
        ``word``, as bitmasks grouped by that bound, highest first."""
        # bit-sliced counters: planes[b] holds bit b of each name's shared-character count
        planes: list[int] = []
        counts: dict[str, int] = {}
        for ch in word:
            j = counts[ch] = counts.get(ch, 0) + 1
            carry = self._postings.get((ch, j), 0)
            for b in range(len(planes)):
                if not carry:
                    break
                plane = planes[b]
                planes[b] = plane ^ carry
                carry &= plane
            if carry:
                planes.append(carry)
        exactly: dict[int, int] = {}

        def sharing(m: int) -> int:
            """Names sharing exactly ``m`` characters with ``word``."""
            found = exactly.get(m)
            if found is None:
                found = -1  # every name
                for b, plane in enumerate(planes):
                    found &= plane if m >> b & 1 else ~plane
                exactly[m] = found
            return found

        size = len(word)
        groups: list[tuple[float, int]] = []
        for length, bucket in self._by_length.items():
            total = size + length
            top = min(size, length)
            if top >> len(planes):
                top = (1 << len(planes)) - 1  # no name shares more than the planes count
            # difflib's own float expression: 2 * shared / total >= cutoff
            for m in range(top, -1, -1):
                bound = 2.0 * m / total
                if bound < _CUTOFF:
                    break
                mask = bucket & sharing(m)
                if mask:
                    groups.append((bound, mask))
        groups.sort(key=lambda g: g[0], reverse=True)
        return groups


def _bits(mask: int) -> Iterator[int]:
    """Positions of the set bits of ``mask``, lowest first."""
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    for pos, byte in enumerate(data):
        while byte:
            low = byte & -byte
            yield pos * 8 + low.bit_length() - 1
            byte ^= low


def _table_suggester(catalog: Catalog, fold: bool) -> NameSuggester:
    return catalog.derived(
        ("cdisql.lint.rules.catalog:table-names", fold),
        lambda c: NameSuggester([t.name for t in c.tables], fold=fold),
    )


@register
class UnknownTable(Rule):
    """## What it does
    Reports a table that is not in the source's catalog, with the closest names.

    ## Why is this bad?
    The connected identity cannot see it: the refresh fails with "object does not
    exist or not authorized".

    ## Example
    ```sql
    SELECT external_id AS external_user_id FROM user
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI201"
    name = "unknown-table"
    severity = Severity.ERROR
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        catalog = ctx.catalog
        if catalog is None:
            return
        for table in physical_tables(ctx):
            names = table_names(table)
            if catalog.lookup_written(written_parts(table)):
                continue
            if foreign_qualifier(ctx, table) is not None:
                continue  # a foreign schema is CDI105's to report
            if names[-1].endswith("*") and _wildcard_matches(ctx, names[-1]):
                continue  # BigQuery wildcard table: events_* reads events_2026...
            span = ctx.node_span(table.this)
            parts = table.parts
            if len(parts) > 1:
                first = ctx.node_span(parts[0])
                span = (min(first[0], span[0]), max(first[1], span[1]))
            fold = ctx.warehouse.folding.value != "case_sensitive"
            suggestions = list(_table_suggester(catalog, fold).suggest(names[-1]))
            related = tuple(Related(f"did you mean {s}?", *span) for s in suggestions)
            hint = f": did you mean {', '.join(suggestions)}?" if suggestions else ""
            yield ctx.diagnostic(
                self,
                *span,
                f"table `{'.'.join(names)}` is not in the catalog{hint}",
                suggestions=tuple(suggestions),
                related=related,
            )


def _wildcard_matches(ctx: RuleContext, name: str) -> bool:
    prefix = ctx.warehouse.key(name[:-1])
    catalog = ctx.catalog
    return catalog is not None and any(
        ctx.warehouse.key(t.name).startswith(prefix) for t in catalog
    )


class _Source:
    """What a name in FROM stands for: a catalog table, a derived query, or unknown."""

    __slots__ = ("columns", "label", "names")

    def __init__(self, columns: set[str] | None, label: str, names: list[str]) -> None:
        self.columns = columns
        """Folded column names, None when unknown (table function, unresolved, star)."""
        self.label = label
        self.names = names


class ColumnProblem:
    """An unknown or ambiguous column, found once per run for CDI202 and CDI203."""

    __slots__ = ("candidates", "column", "kind", "tables")

    def __init__(
        self, column: exp.Column, kind: str, candidates: list[str], tables: list[str]
    ) -> None:
        self.column = column
        self.kind = kind  # "unknown" or "ambiguous"
        self.candidates = candidates
        self.tables = tables


def column_problems(ctx: RuleContext) -> list[ColumnProblem]:
    """Unknown and ambiguous columns of the statement, computed once per run."""
    cached = ctx.cache.get("column_problems")
    if cached is not None:
        return cached
    problems: list[ColumnProblem] = []
    ctx.cache["column_problems"] = problems
    if ctx.catalog is None or not ctx.scopes:
        return problems
    sources_of: dict[int, dict[str, _Source]] = {}

    def sources(scope: Any) -> dict[str, _Source]:
        key = id(scope)
        if key not in sources_of:
            selected = scope.selected_sources
            sources_of[key] = {
                name: _describe(ctx, name, pair[1]) for name, pair in selected.items()
            }
            for name in _lateral_names(scope.expression):
                sources_of[key].setdefault(name, _Source(None, name, []))
        return sources_of[key]

    seen: set[int] = set()
    fold = str.casefold
    has_lambdas = ctx.has(exp.Lambda)
    for scope in ctx.scopes:
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
                    problem = _check_qualified(ctx, scope, sources, column, qualifier, name)
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


def _describe(ctx: RuleContext, name: str, source: Any) -> _Source:
    if isinstance(source, exp.Table):
        if not isinstance(source.this, exp.Identifier):
            return _Source(None, name, [])
        table: Table | None = resolve_table(ctx, source)
        if table is None:
            return _Source(None, name, [])
        columns = [c.name for c in table.columns]
        return _Source({c.casefold() for c in columns}, table.name, columns)
    expression = getattr(source, "expression", None)
    if isinstance(expression, exp.Query):
        selects = expression.selects
        if any(_is_star(s) for s in selects):
            return _Source(None, name, [])
        names = list(expression.named_selects)
        if len(names) != len(selects):
            return _Source(None, name, [])
        alias_columns = _alias_columns(source)
        if alias_columns:
            names = alias_columns
        return _Source({n.casefold() for n in names}, name, names)
    return _Source(None, name, [])


def _alias_columns(scope: Any) -> list[str]:
    expression = scope.expression
    parent = expression.parent
    if isinstance(parent, exp.Subquery | exp.CTE):
        alias = parent.args.get("alias")
        if isinstance(alias, exp.TableAlias) and alias.columns:
            return [c.name for c in alias.columns]
    return []


def _is_star(node: exp.Expr) -> bool:
    return isinstance(node, exp.Star) or (
        isinstance(node, exp.Column) and isinstance(node.this, exp.Star)
    )


def _check_qualified(
    ctx: RuleContext,
    scope: Any,
    sources: Any,
    column: exp.Column,
    qualifier: str,
    name: str,
) -> ColumnProblem | None:
    current = scope
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
            return ColumnProblem(
                column,
                "unknown",
                _suggest(column.name, source.names),
                [source.label],
            )
        current = current.parent
    return None


def _check_unqualified(
    scope: Any, sources: Any, column: exp.Column, name: str
) -> ColumnProblem | None:
    current = scope
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
    return ColumnProblem(column, "unknown", _suggest(column.name, candidates), [])


def _can_correlate(scope: Any) -> bool:
    return bool(scope.is_subquery or scope.is_udtf or getattr(scope, "can_be_correlated", False))


@register
class UnknownColumn(Rule):
    """## What it does
    Reports a column that no table in scope has, according to the catalog, with the
    closest names.

    ## Why is this bad?
    The refresh fails with "invalid identifier"; usually a typo or a column from
    another table.

    ## Example
    ```sql
    SELECT external_idd AS external_user_id FROM users
    ```

    ## Use instead
    ```sql
    SELECT external_id AS external_user_id FROM users
    ```
    """

    code = "CDI202"
    name = "unknown-column"
    severity = Severity.ERROR
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for problem in column_problems(ctx):
            if problem.kind != "unknown":
                continue
            column = problem.column
            span = ctx.node_span(column)
            where = f" in {problem.tables[0]}" if problem.tables else ""
            hint = f": did you mean {', '.join(problem.candidates)}?" if problem.candidates else ""
            yield ctx.diagnostic(
                self,
                *span,
                f"column `{_dotted(column)}` does not exist{where}{hint}",
                suggestions=tuple(problem.candidates),
                related=tuple(Related(f"did you mean {c}?", *span) for c in problem.candidates),
            )


@register
class AmbiguousColumn(Rule):
    """## What it does
    Reports an unqualified column that more than one table in scope has.

    ## Why is this bad?
    The warehouse refuses the query ("ambiguous column name"), or a later schema change
    silently changes which table it reads.

    ## Example
    ```sql
    SELECT u.external_id AS external_user_id
    FROM users u JOIN orders o ON o.user_id = u.user_id
    WHERE created_at > '2026-01-01'
    ```

    ## Use instead
    ```sql
    SELECT u.external_id AS external_user_id
    FROM users u JOIN orders o ON o.user_id = u.user_id
    WHERE o.created_at > '2026-01-01'
    ```
    """

    code = "CDI203"
    name = "ambiguous-column"
    severity = Severity.ERROR
    needs_catalog = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for problem in column_problems(ctx):
            if problem.kind != "ambiguous":
                continue
            span = ctx.node_span(problem.column)
            yield ctx.diagnostic(
                self,
                *span,
                f"column `{problem.column.name}` is in {', '.join(problem.tables)}: "
                "qualify it with the table's name or alias",
            )


def _dotted(column: exp.Column) -> str:
    return ".".join(part.name for part in column.parts)
