"""A differential fuzzer: sqlglot (the guard) against DuckDB's own parser.

Texts are built from the pieces where two lexers disagree (quotes, dollar strings,
E-strings, comments, `//`, `;`, Unicode spaces and the characters `str.isspace()`
accepts but DuckDB reads as part of a name) around a real segment. For every text the
guard accepts, the SQL it would send must be exactly one SELECT to DuckDB's parser, also
inside each command's wrapper (preview, build, estimate), and must parse back to the
tree the guard checked. DuckDB may refuse to parse it at all (sqlglot accepts a chained
`a <> 1 = 1`, DuckDB does not): then nothing runs, which is safe. Bounded to run in well
under a minute.
"""

from __future__ import annotations

import duckdb
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redteam_segments import ISSPACE_IDENTIFIER_CHARS, UNICODE_SPACES, wrapped

from cdisql.dialects import DUCKDB
from cdisql.sources.guard import guard_segment, reads_back_as

EXAMPLES = 1500

PIECES = st.sampled_from(
    [
        "'",
        "''",
        '"',
        "$$",
        "$a$",
        "E'",
        "\\'",
        "/*",
        "*/",
        "--",
        "//",
        "/",
        "*",
        ";",
        "\n",
        " ",
        "(",
        ")",
        ",",
        "AS",
        "x",
        "4",
        "1 = 1",
        "OR",
        "external_id",
        "DROP TABLE orders",
        "SELECT 1",
        *ISSPACE_IDENTIFIER_CHARS,
        *UNICODE_SPACES,
    ]
)
HEADS = st.sampled_from(
    [
        "SELECT external_id AS external_user_id FROM users WHERE external_id <> ",
        "SELECT external_user_id FROM (SELECT external_id AS external_user_id FROM users) AS",
        "SELECT external_id AS external_user_id /* ' */ FROM users AS u",
        "SELECT external_id AS",
        "SELECT 4 ",
    ]
)


SEPARATORS = st.sampled_from(["", " ", "\n", *ISSPACE_IDENTIFIER_CHARS, *UNICODE_SPACES])
HIDERS = st.sampled_from(
    [
        "$$; DROP TABLE orders; SELECT 1 --$$",
        "$a$; DROP TABLE orders; SELECT 1 --$a$",
        "'; DROP TABLE orders; SELECT 1 --'",
        "E'\\''; DROP TABLE orders; SELECT 1 --'",
        '"; DROP TABLE orders; SELECT 1 --"',
        '//* AS "*/ 2; DROP TABLE orders; SELECT 1 --"',
        "/* ' */ x",
        "",
    ]
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
@given(
    head=HEADS,
    noise=st.lists(PIECES, max_size=4),
    sep=SEPARATORS,
    hider=HIDERS,
    more=st.lists(PIECES, max_size=4),
    tail=st.sampled_from(["", "x", "'", "$$"]),
)
def test_what_the_guard_accepts_is_one_select_to_duckdb_and_reads_back(
    head: str, noise: list[str], sep: str, hider: str, more: list[str], tail: str
) -> None:
    """Mechanism-shaped texts (a name, a separator, a string or comment that hides a
    second statement) with random pieces around them."""
    text = head + "".join(noise) + sep + hider + "".join(more) + tail
    verdict = guard_segment(text, "duckdb", preview=True)
    if not verdict.ok:
        assert verdict.diagnostics
        return
    assert verdict.query is not None and verdict.analysis is not None
    conn = duckdb.connect()
    try:
        kinds = [s.type.name for s in conn.extract_statements(verdict.query)]
    except duckdb.ParserException:
        return  # DuckDB refuses the whole string: nothing would run
    assert kinds == ["SELECT"], (text, verdict.query)
    for command, kind in (("preview", "SELECT"), ("build", "CREATE"), ("estimate", "EXPLAIN")):
        inside = [s.type.name for s in conn.extract_statements(wrapped(command, verdict.query))]
        assert inside == [kind], (command, text, verdict.query)
    checked = verdict.analysis.statements[0].expression
    assert checked is not None
    assert reads_back_as(checked, sqlglot.parse_one(verdict.query, read="duckdb"), DUCKDB)
