"""Lay out segment SQL without changing it: only blanks, line breaks, indentation and
keyword case move; every other token and every comment stays exactly as written.

:func:`format_sql` works on the token stream of sqlglot's tokenizer for the file's
dialect. The raw text between two tokens holds only blanks and comments; the layout
decides, for each such gap, whether the next token starts a line and at which
indentation, and writes the gap's comments back byte for byte. Clause starts, list
items and nesting come from the tokens (a ``(`` opening a query, ``CASE``, ``JOIN``),
the parse tree says which keyword-looking tokens are names (``date``, ``first``) so
their case is kept, and the author's own line breaks inside an expression are kept.

Every run checks its own work before returning: the formatted text must give the
same tokens (keyword case folded), the same comments between the same two tokens,
the same syntax trees (names and literals compared exactly) and, when the text holds
a ``noqa`` comment, the same diagnostics. When a check fails the text is left as it
is and :attr:`FormatResult.refused` says why and where. :func:`format_lines` does the
same for a range of lines (editor range formatting): nothing outside them changes.
The CLI's ``cdisql format`` and the language server both call these two functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from cdisql.analysis import Analysis, analyze, printable
from cdisql.dialects import Warehouse

if TYPE_CHECKING:
    from sqlglot import exp
    from sqlglot.tokens import Token

KeywordCase = Literal["upper", "lower", "preserve"]


@dataclass(frozen=True)
class FormatOptions:
    keyword_case: KeywordCase = "upper"
    """``upper`` (``SELECT``), ``lower`` (``select``) or ``preserve`` (as written)."""
    indent_width: int = 2
    """Spaces per nesting level."""
    line_length: int = 80
    """A condition (WHERE, HAVING, QUALIFY, ON) on a longer line is cut before each of
    its ``AND``/``OR``."""


@dataclass(frozen=True)
class FormatResult:
    text: str
    """The formatted text, or the input unchanged when formatting was refused."""
    original: str
    refused: str | None = None
    """Why the text was left alone (syntax error, a token would change, ...)."""
    line: int | None = None
    """1-based line of the input the refusal is about, when there is one."""
    column: int | None = None
    """1-based column (in code points) on that line."""

    @property
    def ok(self) -> bool:
        return self.refused is None

    @property
    def changed(self) -> bool:
        return self.text != self.original


def format_sql(
    text: str, dialect: str | Warehouse = "duckdb", options: FormatOptions | None = None
) -> FormatResult:
    """``text`` laid out in ``dialect`` (a ``-- cdisql: dialect=`` comment wins)."""
    return _format(text, dialect, options or FormatOptions(), None)


def format_lines(
    text: str,
    dialect: str | Warehouse,
    first: int,
    last: int,
    options: FormatOptions | None = None,
) -> FormatResult:
    """``text`` with only its 0-based lines ``first``..``last`` (inclusive) laid out.

    The whole text must parse (the layout of a line depends on the query around it);
    every character outside those lines is kept, and the same checks as
    :func:`format_sql` apply to the whole result.
    """
    return _format(text, dialect, options or FormatOptions(), (first, last))


class _Refusal(Exception):
    def __init__(self, reason: str, offset: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


def _format(
    text: str,
    dialect: str | Warehouse,
    options: FormatOptions,
    lines: tuple[int, int] | None,
) -> FormatResult:
    analysis = analyze(text, dialect)
    if not analysis.tokens:
        return FormatResult(text, text)  # nothing but blanks and comments: nothing to do
    if lines is not None and not 0 <= lines[0] <= lines[1] < analysis.lines.line_count:
        lines = (max(lines[0], 0), min(lines[1], analysis.lines.line_count - 1))
        if lines[0] > lines[1]:
            return FormatResult(text, text)  # no line of the text in the range
    try:
        if analysis.problems:
            problem = analysis.problems[0]
            raise _Refusal(f"syntax error: {problem.message}", problem.start)
        _refuse_bare_expression(analysis)
        source = _Source(analysis)
        tokens, gaps = _Layout(source, options).plan()
        if lines is None:
            formatted = "".join(_interleave(gaps, tokens))
        else:
            formatted = _splice(source, tokens, gaps, *lines)
        if formatted != text:
            _verify(source, formatted)
    except _Refusal as refusal:
        if refusal.offset is None:
            return FormatResult(text, text, refusal.reason)
        at = analysis.lines.position(min(refusal.offset, len(text)))
        return FormatResult(text, text, refusal.reason, at.line + 1, at.column + 1)
    return FormatResult(formatted, text)


def _refuse_bare_expression(analysis: Analysis) -> None:
    """A statement sqlglot read as a lone expression (``SELEC x`` is the column ``SELEC``
    aliased ``x``): laying it out would only dress up the mistake."""
    from sqlglot import exp

    for statement in analysis.statements:
        if isinstance(statement.expression, (exp.Condition, exp.Alias, exp.Identifier)):
            bare = printable(analysis.text[statement.start : statement.end].strip(), 30)
            raise _Refusal(
                f"not a statement: `{bare}` reads as an expression (a misspelt keyword?); "
                "`cdisql lint` says what is wrong",
                statement.start,
            )


# -- the text as tokens and gaps ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Comment:
    text: str
    """Exactly as written (a line comment without the blanks that end its line)."""
    line: bool
    """Runs to the end of its line (``--``, ``#``, ``//``)."""
    breaks_before: int
    """Line breaks between what precedes the comment in its gap and the comment."""
    space_before: bool


@dataclass(frozen=True, slots=True)
class _Gap:
    """What lies between two tokens: blanks and comments, nothing else."""

    start: int
    end: int
    comments: tuple[_Comment, ...]
    breaks_after: int
    """Line breaks after the last comment (in the whole gap when it holds none)."""
    space_after: bool
    verbatim: str | None = None
    """The gap as written, when it lies in text the parse tree keeps as written."""

    @property
    def breaks(self) -> int:
        return self.breaks_after + sum(c.breaks_before for c in self.comments)

    @property
    def forces_break(self) -> bool:
        """A line comment, or a comment on its own line: what follows starts a line."""
        return any(c.line or c.breaks_before for c in self.comments)


class _Source:
    """The input cut into tokens (their raw text) and the gaps between them."""

    def __init__(self, analysis: Analysis, *, facts: bool = True) -> None:
        """``facts``: read the names and words of the trees (the layout needs them, the
        check of a formatted text only needs what its trees keep as written)."""
        import sqlglot

        self.analysis = analysis
        self.text = text = analysis.text
        self.tokens: list[Token] = analysis.tokens
        tokenizer = sqlglot.Dialect.get_or_raise(analysis.warehouse.dialect).tokenizer_class
        self.keywords: Mapping[str, object] = tokenizer.KEYWORDS
        self.markers = sorted(tokenizer._COMMENTS.items(), key=lambda kv: -len(kv[0]))
        self.nested = bool(tokenizer.NESTED_COMMENTS)
        self.names, self.words, self.verbatim = _tree_facts(analysis, facts)
        self.raws: list[str] = []
        self.gaps: list[_Gap] = []
        self.kept: set[int] = set()
        """Tokens inside text the parse tree keeps as written."""
        at = 0
        for i, token in enumerate(self.tokens):
            if token.start < at or token.end < token.start:
                raise _Refusal("sqlglot's tokens overlap here; cannot lay them out", at)
            self.gaps.append(self._gap(at, token.start))
            self.raws.append(text[token.start : token.end + 1])
            if self.verbatim and self._in_verbatim(token.start, token.end + 1):
                self.kept.add(i)
            at = token.end + 1
        self.gaps.append(self._gap(at, len(text)))
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def _in_verbatim(self, start: int, end: int) -> bool:
        import bisect

        k = bisect.bisect_right(self.verbatim, (start, len(self.text) + 1)) - 1
        if k >= 0 and self.verbatim[k][1] > start:
            return True
        return k + 1 < len(self.verbatim) and self.verbatim[k + 1][0] < end

    def _gap(self, start: int, end: int) -> _Gap:
        if self.verbatim and self._in_verbatim(start, max(end, start + 1)):
            return _Gap(start, end, (), 0, False, self.text[start:end])
        return self.read_gap(start, end)

    def read_gap(self, start: int, end: int) -> _Gap:
        return _read_gap(self.text, start, end, self.markers, self.nested)


def _read_gap(
    text: str, start: int, end: int, markers: list[tuple[str, str | None]], nested: bool
) -> _Gap:
    blank = text[start:end]
    if not blank or blank.isspace():  # most gaps: no comment
        breaks = blank.count("\n") + blank.count("\r") - blank.count("\r\n")
        return _Gap(start, end, (), breaks, bool(blank))
    comments: list[_Comment] = []
    breaks = 0
    space = False
    i = start
    while i < end:
        ch = text[i]
        if ch.isspace():
            if ch == "\n" or (ch == "\r" and not text.startswith("\n", i + 1)):
                breaks += 1
            space = True
            i += 1
            continue
        for opener, closer in markers:  # noqa: B007 (the match is used after the loop)
            if text.startswith(opener, i):
                break
        else:
            raise _Refusal(
                f"`{printable(text[i : i + 20])}` between two tokens is neither blank "
                "nor a comment; cannot lay it out",
                i,
            )
        if closer is None:
            stop = i
            while stop < end and text[stop] not in "\r\n":
                stop += 1
            body = text[i:stop].rstrip()
        else:
            stop = _block_end(text, i + len(opener), end, closer, nested)
            body = text[i:stop]
        comments.append(_Comment(body, closer is None, breaks, space))
        breaks, space = 0, False
        i = stop
    return _Gap(start, end, tuple(comments), breaks, space)


def _block_end(text: str, i: int, end: int, closer: str, nested: bool) -> int:
    depth = 1
    while i < end:
        if text.startswith(closer, i):
            depth -= 1
            i += len(closer)
            if depth == 0:
                return i
        elif nested and closer == "*/" and text.startswith("/*", i):
            depth += 1
            i += 2
        else:
            i += 1
    raise _Refusal("a comment between two tokens does not end where sqlglot says", i)


def _tree_facts(
    analysis: Analysis, facts: bool = True
) -> tuple[list[tuple[int, int]], frozenset[str], list[tuple[int, int]]]:
    """What the parse trees say about the tokens:

    - the offsets of tokens read as names or bare words (a column called ``date``, the
      ``day`` of an interval): their case is the author's;
    - the words the trees keep as written (``rows`` of a window frame, a table
      function ``range``): a keyword token spelt so keeps its case;
    - the ranges of text the trees keep as written (a statement sqlglot passes through
      as a command, a MATCH_RECOGNIZE pattern, a heredoc body): nothing in them moves.
    """
    import re

    from sqlglot import exp

    text = analysis.text
    starts: set[tuple[int, int]] = set()
    words: set[str] = set()
    spans: set[tuple[int, int]] = set()
    for statement in analysis.statements:
        if isinstance(statement.expression, exp.Command):  # sqlglot keeps it as text
            spans.add((statement.start, statement.end + 1))  # and what ends it
    for tree in analysis.expressions() if facts else ():
        for node in tree.walk():
            meta = node._meta  # the private slot: .meta would create an empty dict
            if isinstance(node, (exp.Identifier, exp.Var)) and meta and "start" in meta:
                # a hint's names carry offsets into the hint: only a token's own count
                name, spelt = node.name.lower(), text[meta["start"] : meta["end"] + 1].lower()
                if name in spelt or spelt in name:  # (BigQuery's table-c starts at `table`)
                    starts.add((meta["start"], meta["end"] + 1))
                continue
            if isinstance(node, (exp.Identifier, exp.Literal)):
                continue
            for value in node.args.values():
                if not isinstance(value, str) or not value:
                    continue
                if re.fullmatch(r"\w+", value):
                    words.add(value)
                    continue
                at = text.find(value)
                while at >= 0:
                    spans.add((at, at + len(value)))
                    at = text.find(value, at + 1)
    return _merged(starts), frozenset(words), _merged(spans)


def _merged(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of the sorted, disjoint ``spans`` holds ``[start, end)``."""
    import bisect

    k = bisect.bisect_right(spans, (start, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


def _interleave(gaps: list[str], tokens: list[str]) -> list[str]:
    out = [gaps[0]]
    for token, gap in zip(tokens, gaps[1:], strict=True):
        out += (token, gap)
    return out


# -- the layout ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Frame:
    """An open ``(``/``[``/``{``/``CASE``: a query (clauses, lists) or an expression."""

    query: bool
    level: int
    """Queries: the level of their clause keywords; expressions: of their inner lines."""
    open_level: int
    """The level of the line holding the opener, where the closer goes."""
    closer: str
    first: int
    """Index of the frame's first token."""
    clause: str = ""
    betweens: int = 0
    """``BETWEEN``s still waiting for their ``AND``."""


@dataclass(frozen=True, slots=True)
class _Place:
    """Where token ``i`` goes relative to the one before it."""

    rule: Literal["force", "join", "default"]
    level: int
    """Indentation when the token starts a line."""
    space: bool = False
    blank: bool = False
    """Keep (or put) a blank line before the token."""


_LIST_CLAUSES = frozenset(
    {"SELECT", "GROUP_BY", "ORDER_BY", "SORT_BY", "CLUSTER_BY", "DISTRIBUTE_BY"}
)
_BODY_ON_NEXT_LINE = frozenset({"WHERE", "HAVING", "QUALIFY"} | _LIST_CLAUSES - {"SELECT"})
_INLINE_CLAUSES = frozenset(
    {"FROM", "LIMIT", "OFFSET", "FETCH", "WINDOW", "CONNECT_BY", "START_WITH"}
)
_SET_OPERATIONS = frozenset({"UNION", "INTERSECT", "EXCEPT"})
_SPACED = frozenset({"EQ", "NEQ", "LTE", "GTE"})
_NO_SPACE_BEFORE = frozenset({"COMMA", "SEMICOLON", "R_PAREN", "R_BRACKET"})
_NO_SPACE_AFTER = frozenset({"L_PAREN", "L_BRACKET"})
_OPENERS = {"L_PAREN": "R_PAREN", "L_BRACKET": "R_BRACKET", "L_BRACE": "R_BRACE", "CASE": "END"}
_QUERY_STARTS = frozenset({"SELECT", "WITH"})
_SELECT_MODIFIERS = frozenset({"DISTINCT", "ALL"})
_OPERANDS = frozenset({"SELECT", "L_PAREN", "WITH", "FROM"})
"""What a set operation's right side starts with."""


class _Layout:
    def __init__(self, source: _Source, options: FormatOptions) -> None:
        from sqlglot.parser import Parser

        self.source = source
        self.options = options
        self.types = [t.token_type.name for t in source.tokens]
        names = source.names
        self.names = [bool(names) and _covers(names, t.start, t.end + 1) for t in source.tokens]
        self.join_words = frozenset(
            t.name for t in (*Parser.JOIN_METHODS, *Parser.JOIN_SIDES, *Parser.JOIN_KINDS)
        ) | {"JOIN", "STRAIGHT_JOIN", "APPLY"}
        self.frames: list[_Frame] = []
        self.forced: dict[int, int] = {}
        self.joined: set[int] = set()
        self.frozen = self._noqa_lines()
        self.line_level = 0

    # token classification ----------------------------------------------------------------
    def _type(self, i: int) -> str:
        return self.types[i] if 0 <= i < len(self.types) else ""

    def _word(self, i: int) -> str:
        return self.source.raws[i].upper() if 0 <= i < len(self.types) else ""

    def _is_name(self, i: int) -> bool:
        return self.names[i]

    def _noqa_lines(self) -> set[int]:
        """Gaps that stay on one line: those of a line ending in a ``noqa`` comment, so
        the comment keeps suppressing what it suppressed."""
        frozen: set[int] = set()
        gaps = self.source.gaps
        for g, gap in enumerate(gaps):
            if g == 0 or not any(
                not c.breaks_before and "noqa" in c.text.lower() for c in gap.comments
            ):
                continue
            k = g - 1  # the gap before token k, back to the line's first token
            while k > 0 and not gaps[k].breaks and not gaps[k].comments:
                frozen.add(k)
                k -= 1
        return frozen

    # the plan -----------------------------------------------------------------------------
    def plan(self) -> tuple[list[str], list[str]]:
        """The new text of every token and of every gap (``len(tokens) + 1`` gaps)."""
        source = self.source
        n = len(source.tokens)
        tokens = [self._token_text(i) for i in range(n)]
        gaps = [""] * (n + 1)
        wraps: dict[int, int] = {}
        """Gaps before an AND/OR where a too long line may be cut, with their level."""
        for i in range(n):
            place = self._place(i)
            gap = source.gaps[i]
            if i in self.frozen and place.rule != "join":
                place = _Place("default", place.level, place.space, place.blank)
            breaks = place.rule == "force" or gap.forces_break
            if place.rule == "default" and gap.breaks:
                breaks = True
            if gap.verbatim is not None:
                gaps[i] = gap.verbatim
                breaks = False
            elif i == 0:
                gaps[0] = self._render_first(gap)
            else:
                gaps[i] = self._render(gap, breaks, place)
            if breaks:
                self.line_level = place.level
            elif self._cuts_condition(i, gap, place):
                wraps[i] = place.level
            self._advance(i)
        last = source.gaps[n]
        gaps[n] = last.verbatim if last.verbatim is not None else self._render_last(last)
        if wraps:
            self._wrap(tokens, gaps, wraps)
        return tokens, gaps

    def _cuts_condition(self, i: int, gap: _Gap, place: _Place) -> bool:
        """Whether a too long line may be cut before token ``i``: an ``AND``/``OR`` of a
        condition, not the ``AND`` of a ``BETWEEN``."""
        top = self.frames[-1]
        t = self.types[i]
        if t == "BETWEEN":
            top.betweens += 1
            return False
        if t not in ("AND", "OR") or self._is_name(i):
            return False
        if t == "AND" and top.betweens:
            top.betweens -= 1
            return False
        conditions = ("WHERE", "HAVING", "QUALIFY", "JOIN")
        return top.query and top.clause in conditions and not gap.comments and i not in self.frozen

    def _wrap(self, tokens: list[str], gaps: list[str], wraps: dict[int, int]) -> None:
        """Cut each line longer than the line length before its conditions' AND/OR."""
        limit = self.options.line_length
        nl = self.source.newline
        width = 0
        cuts: list[int] = []

        def end_line() -> None:
            if width > limit:
                for i in cuts:
                    gaps[i] = nl + self._indent(wraps[i])
            cuts.clear()

        for i, token in enumerate(tokens):
            if i in wraps:
                cuts.append(i)
            for piece in (gaps[i], token):
                if "\n" in piece:
                    end_line()
                    width = len(piece) - piece.rfind("\n") - 1
                else:
                    width += len(piece)
        width += len(gaps[-1].split("\n", 1)[0])
        end_line()

    def _token_text(self, i: int) -> str:
        raw = self.source.raws[i]
        case = self.options.keyword_case
        if self.types[i] == "VAR" or not raw[:1].isalpha() or self._is_name(i):
            return raw
        if i in self.source.kept or raw in self.source.words:
            return raw
        words = raw.split()
        word = " ".join(words) if len(words) > 1 else raw
        if word.upper() not in self.source.keywords:
            return raw
        return word.upper() if case == "upper" else word.lower() if case == "lower" else word

    def _place(self, i: int) -> _Place:
        t = self._type(i)
        prev = self._type(i - 1)
        start = i == 0 or prev == "SEMICOLON"
        if start:
            self.frames = [_Frame(True, 0, 0, "", i)]
        top = self.frames[-1]
        closes = t == top.closer and not self._is_name(i)
        clause = ""
        if top.query and not closes and not self._is_name(i):
            clause = self._clause(i, t, prev, top)
        if start:
            self.forced.pop(i, None)
            return _Place("force", 0, blank=i > 0)
        space = self._space(i, prev, t)
        content = top.level + (1 if top.query and top.clause != "WITH" else 0)
        if i in self.forced:
            return _Place("force", self.forced.pop(i), space)
        if i in self.joined:
            return _Place("join", content, True)
        if t == "SEMICOLON":
            return _Place("join", content, False)
        if closes:
            return _Place("force" if top.query else "default", top.open_level, space)
        if clause:
            return _Place("force", top.level, space)
        if not top.query or self._is_name(i):
            return _Place("default", content, space)
        if t in ("ON", "USING") and top.clause == "JOIN":
            return _Place("force", top.level + 1, space)
        if t == "COMMA" and top.clause in _LIST_CLAUSES:
            gaps = self.source.gaps
            after = gaps[i + 1] if i + 1 < len(gaps) else None
            if gaps[i].breaks and after is not None and not after.breaks and not after.comments:
                self.joined.add(i + 1)  # commas first: the author's style
                return _Place("force", top.level + 1, space)
            self.forced[i + 1] = top.level + 1
        return _Place("default", content, space)

    def _space(self, i: int, prev: str, t: str) -> bool:
        if t in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER:
            return False
        if prev == "COMMA" or t in _SPACED or prev in _SPACED:
            return True
        return self.source.gaps[i].space_after or bool(self.source.gaps[i].comments)

    def _clause(self, i: int, t: str, prev: str, top: _Frame) -> str:
        """The clause token ``i`` starts in the query ``top`` ('' when none), noting the
        line breaks its body takes."""
        level = top.level
        if t == "SELECT":
            j = i + 1
            while self._type(j) in _SELECT_MODIFIERS:
                self.joined.add(j)
                j += 1
                if self._type(j) == "ON" and self._type(j + 1) == "L_PAREN":
                    j = self._after_parens(j + 1)
            if self._type(j) == "TOP":
                j = self._after_parens(j + 1) if self._type(j + 1) == "L_PAREN" else j + 2
            if self._type(j) == "ALIAS" and self._word(j + 1) in ("STRUCT", "VALUE"):
                j += 2  # BigQuery's SELECT AS STRUCT / AS VALUE
            self.forced.setdefault(j, level + 1)
        elif t in _BODY_ON_NEXT_LINE:
            self.forced.setdefault(i + 1, level + 1)
        elif t == "WITH":
            if i != top.first:
                return ""  # WITH OFFSET, START WITH, WITH ORDINALITY...
        elif t in _SET_OPERATIONS:
            if prev == "STAR":
                return ""  # BigQuery's SELECT * EXCEPT (...)
            j = i + 1
            while 0 < j < len(self.types) and j - i <= 4 and self.types[j] not in _OPERANDS:
                if self.source.gaps[j].comments:
                    break
                self.joined.add(j)  # ALL, DISTINCT, BY NAME
                j += 1
            if self._type(j) in _OPERANDS:
                self.forced.setdefault(j, level)
        elif t in self.join_words:
            if prev in self.join_words:
                return ""
            j = i
            while self._type(j) in self.join_words and self._type(j) not in (
                "JOIN",
                "APPLY",
                "STRAIGHT_JOIN",
            ):
                j += 1
            if self._type(j) not in ("JOIN", "APPLY", "STRAIGHT_JOIN"):
                return ""  # LEFT(x, 2), a column called outer...
            self.joined.update(range(i + 1, j + 1))
            t = "JOIN"
        elif t == "LATERAL" and self._type(i + 1) == "VIEW":
            self.joined.add(i + 1)
            t = "JOIN"
        elif t == "FROM":
            if prev == "DISTINCT":
                return ""  # IS DISTINCT FROM
        elif t not in _INLINE_CLAUSES or (t == "OFFSET" and prev == "WITH"):
            return ""
        top.clause = t
        return t

    def _after_parens(self, i: int) -> int:
        """The index after the ``)`` matching the ``(`` at ``i``."""
        depth = 0
        while i < len(self.types):
            t = self.types[i]
            depth += t == "L_PAREN"
            depth -= t == "R_PAREN"
            i += 1
            if depth <= 0:
                break
        return i

    def _advance(self, i: int) -> None:
        """Open or close the frame token ``i`` opens or closes."""
        t = self.types[i]
        top = self.frames[-1]
        if t == top.closer and len(self.frames) > 1 and not self._is_name(i):
            self.frames.pop()
            return
        closer = _OPENERS.get(t)
        if closer is None or self._is_name(i):
            return
        level = self.line_level
        if t == "L_PAREN" and self._type(i + 1) in _QUERY_STARTS:
            self.frames.append(_Frame(True, level + 1, level, closer, i + 1))
            self.forced[i + 1] = level + 1
        else:
            self.frames.append(_Frame(False, level + 1, level, closer, i + 1))

    # rendering ----------------------------------------------------------------------------
    def _indent(self, level: int) -> str:
        return " " * (self.options.indent_width * level)

    def _render(self, gap: _Gap, breaks: bool, place: _Place) -> str:
        nl = self.source.newline
        if not gap.comments:
            if breaks:
                return nl * (2 if place.blank or gap.breaks_after > 1 else 1) + self._indent(
                    place.level
                )
            return " " if place.space else ""
        out: list[str] = []
        blank = place.blank
        pending = False  # the last comment ends its line
        for k, c in enumerate(gap.comments):
            following = gap.comments[k + 1].breaks_before if k + 1 < len(gap.comments) else breaks
            if c.breaks_before or pending:
                out += (nl * (2 if blank or c.breaks_before > 1 else 1), self._indent(place.level))
                blank = False
            elif c.line or following:
                out.append("  ")
            elif c.space_before:
                out.append(" ")
            out.append(c.text)
            pending = c.line
        if breaks:
            out += (nl * (2 if blank or gap.breaks_after > 1 else 1), self._indent(place.level))
        elif gap.space_after or place.space:
            out.append(" ")
        return "".join(out)

    def _render_first(self, gap: _Gap) -> str:
        nl = self.source.newline
        out: list[str] = []
        for k, c in enumerate(gap.comments):
            if k:
                out.append(nl * (2 if c.breaks_before > 1 else 1))
            out.append(c.text)
        if gap.comments:
            out.append(nl * (2 if gap.breaks_after > 1 else 1))
        return "".join(out)

    def _render_last(self, gap: _Gap) -> str:
        nl = self.source.newline
        out: list[str] = []
        pending = False
        for c in gap.comments:
            if c.breaks_before or pending:
                out.append(nl * (2 if c.breaks_before > 1 else 1))
            else:
                out.append("  ")
            out.append(c.text)
            pending = c.line
        out.append(nl)
        return "".join(out)


# -- a range of lines ---------------------------------------------------------------------
def _splice(source: _Source, tokens: list[str], gaps: list[str], first: int, last: int) -> str:
    """The input with only the tokens and gaps of lines ``first``..``last`` laid out."""
    text = source.text
    lines = source.analysis.lines
    lo, hi = lines.line_start(first), lines.line_end(last)
    out: list[str] = []
    for g, gap in enumerate(source.gaps):
        old = text[gap.start : gap.end]
        if lo <= gap.start and gap.end <= hi:
            out.append(gaps[g])
        elif gap.start < lo < gap.end <= hi and not text[lo : gap.end].strip():
            indent = gaps[g].rpartition("\n")[2]  # the new indentation of the range's first line
            kept = indent if "\n" in gaps[g] and not indent.strip() else text[lo : gap.end]
            out.append(text[gap.start : lo] + kept)
        elif lo <= gap.start < hi < gap.end and not text[gap.start : hi].strip():
            out.append(text[hi : gap.end])  # no blanks left at the end of the range's last line
        else:
            out.append(old)
        if g < len(tokens):
            token = source.tokens[g]
            inside = lo <= token.start and token.end < hi
            out.append(tokens[g] if inside else source.raws[g])
    return "".join(out)


# -- the check ----------------------------------------------------------------------------
_EXACT_TYPES = frozenset(
    {
        "VAR",
        "IDENTIFIER",
        "STRING",
        "NUMBER",
        "NATIONAL_STRING",
        "RAW_STRING",
        "BIT_STRING",
        "HEX_STRING",
        "BYTE_STRING",
        "HEREDOC_STRING",
        "UNICODE_STRING",
    }
)


def _folded(token: Token, raw: str) -> str:
    if token.token_type.name in _EXACT_TYPES:
        return raw
    return " ".join(raw.split()).upper()


def _verify(before: _Source, formatted: str) -> None:
    """Raise :class:`_Refusal` unless ``formatted`` is ``before`` with only blanks,
    line breaks and keyword case changed, read by sqlglot as the same statements."""
    after = analyze(formatted, before.analysis.warehouse, use_directive=True)
    if after.warehouse != before.analysis.warehouse:
        raise _Refusal("formatting would change the dialect directive", 0)
    try:
        after_source = _Source(after, facts=False) if after.tokens else None
    except _Refusal:
        after_source = None
    if after_source is None or len(after_source.tokens) != len(before.tokens):
        raise _Refusal("formatting would change the tokens (a formatter bug)", 0)
    pairs = zip(before.tokens, before.raws, after_source.tokens, after_source.raws, strict=True)
    for old, old_raw, new, new_raw in pairs:
        if old_raw == new_raw and old.token_type == new.token_type:
            continue
        if old.token_type != new.token_type or _folded(old, old_raw) != _folded(new, new_raw):
            raise _Refusal(
                f"formatting would change `{printable(old_raw, 30)}` into "
                f"`{printable(new_raw, 30)}` (a formatter bug)",
                old.start,
            )
    for old_gap, new_gap in zip(before.gaps, after_source.gaps, strict=True):
        if old_gap.verbatim is not None:
            moved = formatted[new_gap.start : new_gap.end] != old_gap.verbatim
        else:
            if new_gap.verbatim is not None:  # a string of the new trees happens to match
                new_gap = after_source.read_gap(new_gap.start, new_gap.end)
            moved = [c.text for c in old_gap.comments] != [c.text for c in new_gap.comments]
        if moved:
            raise _Refusal(
                "formatting would move or change a comment (a formatter bug)", old_gap.start
            )
    if after.problems:
        raise _Refusal("the formatted text would not parse (a formatter bug)", 0)
    if len(after.statements) != len(before.analysis.statements):
        raise _Refusal("formatting would change the statements (a formatter bug)", 0)
    for old_statement, new_statement in zip(
        before.analysis.statements, after.statements, strict=True
    ):
        if not _same_tree(old_statement.expression, new_statement.expression):
            raise _Refusal(
                "formatting would change how sqlglot reads this statement "
                "(a keyword's case matters here; a formatter bug)",
                old_statement.start,
            )
    if "noqa" in before.text.lower():
        _verify_diagnostics(before.analysis, after)


def _same_tree(a: exp.Expr | None, b: exp.Expr | None) -> bool:
    """Same node types and arguments, every string (names, literals) compared exactly."""
    from sqlglot import exp

    stack: list[tuple[object, object]] = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, exp.Expr):
            assert isinstance(y, exp.Expr)
            xa = {k: v for k, v in x.args.items() if v is not None}
            ya = {k: v for k, v in y.args.items() if v is not None}
            if xa.keys() != ya.keys():
                return False
            stack.extend((v, ya[k]) for k, v in xa.items())
        elif isinstance(x, list):
            assert isinstance(y, list)
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif x != y:
            return False
    return True


def _verify_diagnostics(before: Analysis, after: Analysis) -> None:
    from cdisql.lint.engine import lint_text

    old = Counter(
        d.code for d in lint_text(before.text, before.warehouse, analysis=before).diagnostics
    )
    new = Counter(
        d.code for d in lint_text(after.text, after.warehouse, analysis=after).diagnostics
    )
    if old != new:
        changed = ", ".join(sorted(set((old - new) | (new - old))))
        raise _Refusal(
            f"formatting would change the diagnostics ({changed}): a `noqa` comment would "
            "end up on another line than what it suppresses",
            0,
        )
