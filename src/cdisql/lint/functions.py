"""Which functions a segment may call, read by the guard and by lint's CDI102 alike.

Three rules:

- a function in FROM, JOIN, LATERAL or ``TABLE()`` position passes only when it is on the
  warehouse's allow-list (:attr:`Warehouse.table_functions`: row generators and array
  expanders); ``checkpoint()``, ``query(…)``, ``read_duckdb(…)``, a UDTF... are refused;
- a function with a side effect (:data:`SIDE_EFFECTS`: it changes the database, the server
  or the session, reads files, URLs, secrets or other systems, or runs code outside SQL)
  is refused wherever it appears (a query that only waits, ``pg_sleep``, is stopped by the
  source's maximum runtime instead); of Snowflake's ``SYSTEM$`` functions only the
  read-only ones of :data:`READ_ONLY_SYSTEM_FUNCTIONS` pass;
- a schema-qualified call outside the source's schema (another schema's UDF or UDTF) is
  refused, except the warehouse's built-in namespaces (:attr:`Warehouse.function_namespaces`).

The guard refuses exactly what lint reports under CDI102: both call :func:`function_problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.tokens import TokenType

from cdisql.dialects import Warehouse

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlglot.tokens import Token

_ELSEWHERE = "reads files, URLs, secrets or other systems"
_CHANGES = "changes the database, the server or the session"
_RUNS_CODE = "runs code outside SQL on the warehouse"


def _each(reason: str, *groups: str) -> dict[str, str]:
    return {name: reason for group in groups for name in group.split()}


SIDE_EFFECTS: dict[str, str] = {
    **_each(
        _ELSEWHERE,
        # DuckDB: files, URLs, other databases, the host, SQL in a string
        "read_csv read_csv_auto read_parquet parquet_scan read_json read_json_auto "
        "read_json_objects read_json_objects_auto read_ndjson read_ndjson_auto "
        "read_ndjson_objects read_text read_blob read_xlsx read_avro read_orc read_duckdb "
        "read_single_csv_file read_single_json_file read_single_parquet_file "
        "glob query query_table json_execute_serialized_sql sqlite_scan sqlite_attach "
        "postgres_scan postgres_scan_pushdown postgres_attach postgres_query postgres_execute "
        "mysql_scan mysql_query mysql_execute iceberg_scan iceberg_metadata iceberg_snapshots "
        "delta_scan parquet_metadata parquet_schema parquet_file_metadata parquet_kv_metadata "
        "parquet_bloom_probe sniff_csv getenv load_file duckdb_secrets which_secret "
        "import_database",
        # BigQuery
        "external_query",
        # Snowflake (staged files, other queries' results, credentials)
        "result_scan infer_schema generate_postgres_access_token_for_user",
        # PostgreSQL / Redshift: other servers, large objects, server files, SQL in a string
        "dblink lo_import lo_export pg_read_file pg_read_binary_file pg_ls_dir pg_stat_file "
        "query_to_xml query_to_xml_and_xmlschema cursor_to_xml",
        # Databricks: files, streams, secrets, HTTP, model serving
        "read_files read_kafka read_kinesis read_pubsub read_pulsar read_statestore "
        "cloud_files_state secret try_secret list_secrets http_request ai_query",
    ),
    **_each(
        _CHANGES,
        # sequences, random seeds, checkpoints, logs, settings, sessions, locks, large objects
        "nextval setval setseed checkpoint force_checkpoint truncate_duckdb_logs "
        "enable_logging disable_logging write_log enable_profile disable_profile "
        "enable_checkpoint_on_shutdown disable_checkpoint_on_shutdown",
        "set_config pg_terminate_backend pg_cancel_backend pg_reload_conf pg_rotate_logfile "
        "pg_switch_wal pg_create_restore_point pg_notify pg_logical_emit_message "
        "pg_advisory_lock pg_advisory_xact_lock pg_try_advisory_lock pg_try_advisory_xact_lock "
        "pg_advisory_lock_shared pg_advisory_xact_lock_shared pg_try_advisory_lock_shared "
        "pg_try_advisory_xact_lock_shared pg_advisory_unlock pg_advisory_unlock_shared "
        "pg_advisory_unlock_all pg_stat_reset pg_stat_reset_shared pg_stat_reset_single_table_counters "
        "pg_promote pg_export_snapshot lo_create lo_unlink lo_put lo_from_bytea lo_truncate "
        "lowrite txid_current pg_current_xact_id",
        # Redshift: query and session priorities, the cluster itself
        "change_query_priority change_session_priority change_user_priority reboot_cluster",
        # Snowflake: SYSTEM$ control functions (any other SYSTEM$ but the read-only ones is
        # refused too, see denied_function)
        "system$cancel_query system$cancel_all_queries system$abort_session "
        "system$abort_transaction system$set_return_value system$log system$log_trace "
        "system$log_debug system$log_info system$log_warn system$log_error system$log_fatal "
        "system$add_event system$set_span_attributes system$send_email "
        "system$send_snowflake_notification execute_ai_evaluation",
    ),
    # Databricks / Spark: call any static Java method
    **_each(_RUNS_CODE, "reflect java_method try_reflect"),
}
"""Functions a segment may never call, anywhere, with why: the one list the guard and lint's
CDI102 read (lower case; no name here is a harmless function of another warehouse)."""

SIDE_EFFECT_PREFIXES: dict[str, str] = {"dblink": _ELSEWHERE}
"""Name prefixes refused the same way (``dblink_exec``, ``dblink_open``...)."""

READ_ONLY_SYSTEM_FUNCTIONS: frozenset[str] = frozenset(
    {
        "system$typeof",
        "system$clustering_information",
        "system$clustering_depth",
        "system$clustering_ratio",
        "system$get_tag",
        "system$stream_has_data",
        "system$last_change_commit_time",
        "system$explain_json_to_text",
    }
)
"""The Snowflake ``SYSTEM$`` functions a segment may call: they only return information.
Every other ``SYSTEM$`` function is refused (control functions cancel queries, abort
sessions, set values, log, send messages, wait)."""


def denied_function(name: str) -> str | None:
    """Why a segment may not call the function ``name`` (any case), or None."""
    key = name.lower()
    if key in SIDE_EFFECTS:
        return SIDE_EFFECTS[key]
    for prefix, reason in SIDE_EFFECT_PREFIXES.items():
        if key.startswith(prefix):
            return reason
    if key.startswith("system$") and key not in READ_ONLY_SYSTEM_FUNCTIONS:
        shown = ", ".join(sorted(n.upper() for n in READ_ONLY_SYSTEM_FUNCTIONS))
        return f"is not one of the read-only SYSTEM$ functions a segment may call ({shown})"
    return None


_TABLE_POSITIONS = (exp.Table, exp.Lateral, exp.TableFromRows)
_CALL_NAME = re.compile(r"\s*([^\s(]+)\s*\(")


@dataclass(frozen=True)
class FunctionProblem:
    node: exp.Expr
    """The call (for its position in the text)."""
    message: str


def function_problems(
    tree: exp.Expr,
    warehouse: Warehouse,
    *,
    schema: str | None = None,
    database: str | None = None,
    nodes: Iterable[exp.Expr] | None = None,
) -> list[FunctionProblem]:
    """Every call in ``tree`` a segment on ``warehouse`` may not make, in tree order.

    ``schema``/``database`` are the source's: a call qualified with anything else is a
    function of another schema (not checked when ``schema`` is None). ``nodes``: the
    tree's nodes, parents before children, when the caller has walked it already (lint's
    node index); by default the tree is walked here.
    """
    out: list[FunctionProblem] = []
    seen: set[int] = set()
    for node in tree.walk() if nodes is None else nodes:
        if isinstance(node, _TABLE_POSITIONS):
            qualifier, call = _split_call(node.this)
            if call is None:
                continue
            if isinstance(node, exp.Table):
                qualifier = [p.name for p in (node.args.get("catalog"), node.args.get("db")) if p]
            seen.add(id(call))
            name = spelled_name(call, warehouse)
            shown = ".".join([*qualifier, name]).upper()
            if denied_function(name) or name not in warehouse.table_functions or qualifier:
                allowed = ", ".join(sorted(warehouse.table_functions)) or "none"
                out.append(
                    FunctionProblem(
                        call,
                        f"{shown}() in FROM/JOIN/LATERAL position is not a table function a "
                        f"{warehouse.title} segment may use (allowed: {allowed}): "
                        "a segment reads only tables of its source",
                    )
                )
        elif isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
            qualifier, call = _split_call(node)
            if call is None or id(call) in seen:
                continue
            seen.add(id(call))
            if schema is not None and _foreign(qualifier, warehouse, schema, database):
                name = spelled_name(call, warehouse)
                out.append(
                    FunctionProblem(
                        call,
                        f"{'.'.join([*qualifier, name]).upper()}() is a function of another "
                        f"schema ({'.'.join(qualifier)}): a segment calls built-in functions "
                        f"and those of its source's {warehouse.schema_word} only",
                    )
                )
        if isinstance(node, exp.Func) and id(node) not in seen:
            denial = _denial_of(node)
            if denial is not None:
                name, reason = denial
                out.append(
                    FunctionProblem(
                        node,
                        f"{name.upper()}() {reason}: a segment only reads tables of its source",
                    )
                )
    return out


_CLASS_DENIALS: dict[str, tuple[str, str] | None] = {}


def _denial_of(call: exp.Func) -> tuple[str, str] | None:
    """``(name, reason)`` when a name sqlglot reads as ``call`` is a denied function (the
    first in name order). A typed call's names are its class's: decided once per class."""
    if isinstance(call, exp.Anonymous):
        return _first_denial({str(call.name).lower()})
    key = type(call).__name__
    if key not in _CLASS_DENIALS:
        _CLASS_DENIALS[key] = _first_denial(_names_of(call))
    return _CLASS_DENIALS[key]


def _first_denial(names: set[str]) -> tuple[str, str] | None:
    for name in sorted(names):
        reason = denied_function(name)
        if reason:
            return name, reason
    return None


def spelled_name(call: exp.Func, warehouse: Warehouse) -> str:
    """The function's name as ``warehouse`` will read it, lower case (``FLATTEN`` for
    sqlglot's ``Explode`` on Snowflake)."""
    if isinstance(call, exp.Anonymous):
        return str(call.name).lower()
    try:
        match = _CALL_NAME.match(call.sql(dialect=warehouse.dialect))
    except Exception:  # an unsupported node: its generic name still names it
        match = None
    return (match.group(1) if match else call.sql_name()).lower()


