"""``cdisql validate`` on the warehouses' local peers and labelled fakes.

Redshift: the real redshift-connector against PostgreSQL (its EXPLAIN, its error
positions, ``has_schema_privilege``), nothing faked. Snowflake: fakesnow cannot answer
EXPLAIN, so a FAKE at the connector's asynchronous query API (the peer's, over fakesnow)
answers ``EXPLAIN USING JSON`` the way Snowflake does (a JSON plan, or the connector's
real ProgrammingError with Snowflake's "error line L at position P" text).
BigQuery: the real client against bqemulator, whose dry run rejects a missing column
(without BigQuery's position) and creates nothing; for bytes and BigQuery's own error
positions (the emulator gives 0 bytes), a FAKE at the client API answers the dry run as
BigQuery does (total_bytes_processed, or the client's real BadRequest with
"at [line:column]", Forbidden for bigquery.tables.create). Databricks: its peer is a DB-API fake.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.sources.store import add_source

CONTRACT = "cdisql_contract_users"
MISSING_COLUMN = (
    "-- the identity cannot see this column\n"
    "SELECT external_id AS external_user_id\n"
    f"FROM {CONTRACT}\n"
    "WHERE n > 3\n"
    "   AND  nosuch_col = 'x'\n"
)
MISSING_FUNCTION = (
    f"SELECT external_id AS external_user_id\nFROM {CONTRACT}\nWHERE  braze_score(n) > 1\n"
)


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **segments: str) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    for name, text in segments.items():
        (folder / f"{name}.sql").write_text(text)
    monkeypatch.chdir(folder)
    return folder


def _validate(source: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["validate", ".", "--source", source, *args])


# -- Redshift: redshift-connector against PostgreSQL -------------------------------------
def _schema_state(peer: Any) -> str:
    return str(
        peer.admin(
            "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
            f"WHERE schemaname = 'cdi'; SELECT count(*), sum(n) FROM cdi.{CONTRACT}"
        )
    )


def test_redshift_missing_column_and_function_are_mapped_to_their_lines(
    redshift_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.redshift_peer import PEER

    add_source(redshift_ready.source.with_changes(name="rs-val"))
    _project(
        tmp_path,
        monkeypatch,
        missing_column=MISSING_COLUMN,
        missing_function=MISSING_FUNCTION,
        fails_if_run=PEER.failing_segment(),  # a runtime error only: EXPLAIN passes it
        good=PEER.segment(),
    )
    before = _schema_state(PEER.server())
    result = _validate("rs-val", "-j", "2")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert re.search(
        r"missing_column\.sql:5:9: CDI401 \[error\] redshift refused .*nosuch_col", out
    ), out
    assert re.search(
        r"missing_function\.sql:3:8: CDI401 \[error\] redshift refused .*braze_score", out
    ), out
    assert "fails_if_run.sql" not in out.split("estimates:")[0]
    assert "good.sql" not in out.split("estimates:")[0]
    assert _schema_state(PEER.server()) == before  # nothing ran, no table was created


def test_redshift_missing_create_grant_is_found_without_creating_a_table(
    redshift_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.redshift_peer import PEER, USER

    add_source(redshift_ready.source.with_changes(name="rs-grant"))
    _project(tmp_path, monkeypatch, good=PEER.segment())
    server = PEER.server()
    before = _schema_state(server)
    server.admin(f"REVOKE CREATE ON SCHEMA cdi FROM {USER}")
    try:
        result = _validate("rs-grant")
    finally:
        server.admin(f"GRANT CREATE ON SCHEMA cdi TO {USER}")
    assert result.exit_code == 1, result.output
    assert (
        "good.sql:1:1: CDI403 [error] the build of this segment would fail: the user may not "
        in (result.stdout)
    )
    assert _schema_state(server) == before
    assert _validate("rs-grant").exit_code == 0


def test_redshift_budget_on_the_planners_bytes(
    redshift_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.redshift_peer import PEER

    add_source(redshift_ready.source.with_changes(name="rs-budget"))
    folder = _project(tmp_path, monkeypatch, good=PEER.segment())
    (folder / "cdisql.toml").write_text('[validate]\nmax_bytes = "10B"\n')
    result = _validate("rs-budget")
    assert result.exit_code == 1, result.output
    assert "good.sql:1:1: CDI402 [error] redshift estimates " in result.stdout
    assert "over the budget of max_bytes = 10 B" in result.stdout


# -- Snowflake: fakesnow, with a FAKE answering EXPLAIN USING JSON ----------------------
_MISSING_IN_ACCOUNT = ("NOSUCH_COL", "BRAZE_SCORE")


def _snowflake_answer(errors: Any, sql: str) -> Any:
    """What Snowflake answers ``EXPLAIN USING JSON …``: the connector's ProgrammingError
    (1-based line, 0-based position in the statement sent), or one JSON plan row."""
    for name in _MISSING_IN_ACCOUNT:
        match = re.search(rf"\b{name}\b", sql, re.I)
        if match:
            line = sql.count("\n", 0, match.start()) + 1
            column = match.start() - (sql.rfind("\n", 0, match.start()) + 1)
            what = "invalid identifier" if name.endswith("COL") else "Unknown function"
            return errors.ProgrammingError(
                msg=f"SQL compilation error: error line {line} at position {column}\n"
                f"{what} '{name}'",
                errno=904,
                sqlstate="42000",
            )
    scan = {"partitionsTotal": 40, "partitionsAssigned": 40, "bytesAssigned": 3_000_000_000}
    plan = {
        "GlobalStats": scan,
        "Operations": [
            [
                {"id": 0, "operation": "Result"},
                {
                    "id": 1,
                    "parentOperators": [0],
                    "operation": "TableScan",
                    "objects": [f"CDISQL.CONTRACT.{CONTRACT.upper()}"],
                    **scan,
                },
            ]
        ],
    }
    return [(json.dumps(plan),)]


def _compiling_connector(explained: list[str]) -> Any:
    """FAKE connector: the peer's asynchronous-API fake (fakesnow underneath), whose
    ``EXPLAIN USING JSON`` is answered by :func:`_snowflake_answer` through the same calls
    Snowflake's would be (query id, status that raises the compile error, results)."""
    import uuid

    from peers.snowflake_peer import AsyncConnector, _AsyncConnection, _AsyncCursor

    answers: dict[str, Any] = {}

    class Cursor(_AsyncCursor):
        rows: list[tuple[Any, ...]] | None = None

        @property
        def description(self) -> Any:
            return [("content",)] if self.rows is not None else self.real.description

        def _submit(self, command: str, params: Any) -> dict[str, Any]:
            self.rows = None
            if not command.upper().startswith("EXPLAIN USING JSON "):
                return super()._submit(command, params)
            explained.append(command)
            query_id = str(uuid.uuid4())
            answers[query_id] = _snowflake_answer(self.conn.owner.real.errors, command)
            return {"queryId": query_id}

        def get_results_from_sfqid(self, sfqid: str) -> None:
            if sfqid in answers:
                self.rows = list(answers[sfqid])
            else:
                super().get_results_from_sfqid(sfqid)

        def fetchmany(self, size: int | None = None) -> list[Any]:
            if self.rows is None:
                return super().fetchmany(size)
            n = len(self.rows) if size is None else size
            out, self.rows = self.rows[:n], self.rows[n:]
            return out

    class Connection(_AsyncConnection):
        def cursor(self) -> Cursor:
            return Cursor(self, self.real.cursor())

        def get_query_status_throw_if_error(self, sf_qid: str) -> Any:
            answer = answers.get(sf_qid)
            if answer is None:
                return super().get_query_status_throw_if_error(sf_qid)
            if isinstance(answer, Exception):
                raise answer
            return self.owner.status["SUCCESS"]

    class Connector(AsyncConnector):
        def connect(self, **kwargs: Any) -> Connection:
            self.connect_kwargs = dict(kwargs)
            real_args = {k: v for k, v in kwargs.items() if k in _real_args()}
            return Connection(self, self.real.connect(**real_args))

    return Connector()


