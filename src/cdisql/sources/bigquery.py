"""BigQuery, through google-cloud-bigquery, with a service-account JSON key.

Settings: the source's project (``--database``) and dataset (``--schema``),
``location`` (default US), ``credentials_file`` (the service account's JSON key,
0600), optionally ``maximum_bytes_billed`` and ``api_endpoint`` (a private endpoint or
a local stand-in; with no key file it connects anonymously, for local stand-ins only).

Runtime cap: ``job_timeout_ms`` on every job (BigQuery stops the job itself), a client
watchdog that cancels the job a little later, and :meth:`cancel` (``job.cancel()``)
from another thread. A build's result table is created in the dataset with an
``expiration_timestamp`` (max runtime + 1 hour) as a safety net, and deleted after the
build; it goes to a scratch dataset apart from the data (``scratch_dataset``, default
``<dataset>_cdisql_builds``, whose tables expire by default after
``scratch_expiration_hours``), so that the identity needs Data Viewer only on the source's
dataset and Data Editor only on the scratch one (``cdisql setup-sql --source NAME``). Catalog: the dataset's ``INFORMATION_SCHEMA`` (tables, descriptions, columns,
partitioning, clustering) in a constant number of queries. Cost: a dry run gives the
bytes a query would process; :func:`cdisql.sources.estimate.estimate` prices them.
"""

from __future__ import annotations

import contextlib
import json
import math
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from cdisql.catalog import Catalog, Column, Table
from cdisql.sources import credentials
from cdisql.sources.base import (
    Adapter,
    BuildTable,
    Check,
    ConnectError,
    Progress,
    QueryCancelled,
    QueryTimeout,
    RowBatch,
    SettingSpec,
    TableInfo,
    WarehouseError,
    build_tables,
    close_quietly,
    is_yes,
    table_kind,
)
from cdisql.sources.errors import EGRESS_HINT, NETWORK, ErrorRule, register_secret, translate
from cdisql.sources.setup_sql import DEFAULT_SCRATCH_EXPIRATION_HOURS, scratch_dataset_name

if TYPE_CHECKING:
    from cdisql.sources.export import ExportProgress, StopCheck

EXPIRATION_MARGIN_MIN = 60
DEFAULT_PAGE_TIMEOUT_S = 60


ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(
        r"job timed out|timed out after|exceeded.*timeout|timeout.*exceeded|deadline exceeded",
        QueryTimeout,
        "the query reached the maximum runtime and was stopped",
        "make the query cheaper or raise the source's max runtime (at most 60m)",
    ),
    ErrorRule(r"job execution was cancel+ed|job .* cancel+ed", QueryCancelled, "query cancelled"),
    ErrorRule(
        r"invalid_grant|invalid jwt signature|account not found|unauthorized|\b401\b",
        ConnectError,
        "Google refused the service account key (deleted, disabled or revoked)",
        "create a new JSON key for the service account and point credentials_file at it",
    ),
    ErrorRule(
        r"not found: dataset",
        WarehouseError,
        "the dataset does not exist in this project and location, or the service "
        "account cannot see it",
        "check the project, dataset and location settings; grant BigQuery Data Viewer "
        "on the dataset",
    ),
    ErrorRule(
        r"not found: project|project .* not found",
        ConnectError,
        "the project does not exist or the service account cannot see it",
        "check the source's --database (the project id, not its name or number)",
    ),
    ErrorRule(
        r"bigquery\.jobs\.create",
        WarehouseError,
        "the service account cannot run queries",
        "grant it the BigQuery Job User role (roles/bigquery.jobUser) on the project",
    ),
    ErrorRule(
        r"bigquery\.tables\.create",
        WarehouseError,
        "the service account cannot create the build's table",
        "grant bigquery.tables.create on the dataset (BigQuery Data Editor, or a custom role)",
    ),
    ErrorRule(
        r"vpc service controls|organization's policy|request is prohibited",
        ConnectError,
        "a VPC Service Controls perimeter or organization policy blocked the request",
        EGRESS_HINT + " in the perimeter's access level",
    ),
    ErrorRule(
        r"access denied|permission .* denied|\b403\b",
        WarehouseError,
        "the service account lacks a permission",
        "grant BigQuery User, BigQuery Data Viewer, BigQuery Job User and "
        "bigquery.tables.create (see `cdisql setup-sql bigquery`)",
    ),
    NETWORK,
)
"""The driver's known failures: what happened and what to do (:func:`~cdisql.sources.errors.translate`)."""


