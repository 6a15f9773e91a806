"""Which functions a segment may call, read by the guard and by lint's CDI102 alike.

Three rules, from data in :mod:`cdisql.dialects`:

- a function in FROM, JOIN, LATERAL or ``TABLE()`` position passes only when it is on the
  warehouse's allow-list (:attr:`Warehouse.table_functions`: row generators and array
  expanders); ``checkpoint()``, ``query(…)``, ``read_duckdb(…)``, a UDTF... are refused;
- a function on the deny-list (:data:`cdisql.dialects.DENIED_FUNCTIONS`: side effects,
  files, secrets, other systems) is refused wherever it appears;
- a schema-qualified call outside the source's schema (another schema's UDF or UDTF) is
  refused, except the warehouse's built-in namespaces (:attr:`Warehouse.function_namespaces`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

from cdisql.dialects import Warehouse, denied_function

_TABLE_POSITIONS = (exp.Table, exp.Lateral, exp.TableFromRows)
_CALL_NAME = re.compile(r"\s*([^\s(]+)\s*\(")


@dataclass(frozen=True)
class FunctionProblem:
    node: exp.Expr
    """The call (for its position in the text)."""
    message: str


def function_problems(
    tree: exp.Expr,
    warehouse: Warehouse,
    *,
    schema: str | None = None,
    database: str | None = None,
) -> list[FunctionProblem]:
    """Every call in ``tree`` a segment on ``warehouse`` may not make, in tree order.

    ``schema``/``database`` are the source's: a call qualified with anything else is a
    function of another schema (not checked when ``schema`` is None).
    """
    out: list[FunctionProblem] = []
    seen: set[int] = set()
    for node in tree.walk():
        if isinstance(node, _TABLE_POSITIONS):
            qualifier, call = _split_call(node.this)
            if call is None:
                continue
            if isinstance(node, exp.Table):
                qualifier = [p.name for p in (node.args.get("catalog"), node.args.get("db")) if p]
            seen.add(id(call))
            name = spelled_name(call, warehouse)
            shown = ".".join([*qualifier, name]).upper()
            if denied_function(name) or name not in warehouse.table_functions or qualifier:
                allowed = ", ".join(sorted(warehouse.table_functions)) or "none"
                out.append(
                    FunctionProblem(
                        call,
                        f"{shown}() in FROM/JOIN/LATERAL position is not a table function a "
                        f"{warehouse.title} segment may use (allowed: {allowed}): "
                        "a segment reads only tables of its source",
                    )
                )
        elif isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
            qualifier, call = _split_call(node)
            if call is None or id(call) in seen:
                continue
            seen.add(id(call))
            if schema is not None and _foreign(qualifier, warehouse, schema, database):
                name = spelled_name(call, warehouse)
                out.append(
                    FunctionProblem(
                        call,
                        f"{'.'.join([*qualifier, name]).upper()}() is a function of another "
                        f"schema ({'.'.join(qualifier)}): a segment calls built-in functions "
                        f"and those of its source's {warehouse.schema_word} only",
                    )
                )
        if isinstance(node, exp.Func) and id(node) not in seen:
            names = _names_of(node)
            for name in sorted(names):
                reason = denied_function(name)
                if reason:
                    out.append(
                        FunctionProblem(
                            node,
                            f"{name.upper()}() {reason}: a segment only reads tables of its source",
                        )
                    )
                    break
    return out


def spelled_name(call: exp.Func, warehouse: Warehouse) -> str:
    """The function's name as ``warehouse`` will read it, lower case (``FLATTEN`` for
    sqlglot's ``Explode`` on Snowflake)."""
    if isinstance(call, exp.Anonymous):
        return str(call.name).lower()
    try:
        match = _CALL_NAME.match(call.sql(dialect=warehouse.dialect))
    except Exception:  # an unsupported node: its generic name still names it
        match = None
    return (match.group(1) if match else call.sql_name()).lower()


def _names_of(call: exp.Func) -> set[str]:
    """The names sqlglot reads as ``call``'s function (no SQL generated: linear time)."""
    if isinstance(call, exp.Anonymous):
        return {str(call.name).lower()}
    return {name.lower() for name in type(call).sql_names()} | {call.sql_name().lower()}


def _split_call(node: exp.Expr | None) -> tuple[list[str], exp.Func | None]:
    """``(qualifier parts, call)`` for ``f(…)`` or ``a.b.f(…)``; no call: ``([], None)``."""
    if isinstance(node, exp.Func):
        return [], node
    if not (isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func)):
        return [], None
    names: list[str] = []
    left: exp.Expr | None = node.this
    while isinstance(left, exp.Dot):
        names.insert(0, left.expression.name)
        left = left.this
    if isinstance(left, exp.Column):
        names[:0] = [p.name for p in left.parts]
    elif left is not None:
        names.insert(0, left.name)
    return names, node.expression


def _foreign(qualifier: list[str], warehouse: Warehouse, schema: str, database: str | None) -> bool:
    if not qualifier:
        return False
    if len(qualifier) == 1 and qualifier[0].lower() in warehouse.function_namespaces:
        return False
    if warehouse.key(qualifier[-1]) != warehouse.key(schema):
        return True
    if len(qualifier) >= 2 and database is not None:
        return warehouse.key(qualifier[-2]) != warehouse.key(database)
    return False
