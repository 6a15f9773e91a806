"""BigQuery adapter against bqemulator with the real google-cloud-bigquery client, plus a
FAKE at the client API (labelled) for job timeouts, cancel and dry-run bytes."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from cdisql.sources.base import ConnectError, QueryCancelled, QueryTimeout, adapter_for
from cdisql.sources.bigquery import BigQueryAdapter
from cdisql.sources.errors import translate
from cdisql.sources.estimate import ON_DEMAND_USD_PER_TIB, estimate_with
from cdisql.sources.model import MaxRuntime, SourceState


def test_catalog_has_descriptions_partitioning_and_clustering(
    bigquery_ready: Any, bqemulator: Any
) -> None:
    from google.cloud import bigquery

    client = bqemulator.client()
    try:
        table = bigquery.Table(
            "test-project.contract.events",
            schema=[
                bigquery.SchemaField("external_id", "STRING", description="Braze id"),
                bigquery.SchemaField("day", "DATE"),
                bigquery.SchemaField("kind", "STRING"),
            ],
        )
        table.description = "one row per event"
        table.time_partitioning = bigquery.TimePartitioning(field="day")
        table.clustering_fields = ["kind"]
        client.create_table(table)
    finally:
        client.close()
    adapter = adapter_for(bigquery_ready.source)
    adapter.connect()
    try:
        catalog = adapter.discover_catalog()
    finally:
        adapter.close()
    events = catalog.resolve("events")
    assert events is not None and events.description == "one row per event"
    assert events.partition_by == ("day",) and events.cluster_by == ("kind",)
    assert events.columns[0].description == "Braze id"
    users = catalog.resolve("cdisql_contract_users")
    assert users is not None and {c.name: c.nullable for c in users.columns} == {
        "external_id": True,
        "n": False,
    }


def test_build_table_expires_and_every_job_has_a_timeout(bigquery_ready: Any) -> None:
    from cdisql.sources.build import run_build

    adapters: list[BigQueryAdapter] = []

    def factory(source: Any) -> Any:
        adapter = BigQueryAdapter(source)
        adapters.append(adapter)
        return adapter

    result = run_build(
        bigquery_ready.source.with_changes(state=SourceState.ACTIVE, max_runtime=MaxRuntime(600)),
        "SELECT external_id AS external_user_id FROM cdisql_contract_users",
        adapter_factory=factory,
    )
    assert result.status == "ok", result.message
    assert result.members == 225 and result.dropped is True
    jobs = adapters[0].jobs
    create = next(sql for sql, _ in jobs if sql.startswith("CREATE TABLE"))
    assert (
        "OPTIONS(expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 70 MINUTE)"
        in create
    )
    assert all(config["job_timeout_ms"] is not None for _, config in jobs if not config["dry_run"])
    # the second wall: each job is dry-run first, and runs only as the statement type expected
    for (dry_sql, dry), (sql, real) in zip(jobs[::2], jobs[1::2], strict=True):
        assert dry["dry_run"] and not real["dry_run"] and dry_sql == sql


def test_job_timeout_and_cancel(bigquery_ready: Any) -> None:
    """FAKE client (peers.bigquery_peer.BlockingClient): the emulator runs jobs synchronously."""
    from peers.bigquery_peer import blocking_adapter

    adapter = blocking_adapter(bigquery_ready.source)
    adapter.connect()
    try:
        slow = "SELECT CAST(slowpoke.n AS STRING) FROM cdisql_contract_users AS slowpoke"
        with pytest.raises(QueryTimeout):
            adapter.execute(slow, timeout_s=1)
        assert adapter.client.jobs[-1].job_timeout_ms == 1000
        threading.Timer(0.3, adapter.cancel).start()
        with pytest.raises(QueryCancelled):
            adapter.execute(slow, timeout_s=60)
        assert adapter.client.jobs[-1].cancelled.is_set()
    finally:
        adapter.close()


def test_dry_run_estimate_prices_the_bytes(bigquery_ready: Any) -> None:
    """FAKE dry-run job (the emulator reports 0 bytes): 2 TiB at the on-demand rate."""
    adapter = BigQueryAdapter(bigquery_ready.source)
    adapter.connect()
    sent: list[Any] = []

    class DryRunJob:
        total_bytes_processed = 2 * (1 << 40)
        statement_type = "SELECT"

    def query(sql: str, job_config: Any = None, **kwargs: Any) -> Any:
        sent.append(job_config)
        return DryRunJob()

    try:
        adapter.client.query = query
        figures = estimate_with(adapter, "SELECT external_id FROM cdisql_contract_users")
    finally:
        adapter.close()
    assert sent[0].dry_run is True and sent[0].use_query_cache is False
    assert figures["method"] == "dry run" and figures["bytes_processed"] == 2 * (1 << 40)
    assert figures["price_usd"] == pytest.approx(2 * ON_DEMAND_USD_PER_TIB)


def test_missing_dataset_and_wrong_location_are_reported(bigquery_ready: Any) -> None:
    adapter = adapter_for(bigquery_ready.source.with_changes(schema="no_such_dataset"))
    adapter.connect()
    try:
        check, scratch = adapter.extra_checks()
    finally:
        adapter.close()
    assert not check.ok and "no_such_dataset" in check.detail
    assert scratch.name == "scratch dataset" and not scratch.ok
    assert "no_such_dataset_cdisql_builds" in scratch.detail and scratch.fix
    assert "Data Editor" in scratch.fix and "setup-sql --source peer-bigquery" in scratch.fix


def test_builds_go_to_the_scratch_dataset_not_the_sources(bigquery_ready: Any) -> None:
    """Least privilege: the build's table is created (and deleted) in the scratch dataset;
    the source's dataset, read-only for the identity, never gets a table."""
    from peers.bigquery_peer import DATASET, PROJECT, SCRATCH

    from cdisql.sources.build import run_build
    from cdisql.sources.model import SourceState

    source = bigquery_ready.source.with_changes(state=SourceState.ACTIVE)
    adapter = adapter_for(source)
    adapter.connect()
    try:
        checks = {c.name: c for c in adapter.extra_checks()}
    finally:
        adapter.close()
    assert checks["dataset"].ok and checks["scratch dataset"].ok, checks
    seen: list[str] = []

    class Watching(type(adapter)):  # type: ignore[misc]
        def execute(self, sql: str, *, timeout_s: float | None = None) -> None:
            seen.append(sql)
            super().execute(sql, timeout_s=timeout_s)

    result = run_build(
        source,
        "SELECT external_id AS external_user_id FROM cdisql_contract_users",
        adapter_factory=Watching,
        record=False,
    )
    assert result.status == "ok" and result.members == 225 and result.dropped, result.message
    (create,) = [s for s in seen if s.startswith("CREATE TABLE")]
    assert create.startswith(f"CREATE TABLE `{PROJECT}`.`{SCRATCH}`.`{result.temp_table}`")
    assert f"`{DATASET}`.`cdisql_segment" not in " ".join(seen)


