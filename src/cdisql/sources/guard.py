"""The guard: what must be true of a segment before any connection is opened.

A segment reaches a warehouse only when it is exactly one statement, without ``;``,
that is a pure query (no DDL, DML, GRANT, CALL, COPY, SET, USE, ATTACH, PRAGMA,
scripting, ``SELECT … INTO`` or data-modifying CTE), that reads only tables (no
file or URL table function, no file-path scan, no stage), and that has no error from
the contract rules (``Rule.contract``: CDI100–CDI105). Anything else is refused with
diagnostics; nothing is sent.

The structural checks here do not depend on the lint rules: they run on the AST the
analysis produced. What is sent is never the user's text: it is generated from that
checked tree (``expression.sql(dialect=…)``, without comments, in the dialect the query
runs in), parsed again and checked again; when the generated SQL does not parse back to
the checked tree, the segment is refused. So a string, comment or identifier that sqlglot
and the warehouse's own lexer read differently cannot smuggle a second program through.
A ``-- noqa`` comment never switches a contract rule off here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cdisql.analysis import Analysis, analyze, span_of
from cdisql.dialects import Warehouse, get_warehouse
from cdisql.lint.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from sqlglot import exp

    from cdisql.catalog import Catalog
    from cdisql.sources.model import Source

GUARD_CODE = "GUARD"
"""The code of every diagnostic the guard itself raises (the rules keep their own codes)."""

# statement and clause kinds that are not part of a pure query, wherever they appear
_FORBIDDEN_NODES = [
    "Insert",
    "Update",
    "Delete",
    "Merge",
    "Create",
    "Drop",
    "Alter",
    "Command",
    "Copy",
    "Set",
    "Use",
    "Attach",
    "Detach",
    "Install",
    "Pragma",
    "Grant",
    "Revoke",
    "Transaction",
    "Commit",
    "Rollback",
    "Into",
    "Describe",
    "Summarize",
    "Show",
    "Declare",
    "Block",
    "Export",
    "Put",
    "Get",
    "ListStage",
    "Cache",
    "Uncache",
    "LoadData",
    "TruncateTable",
    "Analyze",
    "Lock",
    "Refresh",
    "Kill",
    "Execute",
    "Comment",
    "IfBlock",
    "WhileBlock",
    "Return",
]

_PLAIN_IDENTIFIER = re.compile(r"^[\w$-]+$")
_WILDCARD_TABLE = re.compile(r"^[\w-]*\*$")
"""A wildcard table's name: a plain prefix and one trailing ``*`` (BigQuery ``events_*``)."""
_FILE_LIKE = re.compile(
    r"[/\\:*?~]|\.(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst|db|duckdb|sqlite|xlsx|arrow|avro|orc)$",
    re.I,
)
_WORD_OF = {
    "Insert": "INSERT",
    "Update": "UPDATE",
    "Delete": "DELETE",
    "Merge": "MERGE",
    "Create": "CREATE",
    "Drop": "DROP",
    "Alter": "ALTER",
    "Copy": "COPY",
    "Set": "SET",
    "Use": "USE",
    "Attach": "ATTACH",
    "Detach": "DETACH",
    "Install": "INSTALL",
    "Pragma": "PRAGMA",
    "Grant": "GRANT",
    "Revoke": "REVOKE",
    "Into": "SELECT … INTO",
    "Declare": "DECLARE (scripting)",
    "Block": "BEGIN … END (scripting)",
    "Lock": "FOR UPDATE / FOR SHARE",
    "Transaction": "a transaction statement",
    "Export": "EXPORT",
}


@dataclass(frozen=True)
class GuardResult:
    """The verdict on one segment: refused (``diagnostics``) or the SQL that may be sent."""

    text: str
    diagnostics: tuple[Diagnostic, ...]
    query: str | None
    """The single query to send, generated from the checked tree in the warehouse's own
    dialect (never the user's text); None when refused."""
    analysis: Analysis | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.query is not None

    def messages(self) -> list[str]:
        """The refusal's reasons, each once (two `;` are two diagnostics but one reason)."""
        return list(
            dict.fromkeys(d.message for d in self.diagnostics if d.severity is Severity.ERROR)
        )


