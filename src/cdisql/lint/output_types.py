"""The types of a segment's output columns, from sqlglot's ``qualify`` and ``annotate_types``.

The schema is the catalog's: each table the query reads is resolved the way lint
resolves it (:class:`~cdisql.lint.model.Names`), then handed to sqlglot under a private
name, so sqlglot's own name matching never disagrees with the catalog's. The typed
copy keeps only what can change an output column's type (projections, sources, joins,
CTEs and set operations; not WHERE, GROUP BY, ORDER BY or join conditions), which makes
it about as cheap as a parse.

Where sqlglot's inference is known to be wrong, or a guess, the type is UNKNOWN, and an
unknown type is never reported:

- ``LATERAL VIEW explode(arr) t AS x``: sqlglot gives ``x`` the array's type, not its
  element's (its ``_get_source_scope_selects`` reads the exploded argument's type);
- a string merged with a non-string (``COALESCE(id_text, id_number)``, a UNION whose
  branches disagree): each warehouse resolves it differently, or refuses it;
- navigation into semi-structured values (``v:id``, ``s.id``, ``j.id``, ``a[0]``) gives
  the container's semi-structured type (VARIANT, SUPER, JSON), which sqlglot leaves
  unknown; ``DATE_TRUNC`` is a timestamp where sqlglot has no rule for the dialect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlglot import exp

if TYPE_CHECKING:
    from cdisql.catalog import Table
    from cdisql.dialects import Warehouse

Annotator = Callable[[Any, exp.Expr], Any]
Metadata = dict[type[exp.Expr], dict[str, Any]]

_SYNTHETIC = "__cdisql_t{}"
_CLAUSES_WITHOUT_TYPES = frozenset(
    {
        "where",
        "having",
        "qualify",
        "order",
        "limit",
        "offset",
        "fetch",
        "group",
        "locks",
        "sample",
        "settings",
        "prewhere",
        "connect",
        "distribute",
        "sort",
        "cluster",
    }
)
_UNKNOWN_KINDS = frozenset({exp.DType.UNKNOWN, exp.DType.NULL, exp.DType.USERDEFINED})


@lru_cache(maxsize=1024)
def parse_type(type_text: str, dialect: str) -> exp.DataType | None:
    """A catalog type in the warehouse's spelling, or None when sqlglot cannot read it."""
    try:
        return exp.DataType.build(type_text, dialect=dialect)
    except Exception:
        return None


def is_known(data_type: exp.DataType | None) -> bool:
    return data_type is not None and data_type.this not in _UNKNOWN_KINDS


def is_text(data_type: exp.DataType) -> bool:
    return data_type.this in exp.DataType.TEXT_TYPES


def local_type(node: exp.Expr, dialect: str) -> exp.DataType | None:
    """The type of ``node`` on its own: what its functions and literals say, no columns."""
    from sqlglot.optimizer.annotate_types import annotate_types

    try:
        typed = annotate_types(node.copy(), dialect=dialect, expression_metadata=metadata(dialect))
    except Exception:  # sqlglot's inference raises on odd-but-parsed trees
        return None
    data_type = typed.type
    return data_type if isinstance(data_type, exp.DataType) and is_known(data_type) else None


