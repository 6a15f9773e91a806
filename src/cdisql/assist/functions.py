"""Functions and keywords of a dialect, with signatures from sqlglot's metadata.

Completion offers the warehouse's documented functions (:attr:`Warehouse.functions`, from
its vendor's reference); hover and signature help also know every name sqlglot's parser
reads (``Parser.FUNCTIONS``), and each function class declares its arguments
(``arg_types``: name -> required).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cdisql.dialects import Warehouse


@dataclass(frozen=True, slots=True)
class FunctionSignature:
    name: str
    parameters: tuple[str, ...]
    """Parameter labels: ``this``, ``expression?`` (optional), ``expressions...`` (variadic)."""
    summary: str = ""

    @property
    def label(self) -> str:
        return f"{self.name}({', '.join(self.parameters)})"


@lru_cache(maxsize=8)
def function_names(dialect: str) -> tuple[str, ...]:
    """The functions a segment on the dialect's warehouse can call, upper case, sorted: the
    warehouse's documented list (:attr:`Warehouse.functions`) without namespaced names and
    without the ones a segment may not call (:func:`cdisql.lint.functions.denied_function`)."""
    from cdisql.dialects import get_warehouse
    from cdisql.lint.functions import denied_function

    names = {
        n.upper()
        for n in get_warehouse(dialect).functions
        if n[:1].isalpha() and "." not in n and not denied_function(n)
    }
    return tuple(sorted(names))


def _parser_function_names(dialect: str) -> set[str]:
    """Every function name the dialect's sqlglot parser knows."""
    import sqlglot

    d = sqlglot.Dialect.get_or_raise(dialect)
    names = {n for n in d.parser_class.FUNCTIONS if n.replace("_", "").isalnum()}
    names.update(getattr(d.parser_class, "FUNCTION_PARSERS", {}))
    names.update(n for n in getattr(d.parser_class, "NO_PAREN_FUNCTIONS", {}) if isinstance(n, str))
    return {n for n in names if isinstance(n, str) and n[:1].isalpha()}


@lru_cache(maxsize=8)
def _function_set(dialect: str) -> frozenset[str]:
    return frozenset(function_names(dialect)) | frozenset(_parser_function_names(dialect))


def is_function(name: str, warehouse: Warehouse) -> bool:
    return name.upper() in _function_set(warehouse.dialect)


@lru_cache(maxsize=1)
def _classes_by_name() -> dict[str, type]:
    from sqlglot import exp

    found: dict[str, type] = {}
    for cls in exp.ALL_FUNCTIONS:
        for name in cls.sql_names():
            found.setdefault(name.upper(), cls)
    return found


def _dialect_class(name: str, dialect: str | None) -> type | None:
    """The function class the dialect's parser builds for ``name``, when it says so."""
    if dialect is None:
        return None
    import sqlglot
    from sqlglot import exp

    builder = sqlglot.Dialect.get_or_raise(dialect).parser_class.FUNCTIONS.get(name)
    owner = getattr(builder, "__self__", None)
    if isinstance(owner, type) and issubclass(owner, exp.Func):
        return owner
    return None


@lru_cache(maxsize=4096)
def signature(name: str, dialect: str | None = None) -> FunctionSignature:
    """The signature of function ``name`` (``NAME(...)`` when sqlglot has no metadata)."""
    upper = name.upper()
    cls = _dialect_class(upper, dialect) or _classes_by_name().get(upper)
    if cls is None:
        return FunctionSignature(upper, ("...",))
    params: list[str] = []
    arg_types: dict[str, bool] = getattr(cls, "arg_types", {}) or {}
    var_len = bool(getattr(cls, "is_var_len_args", False))
    shown = [(a, r) for a, r in arg_types.items() if not a.startswith(("is_", "_"))]
    variadic = "expressions" if any(a == "expressions" for a, _ in shown) else None
    if var_len and variadic is None and shown:
        variadic = shown[-1][0]
    for arg, required in shown:
        label = arg
        if var_len and arg == variadic:
            label += "..."
        elif not required:
            label += "?"
        params.append(label)
    doc = (cls.__doc__ or "").strip()
    summary = doc.split("\n\n", 1)[0].strip() if doc and not doc.startswith("Func") else ""
    return FunctionSignature(upper, tuple(params), summary)


@lru_cache(maxsize=8)
def keywords(dialect: str) -> tuple[str, ...]:
    """Reserved words and clause keywords of the dialect, alphabetic ones only."""
    import sqlglot

    d = sqlglot.Dialect.get_or_raise(dialect)
    words = {k for k in d.tokenizer_class.KEYWORDS if k.replace(" ", "").replace("_", "").isalpha()}
    words.update(CLAUSE_KEYWORDS)
    return tuple(sorted(words))


CLAUSE_KEYWORDS = frozenset(
    (
        "SELECT",
        "FROM",
        "WHERE",
        "JOIN",
        "LEFT JOIN",
        "INNER JOIN",
        "GROUP BY",
        "ORDER BY",
        "HAVING",
        "QUALIFY",
        "WITH",
        "AS",
        "ON",
        "AND",
        "OR",
        "NOT",
        "EXISTS",
        "DISTINCT",
        "CASE",
        "WHEN",
        "THEN",
        "ELSE",
        "END",
        "UNION ALL",
        "LIMIT",
    )
)
