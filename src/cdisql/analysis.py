"""text + dialect -> :class:`Analysis`: tokens, comments, statements, ASTs and syntax errors.

Never raises on input: whatever the text (binary junk, unterminated strings, scripting
blocks, deep nesting), problems come back as :class:`SyntaxProblem` values with exact
character ranges. The text is tokenized once; statements are split on ``;`` tokens and
each is parsed on its own, so one broken statement does not hide the others.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from cdisql.dialects import Warehouse, get_warehouse
from cdisql.textindex import LineIndex, printable

if TYPE_CHECKING:
    from sqlglot import exp
    from sqlglot.tokens import Token


@dataclass(frozen=True, slots=True)
class Comment:
    start: int
    end: int
    text: str
    """The comment's content without its ``--`` / ``/* */`` / ``#`` markers."""


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    message: str
    start: int
    end: int


@dataclass(slots=True)
class Statement:
    """One ``;``-separated statement: its tokens, its range and its AST (None if broken)."""

    index: int
    start: int
    end: int
    tokens: list[Token]
    expression: exp.Expr | None
    problem: SyntaxProblem | None = None


@dataclass
class Analysis:
    text: str
    warehouse: Warehouse
    tokens: list[Token]
    statements: list[Statement]
    comments: list[Comment]
    semicolons: list[tuple[int, int]]
    """Ranges of every ``;`` token (terminators or separators)."""
    problems: list[SyntaxProblem] = field(default_factory=list)
    """Syntax problems: tokenizer failures and parse errors, in text order."""
    dialect_from_directive: bool = False
    unknown_directive_dialect: str | None = None
    """A ``-- cdisql: dialect=…`` comment named this unknown dialect (reported as CDI002)."""

    @property
    def dialect(self) -> str:
        return self.warehouse.dialect

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def expression(self) -> exp.Expr | None:
        """The single statement's AST when the text is exactly one parsed statement."""
        if len(self.statements) == 1:
            return self.statements[0].expression
        return None

    def expressions(self) -> Iterator[exp.Expr]:
        for statement in self.statements:
            if statement.expression is not None:
                yield statement.expression


def _quiet_sqlglot() -> None:
    """sqlglot logs unsupported syntax as warnings; cdisql reports it as diagnostics."""
    import logging

    logger = logging.getLogger("sqlglot")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


_DIRECTIVE = r"cdisql:\s*dialect\s*=\s*([A-Za-z_]+)"
"""Compiled on first use (by :mod:`re`'s cache): only texts naming cdisql need it."""


def directive_dialect(text: str) -> str | None:
    """The dialect named by a ``-- cdisql: dialect=bigquery`` comment, if any.

    Only comments are considered (a match inside a string literal does not count).
    """
    if "cdisql" not in text and "CDISQL" not in text.upper():
        return None
    for comment in scan_comments(text):
        match = re.search(_DIRECTIVE, comment.text, re.IGNORECASE)
        if match:
            return match.group(1).lower()
    return None


def analyze(
    text: str, dialect: str | Warehouse = "duckdb", *, use_directive: bool = True
) -> Analysis:
    """Analyse ``text`` in ``dialect``; a ``-- cdisql: dialect=…`` comment wins when allowed."""
    warehouse, from_directive, unknown = _warehouse_of(text, dialect, use_directive)
    analysis = _analyze(text, warehouse, from_directive)
    analysis.unknown_directive_dialect = unknown
    return analysis


def read_comments(text: str, dialect: str | Warehouse = "duckdb") -> list[Comment]:
    """The comments :func:`analyze` finds in ``text``, from the tokenizer alone (no parse)."""
    import sqlglot
    from sqlglot.errors import TokenError

    warehouse = _warehouse_of(text, dialect, True)[0]
    try:
        tokens = sqlglot.Dialect.get_or_raise(warehouse.dialect).tokenize(text)
    except TokenError:  # as analyze: a text that does not tokenize is scanned as a whole
        return scan_comments(text)
    except Exception:
        return []
    return _comments_between_tokens(text, tokens)


def _warehouse_of(
    text: str, dialect: str | Warehouse, use_directive: bool
) -> tuple[Warehouse, bool, str | None]:
    """The warehouse ``text`` is read in, whether its directive chose it, an unknown name."""
    warehouse = dialect if isinstance(dialect, Warehouse) else get_warehouse(dialect)
    if use_directive:
        named = directive_dialect(text)
        if named:
            try:
                return get_warehouse(named), True, None
            except ValueError:
                return warehouse, False, named  # reported by the linter (CDI002)
    return warehouse, False, None


