"""``cdisql format`` over SQL written elsewhere: no token and no comment ever changes.

The corpora (``tests/corpus_files.py``): sqlglot's own SQL fixtures at the installed
version (``scripts/install-corpus.sh`` fetches its sdist from PyPI), SQLFluff's dialect
fixtures for the four warehouses (vendored) and the project's fixtures. The check here
is independent of the formatter's own: sqlglot's tokens of the input and of the output,
keyword case folded, with the comments sqlglot attaches to each token.
"""

from __future__ import annotations

import pytest
import sqlglot
from corpus_files import CORPORA, CorpusFile, sqlglot_fixtures_dir

from cdisql.format import format_sql

_EXACT = {"VAR", "IDENTIFIER", "STRING", "NUMBER", "NATIONAL_STRING", "RAW_STRING"}
_EXACT |= {"BIT_STRING", "HEX_STRING", "BYTE_STRING", "HEREDOC_STRING", "UNICODE_STRING"}


def token_stream(text: str, dialect: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every token with its comments; blanks (and the blanks ending a line comment) ignored."""
    stream = []
    for token in sqlglot.Dialect.get_or_raise(dialect).tokenize(text):
        kind = token.token_type.name
        word = token.text if kind in _EXACT else " ".join(token.text.split()).upper()
        stream.append((kind, word, tuple(c.rstrip() for c in token.comments)))
    return stream


def check(file: CorpusFile) -> str | None:
    """Why formatting ``file`` is wrong, or None; refusals are counted by the caller."""
    result = format_sql(file.text, file.dialect)
    if result.refused is not None:
        if result.text != file.text:
            return "refused but changed"
        if "formatter bug" in result.refused:
            return f"refused by its own check: {result.refused} (line {result.line})"
        return None
    if not result.changed:
        return None
    if token_stream(result.text, file.dialect) != token_stream(file.text, file.dialect):
        return "token stream changed"
    again = format_sql(result.text, file.dialect)
    if again.text != result.text:
        return f"not idempotent ({again.refused or 'a second run changes it'})"
    return None


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_formatting_never_changes_a_token_or_a_comment(corpus: str) -> None:
    files = CORPORA[corpus]()
    if not files:
        where = sqlglot_fixtures_dir() if corpus == "sqlglot" else corpus
        pytest.skip(f"no {corpus} corpus at {where}: run `bash scripts/install-corpus.sh`")
    wrong = {f.name: reason for f in files if (reason := check(f)) is not None}
    assert not wrong, f"{len(wrong)} of {len(files)}: {dict(list(wrong.items())[:10])}"


def test_the_corpus_covers_every_warehouse() -> None:
    dialects = {f.dialect for f in CORPORA["sqlfluff"]()}
    assert dialects == {"snowflake", "bigquery", "redshift", "databricks"}
    assert len(CORPORA["sqlfluff"]()) >= 300


def test_range_formatting_changes_only_its_lines_over_the_corpus() -> None:
    """Each project fixture and SQLFluff file, a range of its lines laid out: every other
    line is unchanged and the tokens are the same."""
    from cdisql.format import format_lines

    wrong = {}
    files = CORPORA["fixtures"]() + CORPORA["sqlfluff"]()[::4]
    for file in files:
        lines = file.text.splitlines(keepends=True)
        if len(lines) < 3:
            continue
        first, last = len(lines) // 3, (2 * len(lines)) // 3
        result = format_lines(file.text, file.dialect, first, last)
        if result.refused is not None:
            if result.text != file.text or "formatter bug" in result.refused:
                wrong[file.name] = result.refused
            continue
        new = result.text.splitlines(keepends=True)
        after = len(lines) - last - 1
        if new[:first] != lines[:first] or new[len(new) - after :] != lines[last + 1 :]:
            wrong[file.name] = "a line outside the range changed"
        elif token_stream(result.text, file.dialect) != token_stream(file.text, file.dialect):
            wrong[file.name] = "token stream changed"
    assert not wrong, dict(list(wrong.items())[:10])