class BigQueryAdapter(Adapter):
    kind = "bigquery"
    driver_package = "google-cloud-bigquery"
    error_rules = ERROR_RULES
    error_positions = ((r"at \[(?P<line>\d+):(?P<column>\d+)\]", 1),)
    settings_spec: ClassVar[tuple[SettingSpec, ...]] = (
        SettingSpec("location", "the dataset's location (US, EU, europe-west1...)", default="US"),
        SettingSpec(
            "credentials_file",
            "service account JSON key file (0600)",
            required=True,
            secret_ref=True,
        ),
        SettingSpec(
            "maximum_bytes_billed", "refuse queries that would bill more bytes", kind="int"
        ),
        SettingSpec("api_endpoint", "API endpoint (private endpoint or local stand-in)"),
        SettingSpec(
            "page_timeout",
            "seconds one page of an export may take over REST before it is retried",
            default=DEFAULT_PAGE_TIMEOUT_S,
            kind="int",
        ),
        SettingSpec(
            "storage_api_endpoint",
            "BigQuery Storage Read API endpoint, when api_endpoint points elsewhere",
        ),
        SettingSpec(
            "scratch_dataset",
            "dataset for the build tables, apart from the data (default <dataset>_cdisql_builds)",
        ),
        SettingSpec(
            "scratch_expiration_hours",
            "default table expiration of the scratch dataset (setup-sql creates it so)",
            default=DEFAULT_SCRATCH_EXPIRATION_HOURS,
            kind="int",
        ),
    )

    watchdog_grace_s: ClassVar[float] = 2.0
    poll_s: ClassVar[float] = 0.2

    def __init__(self, source: Any, *, progress: Progress | None = None) -> None:
        super().__init__(source, progress=progress)
        self.client: Any = None
        self._job: Any = None
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._secrets: list[str | bytes] = []
        self._bigquery: Any = None
        self._credentials: Any = None
        self.export_path: str | None = None
        """How the last export read its rows: ``storage`` (Read API) or ``rest`` (pages)."""
        self.jobs: list[tuple[str, dict[str, Any]]] = []
        """Every job sent: (SQL, the job configuration's settings), for tests and --verbose."""

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def project(self) -> str:
        if not self.source.database:
            raise ConnectError(
                f"source {self.source.name!r} names no project",
                hint=f"set it with `cdisql sources add {self.source.name} --type bigquery "
                "--database PROJECT --replace`",
            )
        return str(self.source.database)

    @property
    def scratch_dataset(self) -> str:
        """The dataset build tables go to (never the source's own)."""
        given = credentials.setting(self.source.settings, "scratch_dataset")
        return scratch_dataset_name(self.schema_name, str(given) if given else None)

    def qualified(self, name: str) -> str:
        if self.is_build_table(name):
            return f"`{self.project}`.`{self.scratch_dataset}`.`{name}`"
        return super().qualified(name)

    @property
    def location(self) -> str:
        return str(credentials.setting(self.source.settings, "location", "US"))

    def driver(self) -> Any:
        return self.import_driver("google.cloud.bigquery")

    def make_credentials(self) -> Any:
        s = self.source.settings
        if not credentials.setting(s, "credentials_file") and credentials.setting(
            s, "api_endpoint"
        ):
            from google.auth.credentials import AnonymousCredentials

            return AnonymousCredentials()
        raw = credentials.read_private_bytes(
            credentials.setting(s, "credentials_file"),
            what="service account key",
            setting_name="credentials_file",
        )
        try:
            info = json.loads(raw)
        except ValueError:
            raise ConnectError(
                "the service account key file is not JSON",
                hint="download a JSON key for the service account (IAM > Service accounts > Keys)",
            ) from None
        if not isinstance(info, dict) or info.get("type") != "service_account":
            raise ConnectError(
                "the key file is not a service account JSON key",
                hint="download a JSON key for the service account (IAM > Service accounts > Keys)",
            )
        for secret in (info.get("private_key"), info.get("private_key_id")):
            if isinstance(secret, str):
                self._secrets.append(secret)
                register_secret(secret)
        from google.oauth2 import service_account

        try:
            return service_account.Credentials.from_service_account_info(
                info, scopes=["https://www.googleapis.com/auth/cloud-platform"]
            )
        except Exception as error:
            raise ConnectError(
                f"cannot use the service account key: {self._scrub(error)}",
                hint="download a new JSON key for the service account",
            ) from None

    def make_client(self) -> Any:
        bigquery = self.driver()
        options = {}
        endpoint = credentials.setting(self.source.settings, "api_endpoint")
        if endpoint:
            options["api_endpoint"] = str(endpoint)
        self._credentials = self.make_credentials()
        return bigquery.Client(
            project=self.project,
            credentials=self._credentials,
            location=self.location,
            client_options=options or None,
        )

    @classmethod
    def identity(cls, settings: Mapping[str, Any]) -> str | None:
        """The service account: the ``user`` setting, else its key file's e-mail."""
        return super().identity(settings) or _service_account_email(
            settings.get("credentials_file")
        )

    def connect(self) -> None:
        self._bigquery = self.driver()
        self.progress(f"connecting to BigQuery project {self.project}")
        try:
            self.client = self.make_client()
        except WarehouseError:
            raise
        except Exception as error:
            raise self._translate(error, ConnectError) from None

    def close(self) -> None:
        client, self.client = self.client, None
        close_quietly(client)

    # -- jobs -----------------------------------------------------------------------------------
    def _scrub(self, error: BaseException) -> str:
        from cdisql.sources.errors import first_line, scrub

        return scrub(first_line(error), self._secrets)

    def _translate(
        self, error: BaseException, default: type[WarehouseError] = WarehouseError
    ) -> WarehouseError:
        return translate(
            self.kind, error, secrets=self._secrets, default=default, names=self.error_names()
        )

    def job_config(self, timeout_s: float | None, **extra: Any) -> Any:
        bigquery = self._bigquery or self.driver()
        config = bigquery.QueryJobConfig(
            default_dataset=f"{self.project}.{self.schema_name}",
            use_legacy_sql=False,
            labels={"tool": "cdisql"},
            **extra,
        )
        if timeout_s is not None:
            config.job_timeout_ms = math.ceil(timeout_s * 1000)
        limit = credentials.setting(self.source.settings, "maximum_bytes_billed")
        if limit:
            config.maximum_bytes_billed = int(limit)
        return config

    def _start(self, sql: str, timeout_s: float | None, **extra: Any) -> Any:
        if self.client is None:
            raise WarehouseError("not connected", hint="call connect() first")
        config = self.job_config(timeout_s, **extra)
        self.jobs.append(
            (sql, {"job_timeout_ms": config.job_timeout_ms, "dry_run": bool(config.dry_run)})
        )
        # no timeout= here: the client would retry and queue duplicate jobs
        return self.client.query(sql, job_config=config, location=self.location, job_retry=None)

    def _wait(self, job: Any, timeout_s: float | None, **result_args: Any) -> Any:
        """The job's result, polling ``job.done()`` so that cancel and the watchdog are
        noticed between polls (no short HTTP timeouts: each poll is one jobs.get)."""
        deadline = (
            None if timeout_s is None else time.monotonic() + timeout_s + self.watchdog_grace_s
        )
        pause = self.poll_s
        while True:
            if self._cancelled.is_set():
                self._cancel_job(job)
                raise QueryCancelled("query cancelled")
            if deadline is not None and time.monotonic() >= deadline:
                self._cancel_job(job)
                raise QueryTimeout(f"query stopped after {timeout_s:g}s (maximum runtime reached)")
            if job.done():
                return job.result(**result_args)
            wait = pause if deadline is None else max(0.0, min(pause, deadline - time.monotonic()))
            self._cancelled.wait(wait)
            pause = min(pause * 1.5, 2.0)

    @contextlib.contextmanager
    def _running(self) -> Iterator[None]:
        self._cancelled.clear()
        try:
            yield
        except WarehouseError as error:
            if self._cancelled.is_set() and not isinstance(error, QueryTimeout):
                raise QueryCancelled("query cancelled") from None
            raise
        except Exception as error:
            if self._cancelled.is_set():
                raise QueryCancelled("query cancelled") from None
            raise self._translate(error) from None
        finally:
            with self._lock:
                self._job = None

    def _dry_run(self, sql: str, *expect: str) -> Any:
        """A dry run of ``sql`` (free, nothing runs), refused unless BigQuery itself reads it
        as one statement of a type in ``expect`` (``SELECT``, ``CREATE_TABLE_AS_SELECT``):
        BigQuery runs scripts natively, so this is the wall behind the guard."""
        job = self._start(sql, None, dry_run=True, use_query_cache=False)
        found = str(getattr(job, "statement_type", None) or "")
        if found not in expect:
            raise WarehouseError(
                f"BigQuery reads this SQL as {found or 'an unknown statement'}, not one "
                f"{' or '.join(expect)}: nothing was run",
                hint="a segment is exactly one SELECT",
            )
        return job

    def _run(
        self, sql: str, timeout_s: float | None, expect: tuple[str, ...], **result_args: Any
    ) -> Any:
        self._dry_run(sql, *expect)
        job = self._start(sql, timeout_s)
        with self._lock:
            self._job = job
        if self._cancelled.is_set():
            self._cancel_job(job)
        return self._wait(job, timeout_s, **result_args)

    def _cancel_job(self, job: Any) -> None:
        with contextlib.suppress(Exception):
            job.cancel()

    # -- primitives -----------------------------------------------------------------------------
    def execute(self, sql: str, *, timeout_s: float | None = None) -> None:
        with self._running():  # the build's CTAS (DROP goes through the tables API)
            self._run(sql, timeout_s, ("CREATE_TABLE_AS_SELECT", "SELECT"))

    def fetch(
        self,
        sql: str,
        *,
        timeout_s: float | None = None,
        max_rows: int | None = None,
        batch_size: int = 10_000,
    ) -> Iterator[RowBatch]:
        with self._running():
            rows = self._run(
                sql, timeout_s, ("SELECT",), page_size=batch_size, max_results=max_rows
            )
            columns = tuple(field.name for field in (rows.schema or ()))
            pages = iter(rows.pages)
        seen = 0
        while True:
            with self._running():
                page = next(pages, None)
                if page is None:
                    return
                batch = [tuple(row.values()) for row in page]
            if max_rows is not None:
                batch = batch[: max_rows - seen]
            # a page may exceed batch_size when the server ignores page_size: split it
            for start in range(0, len(batch), batch_size):
                yield RowBatch(columns, batch[start : start + batch_size])
            seen += len(batch)
            if max_rows is not None and seen >= max_rows:
                return

    def cancel(self) -> None:
        self._cancelled.set()
        with self._lock:
            job = self._job
        if job is not None:
            self._cancel_job(job)

    # -- export: the Storage Read API, REST pages when it cannot be used ----------------------
    def export_ids(
        self,
        table: str,
        path: Path,
        *,
        timeout_s: float | None,
        batch_rows: int = 100_000,
        progress: ExportProgress | None = None,
        should_stop: StopCheck | None = None,
    ) -> int:
        """The ids of ``table`` through the BigQuery Storage Read API as Arrow record
        batches (parallel streams, no global sort), or, when its client cannot be created,
        through REST pages of ``batch_rows``, each request bounded by ``page_timeout``.
        Memory holds one batch at a time either way."""
        from cdisql.sources.export import id_csv

        page_timeout = float(
            credentials.setting(self.source.settings, "page_timeout", DEFAULT_PAGE_TIMEOUT_S)
        )
        storage = self.storage_client()
        self.export_path = "storage" if storage is not None else "rest"
        try:
            with self._running():
                rows = self._run(
                    self.ids_sql(table),
                    timeout_s,
                    ("SELECT",),
                    page_size=batch_rows,
                    timeout=page_timeout,
                )
            with id_csv(path, progress=progress, should_stop=should_stop) as out:
                if storage is not None:
                    batches = rows.to_arrow_iterable(bqstorage_client=storage, timeout=timeout_s)
                    while True:
                        with self._running():
                            batch = next(batches, None)
                        if batch is None:
                            break
                        out.write_arrow(batch)
                else:
                    pages = iter(rows.pages)
                    while True:
                        with self._running():
                            page = next(pages, None)
                            values = None if page is None else [row[0] for row in page]
                        if values is None:
                            break
                        out.write_values(values)
            return out.count
        finally:
            # the Storage client's gRPC channel
            close_quietly(getattr(storage, "transport", None))

    def storage_client(self) -> Any:
        """A BigQuery Storage Read API client on the source's credentials, or None when it
        cannot be created: google-cloud-bigquery-storage or pyarrow missing, or an
        ``api_endpoint`` (a private endpoint, a local stand-in) without a
        ``storage_api_endpoint``."""
        settings = self.source.settings
        endpoint = credentials.setting(settings, "storage_api_endpoint")
        if credentials.setting(settings, "api_endpoint") and not endpoint:
            return None
        try:
            import pyarrow  # noqa: F401
            from google.cloud import bigquery_storage
        except ImportError:
            return None
        try:
            return bigquery_storage.BigQueryReadClient(
                credentials=self._credentials,
                client_options={"api_endpoint": str(endpoint)} if endpoint else None,
            )
        except Exception:
            return None

    # -- the build's table: in the dataset, expiring as a safety net --------------------------
    def create_temp_table(self, table: str, query: str, *, timeout_s: float | None) -> None:
        runtime = timeout_s if timeout_s is not None else self.source.max_runtime.seconds
        minutes = math.ceil(runtime / 60) + EXPIRATION_MARGIN_MIN
        sql = (
            f"CREATE TABLE {self.qualified(table)} "
            f"OPTIONS(expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), "
            f"INTERVAL {minutes} MINUTE), labels = [('tool', 'cdisql')]) AS {query}"
        )
        self.execute(sql, timeout_s=timeout_s)

    def drop_table(self, table: str) -> None:
        """Delete through the tables API: no job, works even while jobs are being cancelled."""
        if self.client is None:
            raise WarehouseError("not connected", hint="call connect() first")
        try:
            self.client.delete_table(
                f"{self.project}.{self.scratch_dataset}.{table}", not_found_ok=True
            )
        except Exception as error:
            raise self._translate(error) from None

    # -- discovery --------------------------------------------------------------------------
    def _info(self, view: str, dataset: str | None = None) -> str:
        return f"`{self.project}.{dataset or self.schema_name}`.INFORMATION_SCHEMA.{view}"

    def _query(self, sql: str, timeout_s: float = 120) -> list[tuple[Any, ...]]:
        return [row for batch in self.fetch(sql, timeout_s=timeout_s) for row in batch.rows]

    def _descriptions(self) -> dict[str, str]:
        rows = self._query(
            f"SELECT table_name, option_value FROM {self._info('TABLE_OPTIONS')} "
            "WHERE option_name = 'description'"
        )
        return {str(name): _option_string(value) for name, value in rows if value}

    def list_tables(self) -> list[TableInfo]:
        rows = self._query(
            f"SELECT table_name, table_type FROM {self._info('TABLES')} ORDER BY table_name"
        )
        descriptions = self._descriptions()
        return [
            TableInfo(name, table_kind(kind), descriptions.get(name) or None)
            for name, kind in rows
            if not self.is_build_table(name)
        ]

    def list_build_tables(self) -> list[BuildTable]:
        """``INFORMATION_SCHEMA.TABLES.creation_time`` of the dataset builds write to."""
        rows = self._query(
            f"SELECT table_name, creation_time FROM {self._info('TABLES', self.scratch_dataset)} "
            "WHERE STARTS_WITH(LOWER(table_name), 'cdisql_segment')"
        )
        return build_tables(rows)

    def discover_catalog(self) -> Catalog:
        """Three INFORMATION_SCHEMA queries, plus column descriptions from
        ``COLUMN_FIELD_PATHS`` (or the tables API where that view is missing)."""
        tables = self._query(f"SELECT table_name, table_type FROM {self._info('TABLES')}")
        descriptions = self._descriptions()
        columns = self._query(
            "SELECT table_name, column_name, data_type, is_nullable, is_partitioning_column, "
            f"clustering_ordinal_position FROM {self._info('COLUMNS')} "
            "ORDER BY table_name, ordinal_position"
        )
        names = [str(t[0]) for t in tables if not self.is_build_table(t[0])]
        column_notes = self._column_descriptions(names)
        by_table: dict[str, list[Column]] = {}
        partitions: dict[str, list[str]] = {}
        clusters: dict[str, list[tuple[int, str]]] = {}
        for table, column, data_type, nullable, partitioning, clustering in columns:
            by_table.setdefault(table, []).append(
                Column(
                    column,
                    data_type,
                    is_yes(nullable),
                    column_notes.get((table, column)),
                )
            )
            if is_yes(partitioning):
                partitions.setdefault(table, []).append(column)
            if clustering is not None:
                clusters.setdefault(table, []).append((int(clustering), column))
        result = [
            Table(
                name=name,
                columns=tuple(by_table.get(name, ())),
                database=self.project,
                schema=self.source.schema,
                kind=table_kind(kind),
                description=descriptions.get(name) or None,
                partition_by=tuple(partitions.get(name, ())),
                cluster_by=tuple(c for _, c in sorted(clusters.get(name, []))),
            )
            for name, kind in sorted(tables, key=lambda r: str(r[0]))
            if not self.is_build_table(name)
        ]
        return self.make_catalog(result)

    def _column_descriptions(self, tables: list[str]) -> dict[tuple[str, str], str]:
        try:
            rows = self._query(
                f"SELECT table_name, column_name, description FROM {self._info('COLUMN_FIELD_PATHS')} "
                "WHERE description IS NOT NULL AND field_path = column_name"
            )
            return {(str(t), str(c)): str(d) for t, c, d in rows if d}
        except (QueryTimeout, QueryCancelled):
            raise
        except WarehouseError:
            pass  # a stand-in without COLUMN_FIELD_PATHS: ask the tables API instead
        notes: dict[tuple[str, str], str] = {}
        for name in tables:
            try:
                table = self.client.get_table(f"{self.project}.{self.schema_name}.{name}")
            except Exception as error:
                raise self._translate(error) from None
            for field in table.schema:
                if field.description:
                    notes[(name, field.name)] = field.description
        return notes

    # -- connection test ------------------------------------------------------------------------
    def create_table_problem(self) -> str | None:
        """A dry run of the build's CREATE TABLE … AS SELECT: checked, never created."""
        probe = f"CREATE TABLE {self.qualified(self.temp_table_name())} AS SELECT 1 AS probe"
        try:
            self.dry_run_bytes(probe)
        except WarehouseError as error:
            if "tables.create" in f"{error} {error.detail or ''}":
                return (
                    f"the service account may not create tables in dataset {self.source.schema} "
                    "(grant bigquery.tables.create on it: BigQuery Data Editor or a custom role)"
                )
        return None

    def extra_checks(self) -> list[Check]:
        """The source's dataset and the scratch dataset exist, in the source's location."""
        setup = f"`cdisql setup-sql --source {self.source.name}` prints the commands"
        return [
            self._check_dataset(
                "dataset",
                self.schema_name,
                f"check the project and dataset; grant BigQuery Data Viewer on the dataset ({setup})",
            ),
            self._check_dataset(
                "scratch dataset",
                self.scratch_dataset,
                "create it (bq mk --dataset, with a default table expiration) and grant BigQuery "
                f"Data Editor on it only ({setup})",
            ),
        ]

    def _check_dataset(self, name: str, dataset_id: str, fix: str) -> Check:
        dataset = f"{self.project}.{dataset_id}"
        try:
            found = self.client.get_dataset(dataset)
        except Exception as error:
            return Check(name, False, f"dataset {dataset}: {self._translate(error)}", fix=fix)
        where = getattr(found, "location", None)
        if where and str(where).lower() != self.location.lower():
            return Check(
                name,
                False,
                f"dataset {dataset} is in {where}, not {self.location}",
                fix=f"set the source's location to {where}, or keep both datasets in one location",
            )
        return Check(name, True, f"dataset {dataset} is visible ({where or self.location})")

    # -- estimate -----------------------------------------------------------------------------
    def dry_run_bytes(self, sql: str) -> int:
        """Bytes the query would process, from a dry run (free, nothing runs)."""
        with self._running():
            job = self._dry_run(sql, "SELECT", "CREATE_TABLE_AS_SELECT")  # validate's CTAS
            return int(job.total_bytes_processed or 0)


def _option_string(value: Any) -> str:
    text = str(value)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        with contextlib.suppress(ValueError):
            return str(json.loads(text))
    return text


ADAPTER = BigQueryAdapter


def _service_account_email(key_file: Any) -> str | None:
    """The ``client_email`` of a service account key file, when it can be read."""
    if not key_file:
        return None
    try:
        info = json.loads(
            credentials.read_private_bytes(
                key_file, what="service account key", setting_name="credentials_file"
            )
        )
    except Exception:
        return None
    email = info.get("client_email") if isinstance(info, dict) else None
    return str(email) if email else None
