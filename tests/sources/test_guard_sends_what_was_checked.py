"""What runs is what was checked: the red-team mechanisms through `cdisql preview`,
`build` and `estimate` on a real embedded DuckDB source, each proving the database
unchanged (every catalog object, a checksum of every table's rows) and no file written.

Also here: the guard's own contract (the SQL sent is generated from the checked tree
and parses back to it), table functions in every position, the shared deny-list, calls
into other schemas, and `-- noqa` never weakening what a build or preview accepts.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import sqlglot
from click.testing import CliRunner
from redteam_segments import (
    COMMANDS,
    ISSPACE_IDENTIFIER_CHARS,
    MECHANISMS,
    UNICODE_SPACES,
    database_state,
    files_under,
    smuggling,
    wrapped,
)

from cdisql.cli import cli
from cdisql.sources import store
from cdisql.sources.guard import guard_segment
from cdisql.sources.model import Source, SourceState


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def local(warehouse: Path) -> Source:
    return store.add_source(
        Source("local", "duckdb", "main", database=str(warehouse), state=SourceState.ACTIVE)
    )


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_each_red_team_text_would_run_a_second_statement_in_duckdb(mechanism: str) -> None:
    """The texts are real attacks: DuckDB's own parser finds the smuggled statement in
    exactly the string each command used to send, while sqlglot reads one query."""
    for command in COMMANDS:
        text = smuggling(mechanism, command)
        assert len(sqlglot.parse(text, read="duckdb")) == 1
        kinds = [s.type.name for s in duckdb.connect().extract_statements(wrapped(command, text))]
        assert len(kinds) == 3, (command, kinds)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_red_team_segment_changes_nothing_through_the_cli(
    mechanism: str, command: str, local: Source, warehouse: Path, tmp_path: Path
) -> None:
    segment = tmp_path / "segments" / "smuggle.sql"
    segment.parent.mkdir()
    segment.write_text(smuggling(mechanism, command), encoding="utf-8")
    before, files = database_state(warehouse), files_under(tmp_path)
    code, out = _run(command, str(segment), "--source", "local", "--json")
    assert code == 1, out
    reported, _ = json.JSONDecoder().raw_decode(out)
    assert reported["status"] == "refused"
    assert "was sent" in reported["message"]  # "nothing was sent: …"
    assert database_state(warehouse) == before
    assert files_under(tmp_path) == files


@pytest.mark.parametrize("char", ISSPACE_IDENTIFIER_CHARS + UNICODE_SPACES)
@pytest.mark.parametrize("mechanism", ["isspace-dollar", "nbsp-quote-in-comment"])
def test_every_space_like_character_is_closed_by_construction(mechanism: str, char: str) -> None:
    """No list of characters: whatever the separator, the hidden text is a name that is
    not a plain one (and, generated, would not parse back to the checked query)."""
    for command in COMMANDS:
        verdict = guard_segment(smuggling(mechanism, command, char), "duckdb")
        assert not verdict.ok, (command, verdict.query)
        assert verdict.messages()


SENT = [
    "SELECT external_id AS external_user_id FROM users -- a comment; DROP TABLE users",
    "SELECT external_id AS external_user_id /* ' */ FROM users WHERE external_id <> 'a\u00a0b'",
    "SELECT CAST(user_id AS STRING) AS external_user_id FROM users WHERE user_id > 4 // 2",
    "WITH b AS (SELECT user_id FROM orders) SELECT CAST(u.user_id AS VARCHAR) AS "
    "external_user_id FROM users AS u JOIN b USING (user_id)",
]


@pytest.mark.parametrize("text", SENT)
def test_sql_sent_is_generated_from_the_checked_tree_without_comments(text: str) -> None:
    verdict = guard_segment(text, "duckdb")
    assert verdict.ok and verdict.query is not None, verdict.messages()
    assert verdict.query != text
    assert "--" not in verdict.query and "/*" not in verdict.query
    assert verdict.analysis is not None
    checked = verdict.analysis.statements[0].expression
    assert sqlglot.parse_one(verdict.query, read="duckdb") == checked
    assert [s.type.name for s in duckdb.connect().extract_statements(verdict.query)] == ["SELECT"]


def test_a_query_that_does_not_read_back_the_same_is_refused_with_a_clear_message() -> None:
    # sqlglot writes a dollar-quoted name back as a quoted identifier: not the same tree
    verdict = guard_segment(
        "SELECT external_user_id FROM (SELECT external_id AS external_user_id FROM users) "
        "AS $$1x$$",
        "duckdb",
    )
    assert not verdict.ok
    (message,) = verdict.messages()
    assert "does not read back as the query that was checked" in message
    assert "rewrite" in message


def test_a_snowflake_string_type_synonym_is_not_a_change_of_meaning() -> None:
    verdict = guard_segment(
        "SELECT external_id::string AS external_user_id FROM users", "snowflake"
    )
    assert verdict.ok, verdict.messages()
    assert verdict.query == "SELECT CAST(external_id AS VARCHAR) AS external_user_id FROM users"


# columns named after keywords: the generator quotes them; the warehouse stores the same name
KEYWORD_COLUMNS = ("type", "timestamp", "user", "end", "desc", "window", "at", "current_date")


@pytest.mark.parametrize("dialect", ["snowflake", "redshift", "bigquery", "databricks", "duckdb"])
def test_a_column_named_after_a_keyword_is_not_a_change_of_meaning(dialect: str) -> None:
    string = "STRING" if dialect in ("bigquery", "databricks") else "VARCHAR"
    for column in KEYWORD_COLUMNS:
        text = (
            f"SELECT CAST(u.id AS {string}) AS external_user_id FROM users AS u "
            f"WHERE u.{column} = 'x'"
        )
        verdict = guard_segment(text, dialect)
        assert verdict.ok, (column, verdict.messages())


def test_keyword_columns_run_on_duckdb_as_checked() -> None:
    conn = duckdb.connect()
    names = ", ".join(f'"{c}" VARCHAR' for c in KEYWORD_COLUMNS)
    conn.execute(f"CREATE TABLE users (id INTEGER, {names})")
    conn.execute(
        f"INSERT INTO users VALUES (1, {', '.join(['?'] * len(KEYWORD_COLUMNS))})",
        ["x"] * len(KEYWORD_COLUMNS),
    )
    where = " AND ".join(f"u.{c} = 'x'" for c in KEYWORD_COLUMNS if c != "current_date")
    verdict = guard_segment(
        f"SELECT CAST(u.id AS VARCHAR) AS external_user_id FROM users AS u WHERE {where}",
        "duckdb",
    )
    assert verdict.ok and verdict.query is not None, verdict.messages()
    assert conn.execute(verdict.query).fetchall() == [("1",)]


def test_quotes_that_would_change_a_names_case_still_count() -> None:
    # Redshift stores unquoted `Type` as `type`; sqlglot writes it back as "Type"
    verdict = guard_segment(
        "SELECT CAST(u.id AS VARCHAR) AS external_user_id FROM users AS u WHERE u.Type = 'x'",
        "redshift",
    )
    assert not verdict.ok
    assert "does not read back" in verdict.messages()[0]


# -- table functions anywhere, the shared deny-list, other schemas' functions -------------
REFUSED_FUNCTIONS = [
    ("duckdb", "SELECT CAST(c AS VARCHAR) AS external_user_id FROM checkpoint() AS t(c)"),
    ("duckdb", "SELECT external_id AS external_user_id FROM users, LATERAL checkpoint()"),
    ("duckdb", "SELECT external_id AS external_user_id FROM users, LATERAL truncate_duckdb_logs()"),
    (
        "duckdb",
        "SELECT external_id AS external_user_id FROM users "
        "JOIN json_execute_serialized_sql(json_serialize_sql('SELECT 1')) AS j ON true",
    ),
    ("duckdb", "SELECT external_id AS external_user_id FROM users, LATERAL read_duckdb('x.db')"),
    ("duckdb", "SELECT external_id AS external_user_id FROM query('SELECT * FROM users')"),
    (
        "duckdb",
        "SELECT external_id AS external_user_id FROM users "
        "WHERE user_id IN (SELECT * FROM LATERAL query_table('orders'))",
    ),
    ("duckdb", "SELECT CAST(nextval('s') AS VARCHAR) AS external_user_id"),
    ("duckdb", "SELECT CAST(x AS VARCHAR) AS external_user_id FROM my_udtf() AS t(x)"),
    (
        "snowflake",
        "SELECT query_text AS external_user_id FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())",
    ),
    ("snowflake", "SELECT SYSTEM$ABORT_SESSION(1)::varchar AS external_user_id"),
    ("snowflake", "SELECT other.secret_udf(external_id) AS external_user_id FROM users"),
    ("snowflake", "SELECT x AS external_user_id FROM TABLE(other.my_udtf(1))"),
    ("redshift", "SELECT set_config('search_path', 'x', false) AS external_user_id"),
    ("redshift", "SELECT CAST(pg_cancel_backend(1) AS VARCHAR) AS external_user_id"),
    ("redshift", "SELECT CAST(pg_reload_conf() AS VARCHAR) AS external_user_id"),
    ("redshift", "SELECT CAST(lo_import('/etc/passwd') AS VARCHAR) AS external_user_id"),
    ("redshift", "SELECT t AS external_user_id FROM dblink('h', 'DELETE FROM u') AS x(t text)"),
    ("databricks", "SELECT secret('scope', 'key') AS external_user_id"),
    ("databricks", "SELECT CAST(http_request('GET', 'http://x') AS STRING) AS external_user_id"),
    ("databricks", "SELECT x AS external_user_id FROM users, LATERAL other.udtf(users.id)"),
    ("bigquery", "SELECT x AS external_user_id FROM other_dataset.udtf(1)"),
]


@pytest.mark.parametrize(("dialect", "text"), REFUSED_FUNCTIONS)
def test_lint_cdi102_reports_the_same_functions(dialect: str, text: str) -> None:
    from cdisql.lint import LintSettings, lint_text

    settings = LintSettings(select=("CDI102",), source_schema="main", source_database="warehouse")
    result = lint_text(text, dialect, settings=settings)
    assert [d.code for d in result.diagnostics] != [], text


ALLOWED_FUNCTIONS = [
    ("duckdb", "SELECT CAST(r.range AS VARCHAR) AS external_user_id FROM range(3) AS r"),
    ("duckdb", "SELECT CAST(g AS VARCHAR) AS external_user_id FROM generate_series(1, 3) AS t(g)"),
    ("duckdb", "SELECT x AS external_user_id FROM UNNEST(['a', 'b']) AS t(x)"),
    (
        "snowflake",
        "SELECT f.value::varchar AS external_user_id FROM users, LATERAL FLATTEN(input => users.tags) AS f",
    ),
    ("snowflake", "SELECT main.my_udf(external_id) AS external_user_id FROM users"),
    (
        "databricks",
        "SELECT t AS external_user_id FROM users LATERAL VIEW explode(users.tags) x AS t",
    ),
    (
        "bigquery",
        "SELECT CAST(d AS STRING) AS external_user_id "
        "FROM UNNEST(GENERATE_DATE_ARRAY('2024-01-01', '2024-01-31')) AS d",
    ),
    ("bigquery", "SELECT NET.HOST(url) AS external_user_id FROM visits"),
    ("redshift", "SELECT CAST(g AS VARCHAR) AS external_user_id FROM generate_series(1, 3) AS g"),
]


@pytest.mark.parametrize(
    ("dialect", "text", "allowed"),
    [(d, t, False) for d, t in REFUSED_FUNCTIONS] + [(d, t, True) for d, t in ALLOWED_FUNCTIONS],
)
def test_only_listed_table_functions_and_own_schema_functions_pass_the_guard(
    dialect: str, text: str, allowed: bool
) -> None:
    source = Source("s", dialect, "main", database="warehouse")
    verdict = guard_segment(text, source, preview=True)
    assert verdict.ok is allowed, verdict.messages()
    if not allowed:
        assert any("()" in m for m in verdict.messages()), verdict.messages()


# -- noqa never weakens the guard ----------------------------------------------------------
NOQA = [
    ("CDI104", "SELECT user_id AS external_user_id FROM users -- noqa"),
    ("CDI104", "SELECT user_id AS external_user_id FROM users -- noqa: CDI104"),
    ("CDI103", "SELECT external_id AS external_user_id, user_id FROM users -- noqa"),
    ("CDI103", "SELECT * FROM users -- noqa: CDI103"),
    ("CDI105", "SELECT external_id AS external_user_id FROM other.users -- noqa: CDI105"),
    ("CDI104", "SELECT user_id AS external_user_id FROM users /* noqa: CDI301 */ -- noqa: CDI104"),
    ("CDI103", "SELECT * FROM users /* noqa */"),
]


@pytest.mark.parametrize(("code", "text"), NOQA)
def test_noqa_silences_lint_but_never_what_a_build_accepts(
    code: str, text: str, warehouse: Path
) -> None:
    from cdisql.catalog import Catalog, Column, Table
    from cdisql.dialects import DUCKDB
    from cdisql.lint import LintSettings, lint_text

    catalog = Catalog(
        DUCKDB,
        (
            Table(
                "users",
                (Column("user_id", "BIGINT"), Column("external_id", "VARCHAR")),
                database="warehouse",
                schema="main",
            ),
        ),
    )
    settings = LintSettings(source_schema="main", source_database="warehouse")
    linted = lint_text(text, "duckdb", catalog=catalog, settings=settings)
    assert code not in [d.code for d in linted.diagnostics]  # the user silenced lint
    source = Source("local", "duckdb", "main", database=str(warehouse))
    built = guard_segment(text, source, catalog=catalog)
    assert not built.ok and code in [d.code for d in built.diagnostics]
    previewed = guard_segment(text, source, preview=True, catalog=catalog)
    if code == "CDI105":  # the column exemption is the only difference for a preview
        assert not previewed.ok
    else:
        assert previewed.ok, previewed.messages()


# -- BigQuery wildcard tables ---------------------------------------------------------------
WILDCARDS = [
    ("`analytics_1.events_*` WHERE _TABLE_SUFFIX BETWEEN '20240101' AND '20240131'", True),
    ("analytics_1.events_* WHERE _TABLE_SUFFIX > '20240101'", True),
    ("`proj.analytics_1.events_2024*`", True),
    ("events_*", True),
    ("`analytics_1.*`", True),
    ("other.events_*", False),
    ("`other_project.analytics_1.events_*`", False),
    ("`gs://bucket/events_*`", False),
    ("`analytics_1.events_*.csv`", False),
    ("`analytics_1.ev*ents_*`", False),
    ("`analytics_1/events_*`", False),
]


@pytest.mark.parametrize(("table", "allowed"), WILDCARDS)
def test_bigquery_wildcard_tables_of_the_sources_dataset_pass_the_guard(
    table: str, allowed: bool
) -> None:
    source = Source("ga4", "bigquery", "analytics_1", database="proj")
    text = f"SELECT DISTINCT user_pseudo_id AS external_user_id FROM {table}"
    verdict = guard_segment(text, source, preview=True)
    assert verdict.ok is allowed, verdict.messages()
    if allowed:
        assert verdict.query is not None and "*" in verdict.query
    elif "other" in table:
        assert any("this source reads proj.analytics_1 only" in m for m in verdict.messages())
    else:
        assert any("looks like a file path" in m for m in verdict.messages()), verdict.messages()


def test_a_wildcard_is_a_file_path_where_the_warehouse_has_no_wildcard_tables() -> None:
    source = Source("s", "snowflake", "main", database="warehouse")
    verdict = guard_segment("SELECT x AS external_user_id FROM events_*", source, preview=True)
    assert not verdict.ok