def _analyze(text: str, warehouse: Warehouse, from_directive: bool) -> Analysis:
    import sqlglot
    from sqlglot.errors import ErrorLevel, ParseError, TokenError

    _quiet_sqlglot()

    sqlglot_dialect = sqlglot.Dialect.get_or_raise(warehouse.dialect)
    problems: list[SyntaxProblem] = []
    try:
        tokens = sqlglot_dialect.tokenize(text)
    except TokenError as error:
        failure = _token_problem(text, str(error))
        return Analysis(
            text,
            warehouse,
            [],
            [Statement(0, 0, len(text), [], None, failure)],
            scan_comments(text),
            [],
            [failure],
            from_directive,
        )
    except Exception as error:  # the tokenizer must never take the caller down
        failure = SyntaxProblem(
            f"cannot tokenize this text: {printable(str(error), 200)}", 0, min(len(text), 1)
        )
        return Analysis(
            text,
            warehouse,
            [],
            [Statement(0, 0, len(text), [], None, failure)],
            [],
            [],
            [failure],
            from_directive,
        )

    from sqlglot.tokens import TokenType

    comments = _comments_between_tokens(text, tokens)
    semicolons: list[tuple[int, int]] = []
    chunks: list[list[Token]] = [tokens]
    if ";" in text:
        semicolon = TokenType.SEMICOLON
        cuts = [i for i, token in enumerate(tokens) if token.token_type == semicolon]
        if cuts:
            semicolons = [(tokens[i].start, tokens[i].end + 1) for i in cuts]
            bounds = [-1, *cuts, len(tokens)]
            chunks = [tokens[a + 1 : b] for a, b in itertools.pairwise(bounds)]

    statements: list[Statement] = []
    for chunk in chunks:
        if not chunk:
            continue
        start, end = chunk[0].start, chunk[-1].end + 1
        expression: exp.Expr | None = None
        problem: SyntaxProblem | None = None
        try:
            parser = sqlglot_dialect.parser(error_level=ErrorLevel.RAISE, max_errors=1)
            parsed = [e for e in parser.parse(chunk, text) if e is not None]
            if parsed:  # a chunk holds no ';', so at most one statement
                expression = parsed[0]
        except ParseError as error:
            problem = _parse_problem(error, chunk)
        except RecursionError:
            problem = SyntaxProblem("statement is nested too deeply to parse", start, end)
        except Exception as error:  # sqlglot bugs on odd input become diagnostics
            problem = SyntaxProblem(
                f"cannot parse this statement: {printable(str(error), 200)}", start, end
            )
        if (
            expression is not None
            and not warehouse.wildcard_tables
            and _star_after_name(text, start, end)
        ):
            problem = _dropped_star(expression, text, warehouse)
            if problem is not None:  # the tree reads another table: no rule may check it
                expression = None
        if problem is not None:
            problems.append(problem)
        statements.append(Statement(len(statements), start, end, chunk, expression, problem))
    return Analysis(
        text, warehouse, tokens, statements, comments, semicolons, problems, from_directive
    )


def _star_after_name(text: str, start: int, end: int) -> bool:
    """A ``*`` in ``text[start:end]`` that may follow a table name: not ``SELECT *``,
    ``COUNT(*)``, ``t.*`` or ``a, *`` (most of the ``*`` in segments), so only those
    statements are walked. A ``*`` in a string or a comment may count: it only costs the
    walk."""
    at = text.find("*", start, end)
    while at != -1:
        j = at - 1
        while j >= start and text[j].isspace():
            j -= 1
        if j >= start and (text[j].isalnum() or text[j] in '_$"`]'):
            k = j
            while k >= start and (text[k].isalnum() or text[k] in "_$"):
                k -= 1
            if text[k + 1 : j + 1].lower() not in ("select", "distinct", "all"):
                return True
        at = text.find("*", at + 1, end)
    return False


def _dropped_star(tree: exp.Expr, text: str, warehouse: Warehouse) -> SyntaxProblem | None:
    """A ``*`` written right after a table name that the tree does not hold: sqlglot reads
    ``FROM events_*`` as the table ``events_`` where the warehouse has no wildcard tables,
    so what lint checks and a build would run is another table than the one written. A
    syntax problem, so lint (CDI100) and the guard both refuse it."""
    from sqlglot import exp

    for table in tree.find_all(exp.Table):
        name = table.this
        meta = name._meta if isinstance(name, exp.Identifier) else None
        if not meta or "end" not in meta or name.name.endswith("*"):
            continue
        rest = text[int(meta["end"]) + 1 :].lstrip()
        if rest.startswith("*") and not rest.startswith("*/"):
            star = len(text) - len(rest)
            return SyntaxProblem(
                f"`{name.name}*` is not a table name: {warehouse.title} has no wildcard "
                f"tables (this would read the table `{name.name}`); name one table",
                int(meta["start"]),
                star + 1,
            )
    return None


