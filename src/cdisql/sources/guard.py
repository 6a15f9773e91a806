"""The guard: what must be true of a segment before any connection is opened.

A segment reaches a warehouse only when it is exactly one statement, without ``;``,
that is a pure query (no DDL, DML, GRANT, CALL, COPY, SET, USE, ATTACH, PRAGMA,
scripting, ``SELECT … INTO`` or data-modifying CTE), that reads only tables (no
file or URL table function, no file-path scan, no stage), and that has no error from
the contract rules (``Rule.contract``: CDI100–CDI105). Anything else is refused with
diagnostics; nothing is sent.

The structural checks here do not depend on the lint rules: they run on the AST the
analysis produced, and again on the SQL that is actually sent (after transpiling to
DuckDB when a DuckDB source emulates another warehouse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cdisql.analysis import Analysis, analyze, span_of
from cdisql.diagnostics import Diagnostic, Severity
from cdisql.dialects import Warehouse, get_warehouse

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

# table functions and functions that reach files, URLs, other databases or the host
_FORBIDDEN_FUNCTIONS = frozenset(
    [
        "read_csv",
        "read_csv_auto",
        "read_parquet",
        "parquet_scan",
        "read_json",
        "read_json_auto",
        "read_json_objects",
        "read_json_objects_auto",
        "read_ndjson",
        "read_ndjson_auto",
        "read_ndjson_objects",
        "read_text",
        "read_blob",
        "read_xlsx",
        "read_files",
        "read_avro",
        "read_orc",
        "glob",
        "query",
        "query_table",
        "sqlite_scan",
        "sqlite_attach",
        "postgres_scan",
        "postgres_scan_pushdown",
        "postgres_attach",
        "postgres_query",
        "postgres_execute",
        "mysql_scan",
        "mysql_query",
        "mysql_execute",
        "iceberg_scan",
        "iceberg_metadata",
        "iceberg_snapshots",
        "delta_scan",
        "parquet_metadata",
        "parquet_schema",
        "parquet_file_metadata",
        "parquet_kv_metadata",
        "parquet_bloom_probe",
        "sniff_csv",
        "getenv",
        "external_query",
        "result_scan",
        "infer_schema",
        "load_file",
        "duckdb_secrets",
        "which_secret",
        # functions with side effects on the database or the server
        "nextval",
        "setval",
        "setseed",
        "set_config",
        "pg_terminate_backend",
        "pg_cancel_backend",
        "pg_reload_conf",
        "lo_import",
        "lo_export",
    ]
)
_SAFE_TABLE_FUNCTIONS = frozenset(
    [
        "unnest",
        "flatten",
        "generate_series",
        "range",
        "generate_array",
        "generate_date_array",
        "explode",
        "posexplode",
        "explode_outer",
        "posexplode_outer",
        "inline",
        "inline_outer",
    ]
)
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
    """The single query to send, in the warehouse's own dialect; None when refused."""
    analysis: Analysis | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.query is not None

    def messages(self) -> list[str]:
        return [d.message for d in self.diagnostics if d.severity is Severity.ERROR]


def _diag(name: str, message: str, start: int, end: int) -> Diagnostic:
    return Diagnostic(GUARD_CODE, name, Severity.ERROR, message, start, max(end, start + 1))


def structural_problems(analysis: Analysis) -> list[Diagnostic]:
    """The guard's own checks on ``analysis``: one statement, a pure query, tables only."""
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
    return _tree_problems(tree, analysis.warehouse, span)


def _tree_problems(tree: exp.Expr, warehouse: Warehouse, span: tuple[int, int]) -> list[Diagnostic]:
    from sqlglot import exp

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
        elif isinstance(node, exp.Func):
            name = _function_name(node)
            if name in _FORBIDDEN_FUNCTIONS or name.startswith("system$"):
                out.append(
                    _diag(
                        "guard-file-access",
                        f"{name.upper()}() reads files, URLs or other systems: "
                        "a segment reads only tables of its source",
                        *where(node),
                    )
                )
        elif isinstance(node, exp.Table):
            out.extend(_table_problems(node, warehouse, where(node)))
    return out


