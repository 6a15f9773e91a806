"""What differs between the warehouses, as data.

One frozen :class:`Warehouse` per kind (Snowflake, Redshift, BigQuery, Databricks and the
embedded DuckDB). Code that needs a difference reads it from here instead of branching
on the warehouse name: the sqlglot dialect, the string type used for ids, how unquoted
names fold, how to quote, the timeout statement, the temporary-table syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class NameFolding(str, Enum):
    """How a warehouse treats an unquoted identifier."""

    UPPER = "upper"  # Snowflake: unquoted names fold to upper case
    LOWER = "lower"  # Redshift / PostgreSQL / DuckDB / Databricks: fold to lower case
    CASE_SENSITIVE = "case_sensitive"  # BigQuery table names: exact match


@dataclass(frozen=True)
class Warehouse:
    """The facts about one warehouse kind that the core and the adapters read."""

    kind: str
    """Stable identifier: ``snowflake``, ``redshift``, ``bigquery``, ``databricks``, ``duckdb``."""
    title: str
    dialect: str
    """sqlglot dialect name."""
    string_type: str
    """The type ``external_user_id`` is cast to."""
    folding: NameFolding
    """How unquoted table names fold (column names may differ: see ``columns_case_sensitive``)."""
    columns_case_sensitive: bool
    quote_open: str
    quote_close: str
    schema_word: str
    """What the warehouse calls the namespace a source reads: schema or dataset."""
    timeout_statement: str | None
    """Session statement that caps runtime; ``{seconds}`` / ``{ms}`` are filled in."""
    temp_table_template: str
    """CTAS for the build's temporary table; ``{table}`` and ``{query}`` are filled in."""
    drop_table_template: str
    catalog_case_insensitive: bool = False
    """True when the warehouse matches schema and table names whatever their case (DuckDB,
    Databricks): catalog filters then compare lower-cased names."""
    unquoted_extra_chars: str = ""
    """Characters besides letters, digits and ``_`` an unquoted name may hold (``$``)."""
    table_functions: frozenset[str] = frozenset()
    """The only functions a segment may call in FROM, JOIN, LATERAL or ``TABLE()`` position
    (lower case, as the warehouse spells them): row generators and array expanders."""
    function_namespaces: frozenset[str] = frozenset()
    """Qualifiers of built-in functions (BigQuery ``NET.HOST``); any other schema-qualified
    function is a UDF of another schema and is refused."""
    read_only_transaction: str | None = None
    """The statement that opens a read-only transaction, where the warehouse has one."""
    database_file_title: str | None = None
    """What a source's database setting is when it names a local file (``DuckDB file``)
    rather than a database SQL names: then it is a path, and never a qualifier."""
    default_schema: str | None = None
    """The schema a source reads when none is given (DuckDB's ``main``)."""
    emulates_dialects: bool = False
    """A source may run segments written in another warehouse's SQL (its ``dialect``)."""
    quoted_names_keep_case: bool = False
    """True when a quoted name keeps its case for every kind of name (Snowflake: ``"id"`` is
    not ``ID``, ``WITH "recent"`` is not ``recent``); elsewhere quoting changes no match."""
    case_sensitive_names: frozenset[str] = frozenset()
    """Kinds of name (``table``, ``cte``, ``alias``, ``column``) matched exactly as written,
    quoted or not: BigQuery's dataset tables; its CTE names, aliases and columns are not."""
    select_alias_clauses: frozenset[str] = frozenset(
        {"select", "where", "group", "having", "qualify", "order"}
    )
    """Clauses of a SELECT that may read the aliases of its own SELECT list (``select``: a
    later item of the list). BigQuery: GROUP BY, HAVING, QUALIFY, ORDER BY only;
    Databricks also the SELECT list (lateral column aliases), not WHERE."""
    database_word: str = "database"
    """What the warehouse calls the level above a schema: database, or BigQuery's project."""

    # -- names -------------------------------------------------------------------------
    def fold(self, name: str, *, quoted: bool = False) -> str:
        """The name the warehouse stores for an identifier written as ``name``."""
        if quoted or self.folding is NameFolding.CASE_SENSITIVE:
            return name
        if self.folding is NameFolding.UPPER:
            return name.upper()
        return name.lower()

    def name_key(self, name: str, kind: str, *, quoted: bool = False) -> str:
        """What two names of ``kind`` (``table``, ``cte``, ``alias``, ``column``) share when the
        warehouse reads them as one. ``name`` as written in SQL (``quoted`` when in quotes),
        or a stored name (a catalog's, with ``quoted=True``)."""
        if kind in self.case_sensitive_names:
            return name
        if self.quoted_names_keep_case:
            return name if quoted else self.fold(name)
        return name.casefold()

    def stored_name(self, name: str) -> str:
        """The name the warehouse stores for a database, schema or dataset name given in a
        source's settings (``--schema CDI``): a plain name folds like an unquoted identifier
        (Snowflake ``CDI``, Redshift and Databricks ``cdi``, BigQuery as written); any other
        name could only have been created quoted and is taken exactly as written."""
        extra = re.escape(self.unquoted_extra_chars)
        plain = re.fullmatch(rf"[A-Za-z_][A-Za-z0-9_{extra}]*", name) is not None
        return self.fold(name, quoted=not plain)

    def render_stored(self, name: str) -> str:
        """A settings name (:meth:`stored_name`) as SQL that reaches exactly that object."""
        return self.quote(self.stored_name(name))

    def name_filter(self, column: str, placeholder: str) -> str:
        """A SQL condition matching catalog ``column`` to a :meth:`stored_name` parameter."""
        if self.catalog_case_insensitive:
            return f"lower({column}) = lower({placeholder})"
        return f"{column} = {placeholder}"

    def key(self, name: str) -> str:
        """The lookup key for a stored name; lookups are case-insensitive except BigQuery."""
        if self.folding is NameFolding.CASE_SENSITIVE:
            return name
        return name.casefold()

    def needs_quotes(self, name: str) -> bool:
        """True when ``name`` must be quoted to be read back as written."""
        if not _PLAIN_NAME.match(name):
            return True
        if self.folding is NameFolding.UPPER:
            return name != name.upper()
        if self.folding is NameFolding.LOWER:
            return name != name.lower()
        return False

    def quote(self, name: str) -> str:
        """``name`` quoted for this warehouse (embedded quote characters doubled)."""
        if self.quote_close == "`":
            inner = name.replace("`", "\\`")
        else:
            inner = name.replace(self.quote_close, self.quote_close * 2)
        return f"{self.quote_open}{inner}{self.quote_close}"

    def render_name(self, name: str) -> str:
        """``name`` as it should be written in SQL: quoted only when it must be."""
        return self.quote(name) if self.needs_quotes(name) else name

    # -- SQL pieces --------------------------------------------------------------------
    def cast_to_string(self, sql: str) -> str:
        """``sql`` wrapped in the dialect's cast to its string type."""
        return f"CAST({sql} AS {self.string_type})"

    def timeout_sql(self, seconds: float) -> str | None:
        if self.timeout_statement is None:
            return None
        whole = max(1, int(seconds + 0.999))
        return self.timeout_statement.format(seconds=whole, ms=whole * 1000)

    def create_temp_table_sql(self, table: str, query: str) -> str:
        return self.temp_table_template.format(table=table, query=query)

    def drop_table_sql(self, table: str) -> str:
        return self.drop_table_template.format(table=table)


