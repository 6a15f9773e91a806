"""Pretty-print segment SQL with sqlglot's generator, refusing rather than losing anything.

:func:`format_sql` re-generates each statement with ``pretty=True`` in its dialect, then
checks its own work: the formatted text must parse, hold the same comments, produce
the same normalized syntax tree and draw the same diagnostics (a ``-- noqa`` comment
moved to another line would change them). When any check fails the text is left as
it is and :attr:`FormatResult.refused` says why. The CLI's ``cdisql format`` and the
language server's document and range formatting both call it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cdisql.analysis import Analysis, analyze, printable
from cdisql.dialects import Warehouse


@dataclass(frozen=True)
class FormatResult:
    text: str
    """The formatted text, or the input unchanged when formatting was refused."""
    original: str
    refused: str | None = None
    """Why the text was left alone (syntax error, a comment would be lost, ...)."""

    @property
    def ok(self) -> bool:
        return self.refused is None

    @property
    def changed(self) -> bool:
        return self.text != self.original


def format_sql(text: str, dialect: str | Warehouse = "duckdb") -> FormatResult:
    """``text`` pretty-printed in ``dialect`` (a ``-- cdisql: dialect=`` comment wins)."""
    analysis = analyze(text, dialect)
    if not analysis.tokens:
        return FormatResult(text, text)  # nothing but blanks and comments: nothing to do
    if analysis.problems:
        problem = analysis.problems[0]
        pos = analysis.lines.position(problem.start)
        return _refuse(text, f"syntax error at {pos.line + 1}:{pos.column + 1}: {problem.message}")
    bare = _bare_expression(analysis)
    if bare is not None:
        return _refuse(
            text,
            f"not a statement: `{bare}` reads as an expression (a misspelt keyword?); "
            "`cdisql lint` says what is wrong",
        )
    try:
        formatted = _generate(analysis)
    except Exception as error:  # the generator must never take an editor down
        return _refuse(text, f"sqlglot cannot print this statement: {error}")
    reason = _differences(analysis, formatted)
    if reason is not None:
        return _refuse(text, reason)
    return FormatResult(formatted, text)


def _bare_expression(analysis: Analysis) -> str | None:
    """The start of a statement sqlglot read as a lone expression (``SELEC x`` is the
    column ``SELEC`` aliased ``x``): rewriting it would only dress up the mistake."""
    from sqlglot import exp

    for statement in analysis.statements:
        if isinstance(statement.expression, (exp.Condition, exp.Alias, exp.Identifier)):
            return printable(analysis.text[statement.start : statement.end].strip(), 30)
    return None


def _refuse(text: str, reason: str) -> FormatResult:
    return FormatResult(text, text, refused=reason)


def _generate(analysis: Analysis) -> str:
    dialect = analysis.warehouse.dialect
    parts = []
    for statement in analysis.statements:
        if statement.expression is None:
            continue
        parts.append(statement.expression.sql(dialect=dialect, pretty=True, comments=True))
    body = ";\n\n".join(parts)
    last_statement_end = analysis.statements[-1].end if analysis.statements else 0
    if any(start >= last_statement_end for start, _ in analysis.semicolons):
        body += ";"
    line_comments = {
        c.text.strip()
        for c in analysis.comments
        if analysis.text.startswith("--", c.start) and "*/" not in c.text
    }
    return _restore_line_comments(body, line_comments) + "\n"


_TRAILING_BLOCK = re.compile(r"^(?P<code>.*?)(?P<space>\s*)/\* (?P<body>[^\n]*?) \*/$")


def _restore_line_comments(body: str, line_comments: set[str]) -> str:
    """Write ``-- x`` again where sqlglot turned a line comment into a trailing ``/* x */``."""
    if not line_comments:
        return body
    out = []
    for line in body.split("\n"):
        match = _TRAILING_BLOCK.match(line)
        if (
            match
            and match.group("body").strip() in line_comments
            and "/*" not in match.group("body")
        ):
            line = f"{match.group('code')}{match.group('space')}-- {match.group('body')}"
        out.append(line)
    return "\n".join(out)


def _differences(before: Analysis, formatted: str) -> str | None:
    """Why ``formatted`` is not a faithful rewrite of ``before``; None when it is."""
    after = analyze(formatted, before.warehouse, use_directive=True)
    if after.warehouse != before.warehouse:
        return "formatting would change the dialect directive"
    if after.problems:
        return "the formatted text would not parse: sqlglot cannot print this faithfully"
    lost = Counter(_comment_key(c.text) for c in before.comments) - Counter(
        _comment_key(c.text) for c in after.comments
    )
    if lost:
        sample = next(iter(lost))
        return f"formatting would drop a comment: {sample!r}"
    if _canonical(before) != _canonical(after):
        return "formatting would change the meaning of the query (sqlglot rewrites it)"
    from cdisql.lint.engine import lint_text

    old = Counter(d.code for d in lint_text(before.text, before.warehouse).diagnostics)
    new = Counter(d.code for d in lint_text(formatted, before.warehouse).diagnostics)
    if old != new:
        changed = sorted(set((old - new) | (new - old)))
        return (
            "formatting would change the diagnostics ("
            + ", ".join(changed)
            + "): a `noqa` comment would move to another line"
        )
    return None


def _comment_key(text: str) -> str:
    return " ".join(text.split())


def _canonical(analysis: Analysis) -> list[str]:
    dialect = analysis.warehouse.dialect
    return [e.sql(dialect=dialect, comments=False) for e in analysis.expressions()]
