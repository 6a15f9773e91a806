"""Lint's CDI102 and the guard read one side-effect list (:mod:`cdisql.lint.functions`): every
function on it is reported by lint exactly where the guard refuses it, with the same
message, in every warehouse; read-only functions (Snowflake's information ``SYSTEM$``
functions) pass both."""

from __future__ import annotations

import pytest

from cdisql.dialects import WAREHOUSES
from cdisql.lint import LintSettings, lint_text
from cdisql.lint.functions import READ_ONLY_SYSTEM_FUNCTIONS, SIDE_EFFECT_PREFIXES, SIDE_EFFECTS
from cdisql.sources.guard import guard_segment
from cdisql.sources.model import Source

NAMES = sorted(SIDE_EFFECTS) + [f"{p}_anything" for p in SIDE_EFFECT_PREFIXES]
NAMES += ["system$not_a_known_function"]


def _segment(name: str, dialect: str, arguments: str = "1") -> str:
    cast = "STRING" if dialect in ("bigquery", "databricks") else "VARCHAR"
    return (
        "SELECT external_id AS external_user_id FROM users "
        f"WHERE CAST({name}({arguments}) AS {cast}) = 'x'"
    )


def _verdicts(text: str, dialect: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    settings = LintSettings(select=("CDI102",), source_schema="main", source_database="warehouse")
    linted = lint_text(text, dialect, settings=settings)
    guarded = guard_segment(text, Source("s", dialect, "main", database="warehouse"), preview=True)
    lint = [(d.start, d.message) for d in linted.diagnostics]
    guard = [(d.start, d.message) for d in guarded.diagnostics if d.name == "guard-function"]
    return lint, guard


@pytest.mark.parametrize("dialect", sorted(WAREHOUSES))
def test_lint_reports_every_side_effect_function_where_the_guard_refuses_it(dialect: str) -> None:
    not_a_call = []
    for name in NAMES:
        reported = []
        for arguments in ("1", "'a', 'b'"):  # sqlglot types some calls with an arity
            text = _segment(name, dialect, arguments)
            lint, guard = _verdicts(text, dialect)
            assert lint == guard, (name, dialect, lint, guard)
            if lint:
                assert lint[0][0] == text.index(name), (name, dialect)
                assert lint[0][1].startswith(f"{name.upper()}() "), lint
                reported.append(arguments)
        if reported:
            continue
        if "$" in name:  # not a name in this dialect: the text is refused as it stands
            source = Source("s", dialect, "main", database="warehouse")
            assert not guard_segment(_segment(name, dialect), source).ok, (name, dialect)
        else:
            not_a_call.append(name)
    # GLOB(a, b) is the pattern-matching operator outside DuckDB, not its file-listing table
    assert not_a_call == ([] if dialect == "duckdb" else ["glob"]), (dialect, not_a_call)


@pytest.mark.parametrize("name", sorted(READ_ONLY_SYSTEM_FUNCTIONS))
def test_read_only_system_functions_pass_lint_and_the_guard(name: str) -> None:
    text = _segment(name, "snowflake")
    assert _verdicts(text, "snowflake") == ([], [])
    verdict = guard_segment(text, Source("s", "snowflake", "main", database="warehouse"))
    assert verdict.ok, verdict.messages()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("SYSTEM$CANCEL_QUERY", "changes the database"),
        ("SYSTEM$ABORT_SESSION", "changes the database"),
        ("SYSTEM$WAIT", "is not one of the read-only SYSTEM$ functions"),
        ("SYSTEM$SEND_EMAIL", "changes the database"),
        ("SYSTEM$PIPE_FORCE_RESUME", "is not one of the read-only SYSTEM$ functions"),
    ],
)
def test_snowflake_system_functions_that_act_are_refused_with_why(name: str, says: str) -> None:
    lint, guard = _verdicts(_segment(name, "snowflake"), "snowflake")
    assert lint == guard and len(lint) == 1 and says in lint[0][1], lint