def _diag(name: str, message: str, start: int, end: int) -> Diagnostic:
    return Diagnostic(GUARD_CODE, name, Severity.ERROR, message, start, max(end, start + 1))


def structural_problems(
    analysis: Analysis, scope: tuple[str | None, str | None] = (None, None)
) -> list[Diagnostic]:
    """The guard's own checks on ``analysis``: one statement, a pure query, tables only,
    allowed functions only (:mod:`cdisql.lint.functions`; ``scope`` is the source's
    (database, schema), for calls into other schemas)."""
    text = analysis.text
    whole = (0, max(len(text), 1))
    out: list[Diagnostic] = []
    if not analysis.statements:
        return [_diag("guard-empty", "the segment is empty: write one SELECT query", *whole)]
    for start, end in analysis.semicolons:
        out.append(
            _diag(
                "guard-semicolon",
                "segment SQL is exactly one statement without ';': remove the ';'",
                start,
                end,
            )
        )
    if len(analysis.statements) > 1:
        second = analysis.statements[1]
        out.append(
            _diag(
                "guard-multiple-statements",
                f"{len(analysis.statements)} statements found: a segment is exactly one query",
                second.start,
                second.end,
            )
        )
    for problem in analysis.problems:
        out.append(
            _diag(
                "guard-syntax",
                f"cannot check this SQL ({problem.message}): fix the syntax error first",
                problem.start,
                problem.end,
            )
        )
    if out:
        return out
    statement = analysis.statements[0]
    tree = statement.expression
    span = (statement.start, statement.end)
    if tree is None:
        return [_diag("guard-syntax", "cannot parse this statement: fix it first", *span)]
    return _tree_problems(tree, analysis.warehouse, span, scope)


def _tree_problems(
    tree: exp.Expr,
    warehouse: Warehouse,
    span: tuple[int, int],
    scope: tuple[str | None, str | None] = (None, None),
) -> list[Diagnostic]:
    from sqlglot import exp

    from cdisql.lint.functions import function_problems

    out: list[Diagnostic] = []

    def where(node: exp.Expr) -> tuple[int, int]:
        return span_of(node) or span

    if not isinstance(tree, exp.Query):
        kind = type(tree).__name__
        word = _WORD_OF.get(kind) or _first_word(tree) or kind
        return [
            _diag(
                "guard-not-a-query",
                f"{word} is not a query: a segment is one SELECT that only reads tables",
                *span,
            )
        ]
    forbidden = tuple(c for c in (getattr(exp, n, None) for n in _FORBIDDEN_NODES) if c)
    for node in tree.walk():
        if isinstance(node, forbidden):
            kind = type(node).__name__
            word = _WORD_OF.get(kind, kind.upper())
            inside = " (inside a CTE)" if node.find_ancestor(exp.CTE) else ""
            out.append(
                _diag(
                    "guard-not-a-query",
                    f"{word}{inside} would change or reach outside the warehouse: "
                    "a segment only reads tables",
                    *where(node),
                )
            )
        elif isinstance(node, exp.Table):
            out.extend(_table_problems(node, warehouse, where(node)))
        elif (
            isinstance(node, exp.Identifier)
            and not node.quoted
            and node.name
            and not _PLAIN_IDENTIFIER.match(node.name)
            and not _is_wildcard_table(node, warehouse)
        ):
            # a dollar string used as a name, `//` read as a column...: unquoted, it would
            # not be read back as written
            out.append(
                _diag(
                    "guard-syntax",
                    f"{node.name[:40]!r} is used as a name but is not a plain one: write a "
                    "quoted identifier or a plain name",
                    *where(node),
                )
            )
        elif isinstance(node, exp.Star) and isinstance(node.parent, exp.Binary):
            # `4 //* …`: sqlglot reads `//` then `*`, a warehouse `/` then a comment
            out.append(
                _diag(
                    "guard-syntax",
                    "`*` used as an operand: the text around it is read differently by the "
                    "warehouse (`/*` starts a comment there); put spaces around operators",
                    *where(node.parent),
                )
            )
    for problem in function_problems(tree, warehouse, schema=scope[1], database=scope[0]):
        out.append(_diag("guard-function", problem.message, *where(problem.node)))
    return out


