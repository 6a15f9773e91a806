"""BigQuery peer: bqemulator (DuckDB-backed REST emulator) for google-cloud-bigquery.

bqemulator runs from its own virtualenv (it pins its own duckdb; its spatial extension
is installed offline by scripts/install-peers.sh) on free 127.0.0.1 ports; the real
client talks REST to it with anonymous credentials.

What it shows for real: the client, jobs with a default dataset, INFORMATION_SCHEMA
TABLES / TABLE_OPTIONS / COLUMNS (types, nullability, partitioning, clustering),
the tables API (descriptions), CTAS with OPTIONS(expiration_timestamp), delete_table.
What it cannot show (``cannot``): job timeouts (``job_timeout_ms`` is ignored: jobs
run synchronously), cancel (the job is already done), table expiration, dry-run byte
counts (always 0), ``COLUMN_FIELD_PATHS`` (the adapter falls back to the tables API),
service-account authentication. Timeout and cancel run against :class:`BlockingClient`,
a FAKE at the client API whose slow query job blocks until cancelled or until its
``job_timeout_ms`` passes.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cdisql.sources.model import Source
from peers import SLOW_ALIAS, ServerPeer
from peers._local import (
    executable,
    free_port,
    missing,
    peers_dir,
    require_module,
    wait_for_port,
)

PROJECT = "test-project"
DATASET = "contract"
SCRATCH = "contract_cdisql_builds"
"""Where the adapter builds (its default scratch dataset for DATASET)."""


def bqemulator_binary() -> Path | None:
    return executable(peers_dir() / "bqemulator" / "bin" / "bqemulator", "bqemulator")


class BqEmulatorServer:
    def __init__(self) -> None:
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> BqEmulatorServer:
        binary = bqemulator_binary()
        if binary is None:
            missing("bqemulator (the BigQuery peer)")
        assert binary is not None
        self.port = free_port()
        self._process = subprocess.Popen(
            [
                str(binary),
                "start",
                "--rest-host",
                "127.0.0.1",
                "--rest-port",
                str(self.port),
                "--grpc-host",
                "127.0.0.1",
                "--grpc-port",
                str(free_port()),
                "--project",
                PROJECT,
                "--log-level",
                "error",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, timeout_s=90, process=self._process)
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def client(self) -> Any:
        from google.auth.credentials import AnonymousCredentials
        from google.cloud import bigquery

        return bigquery.Client(
            project=PROJECT,
            credentials=AnonymousCredentials(),
            client_options={"api_endpoint": self.endpoint},
        )

    def source(self, name: str = "bq", *, dataset: str = DATASET, **settings: Any) -> Source:
        return Source(
            name=name,
            type="bigquery",
            schema=dataset,
            database=PROJECT,
            settings={"api_endpoint": self.endpoint, "location": "US", **settings},
        )


# -- a FAKE at the client API, for what the emulator cannot show ---------------------------
class BlockingClient:
    """FAKE ``bigquery.Client``: a query naming the slow alias returns a job that blocks.

    The job follows the real ``QueryJob`` API the adapter uses (``done()``,
    ``result(timeout=…)`` raising ``concurrent.futures.TimeoutError`` while running,
    ``cancel()``, ``job_id``); past its ``job_timeout_ms`` it fails the way BigQuery reports a job
    timeout, after ``cancel()`` the way it reports a cancelled job. Other calls go to the
    real client and the emulator.
    """

    def __init__(self, real: Any) -> None:
        self.real = real
        self.jobs: list[_BlockingJob] = []

    def query(self, sql: str, job_config: Any = None, **kwargs: Any) -> Any:
        if SLOW_ALIAS in sql.lower() and not getattr(job_config, "dry_run", False):
            timeout_ms = getattr(job_config, "job_timeout_ms", None)  # the client keeps a str
            job = _BlockingJob(int(timeout_ms) if timeout_ms is not None else None)
            self.jobs.append(job)
            return job
        return self.real.query(sql, job_config=job_config, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class _BlockingJob:
    def __init__(self, job_timeout_ms: int | None) -> None:
        self.job_id = f"fake_{id(self):x}"
        self.started = time.monotonic()
        self.job_timeout_ms = job_timeout_ms
        self.cancelled = threading.Event()

    def cancel(self) -> bool:
        self.cancelled.set()
        return True

    def _timed_out(self) -> bool:
        return self.job_timeout_ms is not None and (
            time.monotonic() - self.started >= self.job_timeout_ms / 1000
        )

    def done(self, *_: Any, **__: Any) -> bool:
        return self.cancelled.is_set() or self._timed_out()

    def result(self, timeout: float | None = None, **_: Any) -> Any:
        from google.api_core import exceptions

        if self.cancelled.wait(timeout or 0):
            raise exceptions.BadRequest("Job execution was cancelled: User requested cancellation")
        if self._timed_out():
            raise exceptions.BadRequest(
                f"Job execution was cancelled: Job timed out after {self.job_timeout_ms // 1000} sec"
            )
        raise concurrent.futures.TimeoutError()


def blocking_adapter(source: Source) -> Any:
    """A BigQueryAdapter whose client is :class:`BlockingClient` (FAKE)."""
    from cdisql.sources.bigquery import BigQueryAdapter

    class BlockingBigQueryAdapter(BigQueryAdapter):
        def make_client(self) -> Any:
            return BlockingClient(super().make_client())

    return BlockingBigQueryAdapter(source)


# -- the adapter contract (tests/contract) ------------------------------------------------
class BigQueryContractPeer(ServerPeer[BqEmulatorServer]):
    name = "bigquery"
    kind = "bigquery"
    cannot: frozenset[str] = frozenset({"timeout", "cancel"})
    string_type = "STRING"
    int_type = "INT64"

    def unavailable(self) -> str | None:
        require_module("google.cloud.bigquery", "google-cloud-bigquery")
        if bqemulator_binary() is None:
            missing("bqemulator (the BigQuery peer)")
        return None

    def start_server(self) -> BqEmulatorServer:
        return BqEmulatorServer().start()

    @contextlib.contextmanager
    def setup(self, tmp_path: Path) -> Iterator[Any]:
        from google.cloud import bigquery

        from peers import CONTRACT_ROWS, CONTRACT_TABLE, CONTRACT_TABLE_DESCRIPTION, PeerSetup

        server = self.server()
        client = server.client()
        try:
            for dataset in (DATASET, SCRATCH):
                client.delete_dataset(
                    f"{PROJECT}.{dataset}", delete_contents=True, not_found_ok=True
                )
                client.create_dataset(bigquery.Dataset(f"{PROJECT}.{dataset}"))
            table = bigquery.Table(
                f"{PROJECT}.{DATASET}.{CONTRACT_TABLE}",
                schema=[
                    bigquery.SchemaField("external_id", "STRING", description="Braze external id"),
                    bigquery.SchemaField("n", "INT64", mode="REQUIRED", description="row number"),
                ],
            )
            table.description = CONTRACT_TABLE_DESCRIPTION
            client.create_table(table)
            values = ", ".join(
                f"({'NULL' if e is None else repr(e)}, {n})" for e, n in CONTRACT_ROWS
            )
            client.query(
                f"INSERT INTO `{PROJECT}.{DATASET}.{CONTRACT_TABLE}` VALUES {values}"
            ).result()
            client.query(
                f"CREATE VIEW `{PROJECT}.{DATASET}.contract_view` AS "
                f"SELECT * FROM `{PROJECT}.{DATASET}.{CONTRACT_TABLE}`"
            ).result()
        finally:
            client.close()
        yield PeerSetup(server.source("peer-bigquery"))

    def blocking_adapter_factory(self, setup: Any) -> Any:
        return blocking_adapter

    def leftover_tables(self, setup: Any) -> list[str]:
        client = self.server().client()
        try:
            return [
                t.table_id
                for dataset in (DATASET, SCRATCH)
                for t in client.list_tables(f"{PROJECT}.{dataset}")
                if t.table_id.startswith("cdisql_segment_")
            ]
        finally:
            client.close()


PEER = BigQueryContractPeer()