def output_types(
    tree: exp.Expr, warehouse: Warehouse, tables: Mapping[int, Table]
) -> list[exp.DataType | None] | None:
    """The type of the first column of each output branch of ``tree`` (None: unknown).

    ``tables`` maps ``id()`` of each table node of ``tree`` read from the warehouse to its
    catalog table. None when sqlglot cannot type the query at all.
    """
    from sqlglot.optimizer.annotate_types import annotate_types
    from sqlglot.optimizer.qualify import qualify
    from sqlglot.schema import MappingSchema

    dialect = warehouse.dialect
    renamed: dict[int, str] = {}
    columns: dict[str, object] = {}
    for key, table in tables.items():
        name = _SYNTHETIC.format(len(renamed))
        renamed[key] = name
        columns[name] = {
            column.name: parse_type(column.type, dialect) or exp.DataType.build("UNKNOWN")
            for column in table.columns
            if column.type
        }
    try:
        skeleton = _skeleton(tree, renamed)
        schema = MappingSchema(columns, dialect=dialect)
        qualified = qualify(
            skeleton,
            dialect=dialect,
            schema=schema,
            validate_qualify_columns=False,
            allow_partial_qualification=True,
            quote_identifiers=False,
            identify=False,
        )
        typed = annotate_types(
            qualified, schema=schema, dialect=dialect, expression_metadata=metadata(dialect)
        )
    except Exception:  # sqlglot could not type it (odd-but-parsed trees): all unknown
        return None
    branches = _branches(typed)
    if len(branches) != len(_branches(tree)):
        return None  # sqlglot rewrote the shape: its branches are not the segment's
    found: list[exp.DataType | None] = []
    for select in branches:
        projections = select.expressions
        data_type = projections[0].type if projections else None
        found.append(data_type if is_known(data_type) else None)
    return found


def _branches(node: exp.Expr) -> list[exp.Select]:
    while isinstance(node, exp.Subquery):
        node = node.this
    if isinstance(node, exp.SetOperation):
        return _branches(node.this) + _branches(node.expression)
    return [node] if isinstance(node, exp.Select) else []


def _skeleton(node: exp.Expr, renamed: Mapping[int, str]) -> exp.Expr:
    """A copy of ``node`` without the clauses that cannot change an output type, with each
    catalog table under its private name (and its written name as alias)."""
    drop: frozenset[str] | tuple[str, ...] = ()
    if isinstance(node, exp.Select):
        drop = _CLAUSES_WITHOUT_TYPES
    elif isinstance(node, exp.Join):
        drop = ("on",)
    args: dict[str, Any] = {}
    for key, value in node.args.items():
        if value is None or key in drop:
            continue
        if isinstance(value, list):
            args[key] = [_skeleton(v, renamed) if isinstance(v, exp.Expr) else v for v in value]
        elif isinstance(value, exp.Expr):
            args[key] = _skeleton(value, renamed)
        else:
            args[key] = value
    copy = node.__class__(**args)
    name = renamed.get(id(node))
    if name is not None and isinstance(node, exp.Table):
        if copy.args.get("alias") is None:
            written = node.this
            quoted = isinstance(written, exp.Identifier) and bool(written.args.get("quoted"))
            copy.set("alias", exp.TableAlias(this=exp.to_identifier(node.name, quoted=quoted)))
        copy.set("this", exp.to_identifier(name))
        copy.set("db", None)
        copy.set("catalog", None)
    return copy


# -- corrections to sqlglot's inference ------------------------------------------------------
@lru_cache(maxsize=8)
def metadata(dialect: str) -> Metadata:
    """The dialect's annotators, with the corrections in this module's docstring."""
    from sqlglot.dialects.dialect import Dialect

    table: Metadata = dict(Dialect.get_or_raise(dialect).EXPRESSION_METADATA)
    if exp.ArrayUniqueAgg not in table and exp.ArrayAgg in table:
        table[exp.ArrayUniqueAgg] = table[exp.ArrayAgg]  # Databricks collect_set
    explode = table.get(exp.Explode)
    corrections: list[tuple[tuple[type[exp.Expr], ...], Callable[[Annotator], Annotator]]] = [
        ((exp.Explode, exp.ExplodeOuter, exp.Posexplode, exp.PosexplodeOuter), _exploded),
        ((exp.TimestampTrunc, exp.DateTrunc), _or_timestamp),
        ((exp.JSONExtract, exp.Bracket, exp.Dot, exp.GetExtract), _navigated(dialect)),
        ((exp.Union, exp.Intersect, exp.Except), _set_operation),
        ((exp.Coalesce, exp.Case, exp.If, exp.Greatest, exp.Least), _merged),
    ]
    for classes, correct in corrections:
        for cls in classes:
            spec = table.get(cls) or (explode if issubclass(cls, exp.Explode) else None)
            table[cls] = {"annotator": correct(_base(spec))}
    return table