def _table_problems(
    table: exp.Table, warehouse: Warehouse, span: tuple[int, int]
) -> list[Diagnostic]:
    from sqlglot import exp

    this = table.this
    if isinstance(this, (exp.Func, exp.Dot)):
        return []  # a table function: cdisql.lint.functions decides
    if not isinstance(this, exp.Identifier):
        return [
            _diag(
                "guard-file-access",
                f"{table.sql(warehouse.dialect)} is not a table (stage, file or variable): "
                "a segment reads only tables",
                *span,
            )
        ]
    parts = [p.name for p in table.parts]
    if warehouse.kind == "bigquery":
        parts = [piece for p in parts for piece in p.split(".")]
        bad = [p for p in parts if _FILE_LIKE.search(p) and "." not in p]
    else:
        bad = [p for p in parts if "." in p or _FILE_LIKE.search(p)]
    if warehouse.wildcard_tables and bad and bad[-1] == parts[-1]:
        # `events_*`: a wildcard over the tables of one dataset, not a file; the dataset is
        # checked like any table's (CDI105), the prefix must be a plain name
        bad = bad[:-1] if _WILDCARD_TABLE.match(parts[-1]) else bad
    if bad:
        return [
            _diag(
                "guard-file-access",
                f"{bad[0]!r} looks like a file path or URL, not a table: "
                "a segment reads only tables of its source",
                *span,
            )
        ]
    return []


def _is_wildcard_table(identifier: exp.Identifier, warehouse: Warehouse) -> bool:
    """True for the unquoted table name of a wildcard table (``FROM ds.events_*``)."""
    from sqlglot import exp

    parent = identifier.parent
    return (
        warehouse.wildcard_tables
        and isinstance(parent, exp.Table)
        and parent.this is identifier
        and _WILDCARD_TABLE.match(identifier.name) is not None
    )


def _first_word(tree: exp.Expr) -> str | None:
    this = tree.args.get("this")
    if isinstance(this, str) and this.strip():
        return this.split()[0].upper()
    return None


def contract_problems(
    analysis: Analysis,
    *,
    catalog: Catalog | None = None,
    preview: bool = False,
    scope: tuple[str | None, str | None] = (None, None),
) -> list[Diagnostic]:
    """Errors from the contract rules (``Rule.contract``), as the linter reports them,
    ``-- noqa`` comments ignored.

    ``scope`` is the source's (database, schema): reading elsewhere is refused (CDI105).
    """
    from cdisql.lint import LintSettings, all_rules, lint_text

    codes = tuple(r.code for r in all_rules() if getattr(r, "contract", False))
    if not codes:
        return []
    settings = LintSettings(
        select=codes,
        preview=preview,
        source_database=scope[0],
        source_schema=scope[1],
        noqa=False,  # a lint suppression never changes what a build or preview accepts
    )
    result = lint_text(
        analysis.text, analysis.warehouse, catalog=catalog, settings=settings, analysis=analysis
    )
    return [d for d in result.diagnostics if d.severity >= Severity.ERROR]


def guard_segment(
    text: str,
    source: Source | Warehouse | str,
    *,
    preview: bool = False,
    catalog: Catalog | None = None,
) -> GuardResult:
    """Decide whether ``text`` may be sent to ``source``; never opens a connection.

    The segment is analysed in the source's lint dialect (``Source.lint_warehouse``: the
    emulated warehouse on a DuckDB source) and checked; the SQL to send is generated from
    the checked tree in the dialect the query runs in and checked again (:func:`sent_sql`).
    ``preview`` skips the output-column rules, as the platform does for a preview.
    """
    scope: tuple[str | None, str | None] = (None, None)
    if isinstance(source, str):
        lint_wh = run_wh = get_warehouse(source)
    elif isinstance(source, Warehouse):
        lint_wh = run_wh = source
    else:
        lint_wh, run_wh = source.lint_warehouse, source.warehouse
        scope = source.scope
    analysis = analyze(text, lint_wh, use_directive=False)
    problems = structural_problems(analysis, scope)
    checked = None
    if not problems:
        tree = analysis.statements[0].expression
        checked = tree.copy() if tree is not None else None  # what the rules below saw
        problems = contract_problems(analysis, catalog=catalog, preview=preview, scope=scope)
    if problems or checked is None:
        return GuardResult(text, tuple(sorted(problems, key=Diagnostic.sort_key)), None, analysis)
    statement = analysis.statements[0]
    query, failure = sent_sql(checked, lint_wh, run_wh, scope)
    if query is None:
        return GuardResult(
            text,
            (_diag("guard-regenerate", failure or "refused", *_whole(statement)),),
            None,
            analysis,
        )
    return GuardResult(text, (), query, analysis)


