"""What differs between the warehouses, as data.

One frozen :class:`Warehouse` per kind (Snowflake, Redshift, BigQuery, Databricks and the
embedded DuckDB). Code that needs a difference reads it from here instead of branching
on the warehouse name: the sqlglot dialect, the string type used for ids, how unquoted
names fold, how to quote, the timeout statement, the temporary-table syntax, the built-in
function names (shipped as data, one file per warehouse).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources


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
    wildcard_tables: bool = False
    """True when a table name may end in ``*`` to read every table of the dataset with that
    prefix (BigQuery ``events_*``, filtered on ``_TABLE_SUFFIX``)."""

    @property
    def functions(self) -> frozenset[str]:
        """The warehouse's built-in function names, lower case (``net.host`` for a namespaced
        one), from its vendor's function reference: ``data/functions/<kind>.json`` names
        each source and the date it was read. Loaded on first use."""
        return builtin_functions(self.kind)

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


@cache
def builtin_functions(kind: str) -> frozenset[str]:
    """The function list shipped for warehouse ``kind`` (see :attr:`Warehouse.functions`)."""
    text = resources.files("cdisql").joinpath(f"data/functions/{kind}.json").read_text("utf-8")
    return frozenset(json.loads(text)["functions"])


_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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
    wildcard_tables=True,
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