def _base(spec: Mapping[str, Any] | None) -> Annotator:
    if spec and spec.get("annotator"):
        return spec["annotator"]
    returns = spec.get("returns") if spec else None
    return lambda annotator, node: annotator._set_type(node, returns)


def _unknown(node: exp.Expr) -> bool:
    return not is_known(node.type)


def _exploded(base: Annotator) -> Annotator:
    def annotate(annotator: Any, node: exp.Expr) -> exp.Expr:
        base(annotator, node)
        lateral = node.parent
        if isinstance(lateral, exp.Lateral) and node.arg_key == "this":
            # the view's columns are read from the argument's type: make it the element's
            one_column = len(lateral.alias_column_names) == 1
            plain = type(node) in (exp.Explode, exp.ExplodeOuter)
            annotator._set_type(node.this, node.type if one_column and plain else None)
        return node

    return annotate


def _or_timestamp(base: Annotator) -> Annotator:
    def annotate(annotator: Any, node: exp.Expr) -> exp.Expr:
        base(annotator, node)
        if _unknown(node):
            annotator._set_type(node, exp.DType.TIMESTAMP)
        return node

    return annotate


_SEMI_STRUCTURED = frozenset({exp.DType.VARIANT, exp.DType.SUPER, exp.DType.JSON})
_VARIANT_CONTAINERS = {"snowflake": frozenset({exp.DType.OBJECT, exp.DType.ARRAY})}
"""Dialects whose OBJECT and ARRAY values hold VARIANTs: navigating into them gives one."""


def _navigated(dialect: str) -> Callable[[Annotator], Annotator]:
    containers = _SEMI_STRUCTURED | _VARIANT_CONTAINERS.get(dialect, frozenset())

    def correct(base: Annotator) -> Annotator:
        def annotate(annotator: Any, node: exp.Expr) -> exp.Expr:
            base(annotator, node)
            inner = node.this
            if _unknown(node) and isinstance(inner, exp.Expr) and inner.type is not None:
                kind = inner.type.this
                if kind in containers:
                    semi = kind if kind in _SEMI_STRUCTURED else exp.DType.VARIANT
                    annotator._set_type(node, semi)
            return node

        return annotate

    return correct


def _kind(data_type: Any) -> str | None:
    """ "text", "other", or None for an unknown type."""
    if not isinstance(data_type, exp.DataType) or not is_known(data_type):
        return None
    return "text" if is_text(data_type) else "other"


def _set_operation(base: Annotator) -> Annotator:
    def annotate(annotator: Any, node: exp.Expr) -> exp.Expr:
        base(annotator, node)
        columns = annotator._setop_column_types.get(id(node))
        if not columns:
            return node
        branches = _branches(node)
        merged = []
        for i, (name, data_type) in enumerate(columns):
            kinds = {_kind(b.selects[i].type) for b in branches if i < len(b.selects)}
            kinds.discard(None)
            merged.append((name, exp.DType.UNKNOWN if len(kinds) > 1 else data_type))
        annotator._setop_column_types[id(node)] = merged
        return node

    return annotate


def _merged_values(node: exp.Expr) -> list[Any]:
    if isinstance(node, exp.Case):
        return [i.args.get("true") for i in node.args.get("ifs") or ()] + [node.args.get("default")]
    if isinstance(node, exp.If):
        return [node.args.get("true"), node.args.get("false")]
    return [node.this, *node.expressions]


def _merged(base: Annotator) -> Annotator:
    def annotate(annotator: Any, node: exp.Expr) -> exp.Expr:
        base(annotator, node)
        kinds = {_kind(v.type) for v in _merged_values(node) if isinstance(v, exp.Expr)}
        kinds.discard(None)
        if len(kinds) > 1:
            annotator._set_type(node, exp.DType.UNKNOWN)
        return node

    return annotate