def _names_of(call: exp.Func) -> set[str]:
    """The names sqlglot reads as ``call``'s function (no SQL generated: linear time)."""
    if isinstance(call, exp.Anonymous):
        return {str(call.name).lower()}
    return {name.lower() for name in type(call).sql_names()} | {call.sql_name().lower()}


def _split_call(node: exp.Expr | None) -> tuple[list[str], exp.Func | None]:
    """``(qualifier parts, call)`` for ``f(…)`` or ``a.b.f(…)``; no call: ``([], None)``."""
    if isinstance(node, exp.Func):
        return [], node
    if not (isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func)):
        return [], None
    names: list[str] = []
    left: exp.Expr | None = node.this
    while isinstance(left, exp.Dot):
        names.insert(0, left.expression.name)
        left = left.this
    if isinstance(left, exp.Column):
        names[:0] = [p.name for p in left.parts]
    elif left is not None:
        names.insert(0, left.name)
    return names, node.expression


def _foreign(qualifier: list[str], warehouse: Warehouse, schema: str, database: str | None) -> bool:
    if not qualifier:
        return False
    if len(qualifier) == 1 and qualifier[0].lower() in warehouse.function_namespaces:
        return False
    if warehouse.key(qualifier[-1]) != warehouse.key(schema):
        return True
    if len(qualifier) >= 2 and database is not None:
        return warehouse.key(qualifier[-2]) != warehouse.key(database)
    return False