def _parse_problem(error: Exception, chunk: list[Token]) -> SyntaxProblem:
    details = getattr(error, "errors", None) or [{}]
    first = details[0]
    message = str(first.get("description") or error).strip()
    line, col = first.get("line"), first.get("col")
    token = None
    if line is not None and col is not None:
        for candidate in chunk:
            if candidate.line == line and candidate.col == col:
                token = candidate
                break
    at_end = token is None
    if token is None:
        # sqlglot points past the last token when the statement ends early
        token = chunk[-1]
    return SyntaxProblem(polish_message(message, token.text, at_end), token.start, token.end + 1)


_ENDS_HERE = "the statement ends here"

_MISSING: dict[str, str] = {
    "Where": "WHERE needs a condition",
    "Having": "HAVING needs a condition",
    "Qualify": "QUALIFY needs a condition",
    "Limit": "LIMIT needs a row count",
    "Offset": "OFFSET needs a row count",
    "Fetch": "FETCH needs a row count",
    "Order": "ORDER BY needs at least one expression",
    "Group": "GROUP BY needs at least one expression",
    "Join": "JOIN needs a table",
    "From": "FROM needs a table",
    "Alias": "AS needs a name",
    "Cast": "CAST needs a type",
    "In": "IN needs a list or a subquery",
    "Between": "BETWEEN needs both bounds",
    "Not": "NOT needs an expression",
    "Paren": "empty parentheses",
    "Column": "a column name is missing",
    "Table": "a table name is missing",
}
_OPERATORS: dict[str, str] = {
    "EQ": "=",
    "NEQ": "<>",
    "GT": ">",
    "GTE": ">=",
    "LT": "<",
    "LTE": "<=",
    "Add": "+",
    "Sub": "-",
    "Mul": "*",
    "Div": "/",
    "Mod": "%",
    "And": "AND",
    "Or": "OR",
    "Like": "LIKE",
    "ILike": "ILIKE",
    "Is": "IS",
    "DPipe": "||",
}


def polish_message(message: str, token_text: str = "", at_end: bool = False) -> str:
    """sqlglot's parse error rewritten for a SQL author (no Python class names)."""
    message = _tidy(message)
    token_text = printable(token_text)
    near = _ENDS_HERE if at_end else f"'{token_text}'" if token_text else "here"
    missing = re.match(r"Required keyword: '(\w+)' missing for <class '[\w.]*?(\w+)'>", message)
    if missing:
        cls = missing.group(2)
        if cls in _OPERATORS:
            return f"`{_OPERATORS[cls]}` needs a value on each side"
        if cls in _MISSING:
            return _MISSING[cls]
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", cls).lower()
        return f"incomplete {name}: something is missing near {near}"
    if message.startswith("Invalid expression / Unexpected token"):
        return f"unexpected {near}" if not at_end else "the statement ends too early"
    if message.startswith("Expecting )"):
        return "missing closing parenthesis `)`"
    if message.startswith("Expecting ("):
        return f"expected `(` near {near}"
    match = re.match(r"Expected (.+?) but got '(.*)'\Z", message, re.DOTALL)
    if match:
        got = printable(match.group(2))
        found = _ENDS_HERE if got.upper() == "SENTINEL" or at_end else f"found '{got}'"
        return f"expected {match.group(1).lower()}, but {found}"
    match = re.match(r"Expected (\w+) after (\w+)\Z", message)
    if match:
        return f"expected {match.group(1).lower()} after {match.group(2).upper()}"
    # anything else: drop Python class paths, keep sqlglot's wording
    message = printable(re.sub(r"<class '[\w.]*?(\w+)'>", r"\1", message), 200)
    return message[:1].lower() + message[1:] if message else "cannot parse this statement"


def _tidy(message: str) -> str:
    # "Expected table name but got <Token token_type: TokenType.WHERE, text: where, ...>"
    message = re.sub(
        r"<Token token_type: TokenType\.\w+, text: (.*?), line: .*?>", r"'\1'", message
    )
    # sqlglot appends the location and an underlined excerpt: the range already says it
    message = re.sub(r"\. Line \d+, Col: \d+\..*\Z", "", message, flags=re.DOTALL)
    return message.strip()


def _token_problem(text: str, message: str) -> SyntaxProblem:
    """Locate a tokenizer failure; sqlglot reports it as "Error tokenizing '<context>'"."""
    match = re.match(r"Error tokenizing '(.*)'\Z", message, re.DOTALL)
    offset = len(text)
    if match:
        context = match.group(1)
        found = text.find(context) if context else -1
        if found >= 0:
            offset = found + len(context)
    offset = min(offset, len(text))
    # an unterminated /* comment swallows the rest of the text: point at its opening
    for comment in scan_comments(text):
        if (
            text.startswith("/*", comment.start)
            and not text.endswith("*/", 0, comment.end)
            and comment.start <= offset
        ):
            return SyntaxProblem(
                "unterminated /* comment", comment.start, min(comment.start + 2, len(text))
            )
    # point at the opening quote of an unterminated literal when there is one on the line
    line_start = text.rfind("\n", 0, offset) + 1
    quote_at = _unterminated_quote(text, line_start, offset)
    if quote_at is not None:
        line_end = text.find("\n", quote_at)
        end = len(text) if line_end < 0 else line_end
        return SyntaxProblem(
            "unterminated string or quoted identifier", quote_at, max(end, quote_at + 1)
        )
    start = max(0, min(offset, len(text) - 1))
    return SyntaxProblem("cannot tokenize the text here", start, min(start + 1, len(text)) or start)