def _table_problems(
    table: exp.Table, warehouse: Warehouse, span: tuple[int, int]
) -> list[Diagnostic]:
    from sqlglot import exp

    this = table.this
    if isinstance(this, exp.Func):
        name = _function_name(this)
        if name in _SAFE_TABLE_FUNCTIONS:
            return []
        if name in _FORBIDDEN_FUNCTIONS:
            return []  # reported once by the function check
        return [
            _diag(
                "guard-file-access",
                f"table function {name.upper()}() is not a table: a segment reads only tables",
                *span,
            )
        ]
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


def _function_name(node: exp.Expr) -> str:
    from sqlglot import exp

    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return type(node).__name__.lower()


def _first_word(tree: exp.Expr) -> str | None:
    this = tree.args.get("this")
    if isinstance(this, str) and this.strip():
        return this.split()[0].upper()
    return None


def source_scope(source: Source) -> tuple[str | None, str]:
    """(database, schema) a segment on ``source`` may read, as the lint rules name them.

    DuckDB names a database after its file (``warehouse.duckdb`` -> ``warehouse``).
    """
    database = source.database
    if source.type == "duckdb" and database:
        database = Path(database).stem
    return database, source.schema


def contract_problems(
    analysis: Analysis,
    *,
    catalog: Catalog | None = None,
    preview: bool = False,
    scope: tuple[str | None, str | None] = (None, None),
) -> list[Diagnostic]:
    """Errors from the contract rules (``Rule.contract``), as the linter reports them.

    ``scope`` is the source's (database, schema): reading elsewhere is refused (CDI105).
    """
    from cdisql.lint import LintSettings, all_rules, lint_text

    codes = tuple(r.code for r in all_rules() if getattr(r, "contract", False))
    if not codes:
        return []
    settings = LintSettings(
        select=codes, preview=preview, source_database=scope[0], source_schema=scope[1]
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
    emulated warehouse on a DuckDB source); when that differs from the warehouse the
    query runs on, it is transpiled with sqlglot and the result is checked again.
    ``preview`` skips the output-column rules, as the platform does for a preview.
    """
    scope: tuple[str | None, str | None] = (None, None)
    if isinstance(source, str):
        lint_wh = run_wh = get_warehouse(source)
    elif isinstance(source, Warehouse):
        lint_wh = run_wh = source
    else:
        lint_wh, run_wh = source.lint_warehouse, source.warehouse
        scope = source_scope(source)
    analysis = analyze(text, lint_wh, use_directive=False)
    problems = structural_problems(analysis)
    if not problems:
        problems = contract_problems(analysis, catalog=catalog, preview=preview, scope=scope)
    if problems:
        return GuardResult(text, tuple(sorted(problems, key=Diagnostic.sort_key)), None, analysis)
    statement = analysis.statements[0]
    query = text[statement.start : statement.end]
    if run_wh.dialect != lint_wh.dialect:
        translated, failure = _transpile(query, lint_wh, run_wh)
        if failure is not None:
            return GuardResult(
                text, (_diag("guard-transpile", failure, *_whole(statement)),), None, analysis
            )
        assert translated is not None
        sent = analyze(translated, run_wh, use_directive=False)
        again = structural_problems(sent)
        if again:
            message = "; ".join(d.message for d in again)
            return GuardResult(
                text,
                (
                    _diag(
                        "guard-transpile",
                        f"the {run_wh.title} translation is refused: {message}",
                        *_whole(statement),
                    ),
                ),
                None,
                analysis,
            )
        query = translated
    return GuardResult(text, (), query, analysis)


def _whole(statement: object) -> tuple[int, int]:
    return getattr(statement, "start", 0), getattr(statement, "end", 1)


def _transpile(query: str, source: Warehouse, target: Warehouse) -> tuple[str | None, str | None]:
    import sqlglot
    from sqlglot.errors import ErrorLevel, SqlglotError

    try:
        out = sqlglot.transpile(
            query,
            read=source.dialect,
            write=target.dialect,
            unsupported_level=ErrorLevel.RAISE,
        )
    except SqlglotError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "unsupported"
        return None, (
            f"cannot translate this {source.title} SQL to {target.title}: {first}; "
            f"rewrite the unsupported part or test it on a real {source.title} source"
        )
    if len(out) != 1:
        return None, "the translation is not exactly one statement"
    return out[0], None