def sent_sql(
    tree: exp.Expr,
    checked_in: Warehouse,
    runs_on: Warehouse,
    scope: tuple[str | None, str | None] = (None, None),
) -> tuple[str | None, str | None]:
    """``(sql, None)``: the SQL to send for the checked ``tree``, or ``(None, why)``.

    The SQL is generated from ``tree`` in ``runs_on``'s dialect without comments (a
    translation when a DuckDB source emulates ``checked_in``), parsed again and put
    through :func:`structural_problems` again. It must parse back to the checked tree
    (a translation: to a tree that generates the same SQL), or it is refused.
    """
    from sqlglot.errors import ErrorLevel, SqlglotError

    emulated = runs_on.dialect != checked_in.dialect
    try:
        sql = tree.sql(dialect=runs_on.dialect, comments=False, unsupported_level=ErrorLevel.RAISE)
    except SqlglotError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "unsupported"
        if emulated:
            return None, (
                f"cannot translate this {checked_in.title} SQL to {runs_on.title}: {first}; "
                f"rewrite the unsupported part or test it on a real {checked_in.title} source"
            )
        return None, f"cannot write this query back as {runs_on.title} SQL ({first}): rewrite it"
    sent = analyze(sql, runs_on, use_directive=False)
    again = structural_problems(sent, scope)
    what = f"the {runs_on.title} translation" if emulated else "the SQL generated from this query"
    if again:
        more = f" (and {len(again) - 1} more problems)" if len(again) > 1 else ""
        return None, (
            f"{what} is refused: {again[0].message}{more}; the text is read differently "
            "than it is written (unusual spaces, quotes or comments): rewrite it plainly"
        )
    back = sent.statements[0].expression
    assert back is not None  # structural_problems refuses a statement that does not parse
    if emulated:
        same = back.sql(dialect=runs_on.dialect, comments=False) == sql
    else:
        same = reads_back_as(tree, back, runs_on)
    if not same:
        return None, (
            f"{what} does not read back as the query that was checked, so it is not sent: "
            "rewrite the part that sqlglot cannot write back faithfully (a string used as a "
            "name, unusual quoting or characters) and try again"
        )
    return sql, None


def reads_back_as(checked: exp.Expr, sent: exp.Expr, warehouse: Warehouse) -> bool:
    """True when ``sent`` (the generated SQL, parsed again) is the ``checked`` tree, type
    synonyms and harmless quotes aside."""
    return _canonical(sent, warehouse) == _canonical(checked, warehouse)


def _canonical(tree: exp.Expr, warehouse: Warehouse) -> exp.Expr:
    """``tree`` with what does not change its meaning on ``warehouse`` written one way:

    - each type as the warehouse reads it back (Snowflake's STRING is its VARCHAR);
    - a name unquoted when it needs no quotes (a plain name already in the warehouse's
      stored case): the generator quotes a column called ``type`` or ``end`` (a keyword),
      and ``"type"`` is the ``type`` the warehouse stores for ``type``. Any other quoted
      name keeps its quotes (Redshift ``"Type"`` is not ``Type``; ``"1x"`` is no plain
      name), so a change of case or of reading still counts.
    """
    from sqlglot import exp

    copy = tree.copy()
    for node in list(copy.find_all(exp.DataType, exp.Identifier)):
        if isinstance(node, exp.Identifier):
            if node.quoted and not warehouse.needs_quotes(node.name):
                node.set("quoted", False)
            continue
        if isinstance(node.parent, exp.DataType):
            continue  # rebuilt with its outer type
        try:
            node.replace(
                exp.DataType.build(node.sql(dialect=warehouse.dialect), dialect=warehouse.dialect)
            )
        except Exception:  # a type sqlglot cannot read back: compared as it is
            continue
    return copy


def _whole(statement: object) -> tuple[int, int]:
    return getattr(statement, "start", 0), getattr(statement, "end", 1)