# -- functions of another warehouse (CDI107) ------------------------------------------------
_GRAMMAR = frozenset(
    {"and", "or", "not", "exists", "in", "any", "all", "some", "row", "values", "case", "cast"}
    | {"interval", "over", "filter", "within"}
)
"""Call-like SQL grammar (``EXISTS (…)``, ``CAST(… AS …)``): never a function of one warehouse."""


@dataclass(frozen=True)
class ForeignCall:
    """A call of a function the warehouse's list lacks and another warehouse's list has."""

    name: str
    """As written."""
    start: int
    end: int
    """The range of the name in the text."""
    known_in: tuple[Warehouse, ...]
    instead: str | None
    """The call as the warehouse writes it, when sqlglot translates it into functions the
    warehouse has (``IF(vip, a, NULL)`` for BigQuery's ``IFF(vip, a, NULL)``)."""


def foreign_calls(
    tree: exp.Expr, tokens: list[Token], warehouse: Warehouse, text: str
) -> list[ForeignCall]:
    """Every ``NAME(…)`` call in ``tree`` (written in ``tokens`` of ``text``) whose name is
    absent from ``warehouse``'s documented functions and present in another warehouse's:
    written for another warehouse. A name in no list (a UDF, a typo) is not reported."""
    from cdisql.dialects import WAREHOUSES

    own = warehouse.functions
    # the names written as calls that this warehouse lacks and another has: usually none,
    # and then the tree is not walked at all
    candidates: list[tuple[int, str, tuple[Warehouse, ...]]] = []
    for i, token in enumerate(tokens[:-1]):
        if tokens[i + 1].token_type is not TokenType.L_PAREN:
            continue
        if i and tokens[i - 1].token_type is TokenType.DOT:
            continue  # a namespace's or a schema's function: checked elsewhere
        name = token.text.lower()
        if name in own or name in _GRAMMAR:
            continue
        known = tuple(w for w in WAREHOUSES.values() if w is not warehouse and name in w.functions)
        if known:
            candidates.append((i, name, known))
    if not candidates:
        return []
    called: set[str] = set()
    aliases: set[str] = set()
    for node in tree.find_all(exp.Func, exp.TableAlias, exp.CTE):
        if isinstance(node, exp.Anonymous):
            called.add(str(node.name).lower())
        elif isinstance(node, exp.Func):
            called.update(_sql_names(type(node)))
        else:
            aliases.add(node.alias_or_name.lower())
    out: list[ForeignCall] = []
    for i, name, known in candidates:
        if name not in called or name in aliases:
            continue
        token = tokens[i]
        instead = _translated(text, tokens, i, known, warehouse)
        out.append(ForeignCall(token.text, token.start, token.end + 1, known, instead))
    return out