def _unterminated_quote(text: str, line_start: int, offset: int) -> int | None:
    open_at: int | None = None
    quote = ""
    i = line_start
    end = min(len(text), offset + 1)
    while i < end:
        ch = text[i]
        if open_at is None:
            if ch in "'\"`":
                open_at, quote = i, ch
            elif text.startswith("$$", i):
                open_at, quote = i, "$$"
                i += 1
            elif text.startswith("--", i):
                break
        elif text.startswith(quote, i):
            open_at = None
            i += len(quote) - 1
        i += 1
    if open_at is not None:
        return open_at
    # a quote opened on an earlier line (multi-line string) and never closed
    for i in range(line_start - 1, -1, -1):
        if text[i] in "'\"`$":
            return i - 1 if text.startswith("$$", i - 1) else i
    return None


_COMMENT_START = re.compile(r"--|/\*|#|//")


def _comments_between_tokens(text: str, tokens: list[Token]) -> list[Comment]:
    """Comments live in the gaps between tokens: scan only those, never inside literals."""
    if not tokens:
        return scan_comments(text)
    import bisect

    comments: list[Comment] = []
    starts: list[int] | None = None
    scanned_to = -1
    for match in _COMMENT_START.finditer(text):
        at = match.start()
        if at < scanned_to:
            continue
        if starts is None:
            starts = [t.start for t in tokens]
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and at <= tokens[i].end:
            continue  # inside a token: a string, a quoted name, an operator
        gap_end = starts[i + 1] if i + 1 < len(starts) else len(text)
        comments.extend(scan_comments(text, at, gap_end, hash_anywhere=True))
        scanned_to = gap_end
    return comments


def scan_comments(
    text: str, start: int = 0, end: int | None = None, *, hash_anywhere: bool = False
) -> list[Comment]:
    """Comments in ``text[start:end]``, a region known to hold no string literal.

    Called on the whole text only when tokenizing failed; then a ``--`` inside a string
    could be taken for a comment, an acceptable degradation for broken text.
    ``hash_anywhere``: a ``#`` (or Snowflake's ``//``) the tokenizer skipped is a comment
    wherever it stands.
    """
    end = len(text) if end is None else end
    found: list[Comment] = []
    i = start
    while i < end:
        ch = text[i]
        if (
            (ch == "-" and text.startswith("--", i))
            or (ch == "#" and (hash_anywhere or _hash_comment_ok(text, i)))
            or (hash_anywhere and ch == "/" and text.startswith("//", i))
        ):
            stop = i
            while stop < end and text[stop] not in "\r\n":
                stop += 1
            marker = 1 if ch == "#" else 2
            found.append(Comment(i, stop, text[i + marker : stop]))
            i = stop
        elif ch == "/" and text.startswith("/*", i):
            close = text.find("*/", i + 2, end)
            stop = end if close < 0 else close + 2
            found.append(Comment(i, stop, text[i + 2 : close if close >= 0 else end]))
            i = stop
        elif ch in "'\"`" and start == 0 and end == len(text):
            close = text.find(ch, i + 1)
            i = len(text) if close < 0 else close + 1
        else:
            i += 1
    return found


def _hash_comment_ok(text: str, i: int) -> bool:
    # '#' starts a comment in BigQuery/Databricks/MySQL; only count it at a line start
    line_start = text.rfind("\n", 0, i) + 1
    return text[line_start:i].strip() == ""


def span_of(node: exp.Expr) -> tuple[int, int] | None:
    """Character range covered by ``node``, from the offsets sqlglot keeps on leaves.

    sqlglot records ``start``/``end`` on identifiers, literals and some keywords; the span
    of a compound node runs from its first to its last recorded leaf. None when no leaf
    carries a position (a node synthesised by sqlglot).
    """
    lo: int | None = None
    hi: int | None = None
    for sub in node.walk():
        meta = sub._meta  # the private slot: .meta would create an empty dict on every node
        if meta and "start" in meta and "end" in meta:
            s, e = meta["start"], meta["end"] + 1
            if lo is None or s < lo:
                lo = s
            if hi is None or e > hi:
                hi = e
    if lo is None or hi is None:
        return None
    return lo, hi