_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _names(text: str) -> list[str]:
    return text.split()


DENIED_FUNCTIONS: dict[str, str] = {
    **dict.fromkeys(
        _names(
            # DuckDB: files, URLs, other databases, the host, SQL in a string
            "read_csv read_csv_auto read_parquet parquet_scan read_json read_json_auto "
            "read_json_objects read_json_objects_auto read_ndjson read_ndjson_auto "
            "read_ndjson_objects read_text read_blob read_xlsx read_avro read_orc read_duckdb "
            "glob query query_table json_execute_serialized_sql sqlite_scan sqlite_attach "
            "postgres_scan postgres_scan_pushdown postgres_attach postgres_query postgres_execute "
            "mysql_scan mysql_query mysql_execute iceberg_scan iceberg_metadata iceberg_snapshots "
            "delta_scan parquet_metadata parquet_schema parquet_file_metadata parquet_kv_metadata "
            "parquet_bloom_probe sniff_csv getenv load_file duckdb_secrets which_secret "
            # BigQuery, Snowflake, PostgreSQL/Redshift, Databricks: the same, elsewhere
            "external_query result_scan infer_schema read_files read_kafka read_kinesis "
            "read_pubsub read_pulsar dblink dblink_exec dblink_connect dblink_send_query "
            "lo_import lo_export pg_read_file pg_read_binary_file pg_ls_dir pg_stat_file "
            "query_to_xml query_to_xml_and_xmlschema cursor_to_xml secret try_secret "
            "list_secrets http_request ai_query"
        ),
        "reads files, URLs, secrets or other systems",
    ),
    **dict.fromkeys(
        _names(
            # state changes: sequences, checkpoints, logs, settings, sessions, locks
            "nextval setval setseed checkpoint force_checkpoint truncate_duckdb_logs "
            "enable_logging disable_logging set_config pg_terminate_backend pg_cancel_backend "
            "pg_reload_conf pg_rotate_logfile pg_switch_wal pg_create_restore_point pg_notify "
            "pg_advisory_lock pg_advisory_xact_lock pg_try_advisory_lock "
            "pg_try_advisory_xact_lock pg_advisory_lock_shared pg_logical_emit_message "
            "lo_create lo_unlink lo_put lo_from_bytea"
        ),
        "changes the database, the server or the session",
    ),
}
"""Functions a segment may never call, anywhere, with why: the one list the guard and
lint's CDI102 read."""
DENIED_FUNCTION_PREFIXES: tuple[str, ...] = ("system$",)
"""Name prefixes denied the same way (Snowflake's ``SYSTEM$`` functions cancel queries,
abort sessions, change settings...)."""