_SQL_NAMES: dict[str, frozenset[str]] = {}


def _sql_names(kind: type[exp.Func]) -> frozenset[str]:
    """``kind``'s SQL names, lower case, computed once per class."""
    names = _SQL_NAMES.get(kind.__name__)
    if names is None:
        names = _SQL_NAMES[kind.__name__] = frozenset(n.lower() for n in kind.sql_names())
    return names


def _translated(
    text: str, tokens: list[Token], at: int, known: tuple[Warehouse, ...], warehouse: Warehouse
) -> str | None:
    """The call at ``tokens[at]`` translated by sqlglot from a warehouse that has it into
    ``warehouse``'s SQL; None when the translation keeps a function it lacks."""
    import sqlglot

    depth, end = 0, None
    for j in range(at + 1, len(tokens)):
        kind = tokens[j].token_type
        depth += 1 if kind is TokenType.L_PAREN else -1 if kind is TokenType.R_PAREN else 0
        if depth == 0:
            end = j
            break
    if end is None:
        return None
    call = text[tokens[at].start : tokens[end].end + 1]
    for source in sorted(known, key=lambda w: w.kind == "duckdb"):
        try:
            written = sqlglot.transpile(call, read=source.dialect, write=warehouse.dialect)[0]
        except Exception:  # sqlglot cannot read it there: try the next
            continue
        match = _CALL_NAME.match(written)
        if match and match.group(1).lower() in warehouse.functions and len(written) <= 80:
            return written
    return None