def _real_args() -> frozenset[str]:
    from peers.snowflake_peer import _REAL_4X_ARGS

    return _REAL_4X_ARGS


def test_snowflake_compile_errors_and_partitions_budget(
    snowflake_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peers.snowflake_peer import blocking_adapter

    from cdisql.sources.model import Source
    from cdisql.sources.validate import validate_reports

    explained: list[str] = []
    connector = _compiling_connector(explained)
    from cdisql.project.runner import LintOptions, run_lint

    folder = _project(
        tmp_path,
        monkeypatch,
        missing_column=MISSING_COLUMN,
        missing_function=MISSING_FUNCTION,
        good=f"SELECT external_id AS external_user_id\nFROM {CONTRACT}\n",
    )
    (folder / "cdisql.toml").write_text('dialect = "snowflake"\n')
    from cdisql.sources.validate import Budget

    linted = run_lint(["."], LintOptions())
    source: Source = snowflake_ready.source
    run = validate_reports(
        linted.reports,
        source,
        budgets=lambda report: Budget(max_bytes=1_000_000_000, origin="test"),
        adapter_factory=lambda s: blocking_adapter(s, connector),
        connections=2,
    )
    assert run.fatal is None, run.fatal
    by_name = {Path(s.report.filename).name: s for s in run.segments}
    (column,) = by_name["missing_column.sql"].report.diagnostics
    where = by_name["missing_column.sql"].report.position(column.start)
    assert (column.code, where.row, where.column) == ("CDI401", 5, 9)
    assert "invalid identifier 'NOSUCH_COL'" in column.message
    assert "error line" not in column.message  # the position became the diagnostic's place
    (function,) = by_name["missing_function.sql"].report.diagnostics
    where = by_name["missing_function.sql"].report.position(function.start)
    assert (where.row, where.column) == (3, 8)
    assert "Unknown function 'BRAZE_SCORE'" in function.message
    (budget,) = by_name["good.sql"].report.diagnostics
    assert budget.code == "CDI402" and "2.8 GiB to scan" in budget.message
    assert by_name["good.sql"].estimate is not None
    assert by_name["good.sql"].estimate.partitions_scanned == 40  # none pruned
    assert explained and all(s.startswith("EXPLAIN USING JSON ") for s in explained)


# -- BigQuery: the real client against bqemulator, with a FAKE dry run -------------------
def _dry_running_bigquery(sent: list[Any], *, can_create: bool = True) -> Any:
    from google.api_core import exceptions

    from cdisql.sources.bigquery import BigQueryAdapter

    class DryRunJob:
        total_bytes_processed = 3 * (1 << 40)

        def __init__(self, sql: str) -> None:  # as BigQuery's dry run classifies it
            self.statement_type = (
                "CREATE_TABLE_AS_SELECT" if sql.startswith("CREATE TABLE") else "SELECT"
            )

    class DryRunningBigQueryAdapter(BigQueryAdapter):
        def connect(self) -> None:
            super().connect()

            def query(sql: str, job_config: Any = None, **kwargs: Any) -> Any:
                sent.append((sql, job_config))
                if sql.startswith("CREATE TABLE") and not can_create:
                    raise exceptions.Forbidden(
                        "Access Denied: Dataset test-project:contract: Permission "
                        "bigquery.tables.create denied on dataset test-project:contract"
                    )
                match = re.search(r"\bnosuch_col\b", sql)
                if match:  # BigQuery: 1-based [line:column] in the query sent
                    line = sql.count("\n", 0, match.start()) + 1
                    column = match.start() - (sql.rfind("\n", 0, match.start()) + 1) + 1
                    raise exceptions.BadRequest(
                        f"Unrecognized name: nosuch_col at [{line}:{column}]"
                    )
                return DryRunJob(sql)

            self.client.query = query

    return DryRunningBigQueryAdapter


def test_bigquery_dry_run_error_line_and_bytes_budget(
    bigquery_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdisql.project.runner import LintOptions, run_lint
    from cdisql.sources.validate import Budget, validate_reports

    _project(
        tmp_path,
        monkeypatch,
        missing_column=MISSING_COLUMN,
        good=f"SELECT external_id AS external_user_id\nFROM {CONTRACT}\n",
    )
    sent: list[Any] = []
    adapter_class = _dry_running_bigquery(sent)
    linted = run_lint(["."], LintOptions(dialect="bigquery"))
    run = validate_reports(
        linted.reports,
        bigquery_ready.source,
        budgets=lambda report: Budget(max_bytes=2 * (1 << 40), origin="test"),
        adapter_factory=lambda s: adapter_class(s),
    )
    assert run.fatal is None, run.fatal
    by_name = {Path(s.report.filename).name: s for s in run.segments}
    report = by_name["missing_column.sql"].report
    (error,) = report.diagnostics
    where = report.position(error.start)
    assert (error.code, where.row, where.column) == ("CDI401", 5, 9)
    assert "Unrecognized name: nosuch_col" in error.message
    (over,) = by_name["good.sql"].report.diagnostics
    assert over.code == "CDI402" and "3.0 TiB to scan" in over.message
    assert by_name["good.sql"].estimate is not None
    assert by_name["good.sql"].estimate.price_usd == pytest.approx(3 * 6.25)
    assert sent and all(config.dry_run for _, config in sent)  # nothing ran


def test_bigquery_missing_tables_create_is_found_by_a_dry_run(
    bigquery_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdisql.project.runner import LintOptions, run_lint
    from cdisql.sources.validate import validate_reports

    _project(
        tmp_path, monkeypatch, good=f"SELECT external_id AS external_user_id\nFROM {CONTRACT}\n"
    )
    sent: list[Any] = []
    denied = _dry_running_bigquery(sent, can_create=False)
    linted = run_lint(["."], LintOptions(dialect="bigquery"))
    run = validate_reports(
        linted.reports, bigquery_ready.source, adapter_factory=lambda s: denied(s)
    )
    (diagnostic,) = run.segments[0].report.diagnostics
    assert diagnostic.code == "CDI403" and "bigquery.tables.create" in diagnostic.message
    probes = [(sql, config) for sql, config in sent if sql.startswith("CREATE TABLE")]
    assert len(probes) == 1 and probes[0][1].dry_run  # asked once, by a dry run: nothing made
    granted = _dry_running_bigquery([])
    allowed = validate_reports(
        linted.reports, bigquery_ready.source, adapter_factory=lambda s: granted(s)
    )
    assert allowed.segments[0].report.diagnostics == ()


def test_bigquery_emulator_dry_run_rejects_a_missing_column_and_creates_nothing(
    bigquery_ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real client against bqemulator: its dry run compiles the query (its message
    has no BigQuery position, so the quoted name is found in the file)."""
    add_source(bigquery_ready.source.with_changes(name="bq-val"))
    folder = _project(
        tmp_path,
        monkeypatch,
        missing_column=MISSING_COLUMN,
        good=f"SELECT external_id AS external_user_id\nFROM {CONTRACT}\n",
    )
    (folder / "cdisql.toml").write_text('dialect = "bigquery"\n')
    from peers.bigquery_peer import DATASET, PEER, PROJECT

    client = PEER.server().client()
    try:
        before = sorted(t.table_id for t in client.list_tables(f"{PROJECT}.{DATASET}"))
        result = _validate("bq-val")
        after = sorted(t.table_id for t in client.list_tables(f"{PROJECT}.{DATASET}"))
    finally:
        client.close()
    assert result.exit_code == 1, result.output
    assert re.search(
        r"missing_column\.sql:5:9: CDI401 \[error\] bigquery refused .*nosuch_col", result.stdout
    )
    assert "good.sql" not in result.stdout.split("estimates:")[0]
    assert after == before  # the CREATE TABLE probe was a dry run too