def test_key_file_must_be_private_and_a_service_account_key(
    bigquery_ready: Any, tmp_path: Path
) -> None:
    key = tmp_path / "key.json"
    key.write_text(json.dumps({"type": "authorized_user"}))
    key.chmod(0o600)
    source = bigquery_ready.source.with_changes(
        settings={**bigquery_ready.source.settings, "credentials_file": str(key)}
    )
    with pytest.raises(ConnectError, match="not a service account JSON key"):
        adapter_for(source).connect()
    key.chmod(0o640)
    with pytest.raises(ConnectError, match="chmod 600"):
        adapter_for(source).connect()


@pytest.mark.parametrize(
    ("driver_text", "says"),
    [
        (
            "404 Not found: Dataset my-project:cdi was not found in location US",
            "dataset does not exist",
        ),
        (
            "403 Access Denied: User does not have bigquery.jobs.create permission in project p.",
            "BigQuery Job User",
        ),
        (
            "403 Permission bigquery.tables.create denied on dataset p:cdi",
            "cannot create the build's table",
        ),
        (
            "('invalid_grant: Invalid JWT Signature.', {'error': 'invalid_grant'})",
            "service account key",
        ),
        (
            "403 Request is prohibited by organization's policy. vpcServiceControlsUniqueIdentifier: x",
            "VPC Service Controls",
        ),
    ],
)
def test_driver_errors_become_actionable(driver_text: str, says: str) -> None:
    translated = translate("bigquery", RuntimeError(driver_text))
    assert says in str(translated) and translated.hint


def test_ga4_wildcard_segment_previews_and_builds(bigquery_ready: Any, bqemulator: Any) -> None:
    """A GA4-style segment (`events_*` filtered on `_TABLE_SUFFIX`) is linted, previewed and
    built on the emulator: the guard takes a wildcard over the source's own dataset for a
    table, not for a file path."""
    from peers.bigquery_peer import DATASET, PROJECT

    from cdisql.sources.build import run_build
    from cdisql.sources.preview import run_preview

    client = bqemulator.client()
    try:
        for day, user in (("20240101", "u1"), ("20240102", "u2"), ("20231231", "u0")):
            client.query(
                f"CREATE TABLE `{PROJECT}.{DATASET}.events_{day}` AS "
                f"SELECT '{user}' AS user_pseudo_id, 'purchase' AS event_name"
            ).result()
    finally:
        client.close()
    segment = (
        "SELECT DISTINCT user_pseudo_id AS external_user_id\n"
        f"FROM `{PROJECT}.{DATASET}.events_*`\n"
        "WHERE _TABLE_SUFFIX BETWEEN '20240101' AND '20240131' AND event_name = 'purchase'"
    )
    source = bigquery_ready.source.with_changes(state=SourceState.ACTIVE)
    preview = run_preview(source, segment)
    assert preview.status == "ok", preview.message
    assert sorted(r[0] for r in preview.rows) == ["u1", "u2"]
    built = run_build(source, segment, record=False)
    assert built.status == "ok" and built.members == 2 and built.dropped, built.message
    elsewhere = run_preview(source, segment.replace(f"{DATASET}.events_*", "other.events_*"))
    assert elsewhere.status == "refused" and "other" in elsewhere.message