def denied_function(name: str) -> str | None:
    """Why a segment may not call the function ``name`` (any case), or None."""
    key = name.lower()
    if key in DENIED_FUNCTIONS:
        return DENIED_FUNCTIONS[key]
    if key.startswith(DENIED_FUNCTION_PREFIXES):
        return "changes the database, the server or the session"
    return None


SNOWFLAKE = Warehouse(
    kind="snowflake",
    title="Snowflake",
    dialect="snowflake",
    string_type="VARCHAR",
    folding=NameFolding.UPPER,
    columns_case_sensitive=False,
    quote_open='"',
    quote_close='"',
    schema_word="schema",
    timeout_statement="ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = {seconds}",
    temp_table_template="CREATE TEMPORARY TABLE {table} AS {query}",
    drop_table_template="DROP TABLE IF EXISTS {table}",
    unquoted_extra_chars="$",
    table_functions=frozenset({"flatten", "split_to_table", "strtok_split_to_table", "generator"}),
    quoted_names_keep_case=True,
)
REDSHIFT = Warehouse(
    kind="redshift",
    title="Redshift",
    dialect="redshift",
    string_type="VARCHAR",
    folding=NameFolding.LOWER,
    columns_case_sensitive=False,
    quote_open='"',
    quote_close='"',
    schema_word="schema",
    timeout_statement="SET statement_timeout = {ms}",
    temp_table_template="CREATE TABLE {table} AS {query}",
    drop_table_template="DROP TABLE IF EXISTS {table}",
    table_functions=frozenset({"generate_series"}),
    function_namespaces=frozenset({"pg_catalog"}),
    read_only_transaction="START TRANSACTION READ ONLY",
)
BIGQUERY = Warehouse(
    kind="bigquery",
    title="BigQuery",
    dialect="bigquery",
    string_type="STRING",
    folding=NameFolding.CASE_SENSITIVE,
    columns_case_sensitive=False,
    quote_open="`",
    quote_close="`",
    schema_word="dataset",
    database_word="project",
    timeout_statement=None,  # job_timeout_ms on the job configuration instead
    temp_table_template="CREATE TABLE {table} AS {query}",
    drop_table_template="DROP TABLE IF EXISTS {table}",
    table_functions=frozenset({"unnest"}),
    function_namespaces=frozenset(
        {"safe", "net", "hll_count", "kll_quantiles", "keys", "aead", "deterministic_aead"}
    ),
    case_sensitive_names=frozenset({"table"}),
    select_alias_clauses=frozenset({"group", "having", "qualify", "order"}),
)
DATABRICKS = Warehouse(
    kind="databricks",
    title="Databricks",
    dialect="databricks",
    string_type="STRING",
    folding=NameFolding.LOWER,
    columns_case_sensitive=False,
    quote_open="`",
    quote_close="`",
    schema_word="schema",
    timeout_statement="SET STATEMENT_TIMEOUT = {seconds}",
    temp_table_template="CREATE TABLE {table} AS {query}",
    drop_table_template="DROP TABLE IF EXISTS {table}",
    catalog_case_insensitive=True,
    table_functions=frozenset(
        {"explode", "explode_outer", "posexplode", "posexplode_outer", "inline", "inline_outer"}
        | {"range", "stack"}
    ),
    select_alias_clauses=frozenset({"select", "group", "having", "qualify", "order"}),
)
DUCKDB = Warehouse(
    kind="duckdb",
    title="DuckDB (embedded)",
    dialect="duckdb",
    string_type="VARCHAR",
    folding=NameFolding.LOWER,
    columns_case_sensitive=False,
    quote_open='"',
    quote_close='"',
    schema_word="schema",
    timeout_statement=None,  # enforced by the watchdog's interrupt()
    temp_table_template="CREATE TABLE {table} AS {query}",
    drop_table_template="DROP TABLE IF EXISTS {table}",
    catalog_case_insensitive=True,  # names keep the case they were created with, match any
    table_functions=frozenset({"unnest", "range", "generate_series"}),
    read_only_transaction="BEGIN TRANSACTION READ ONLY",
    database_file_title="DuckDB file",
    default_schema="main",
    emulates_dialects=True,
)

WAREHOUSES: dict[str, Warehouse] = {
    w.kind: w for w in (SNOWFLAKE, REDSHIFT, BIGQUERY, DATABRICKS, DUCKDB)
}
"""Every warehouse kind, by ``kind``."""

CLOUD_KINDS: tuple[str, ...] = tuple(k for k, w in WAREHOUSES.items() if not w.database_file_title)
"""The warehouses reached over the network (all but the embedded DuckDB)."""
DIALECTS: tuple[str, ...] = tuple(WAREHOUSES)


class UnknownDialectError(ValueError):
    pass


def get_warehouse(kind: str) -> Warehouse:
    """The :class:`Warehouse` for a kind or dialect name (case-insensitive)."""
    key = kind.strip().lower()
    if key == "postgres" or key == "postgresql":
        key = "redshift"
    if key == "spark" or key == "databricks_sql":
        key = "databricks"
    try:
        return WAREHOUSES[key]
    except KeyError:
        choices = ", ".join(WAREHOUSES)
        raise UnknownDialectError(f"unknown dialect {kind!r}: choose one of {choices}") from None
