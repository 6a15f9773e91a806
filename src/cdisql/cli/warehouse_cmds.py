"""``cdisql keys | setup-sql | estimate``: thin faces over ``cdisql.sources.keys``,
``cdisql.sources.setup_sql`` and ``cdisql.sources.estimate``.

Exit codes as for the other source commands: 0 ok, 1 refused by the guard, 2 usage or
configuration error, 3 warehouse error. Nothing printed ever holds a private key,
password or token: only public keys, fingerprints and SQL.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from cdisql.cli.source_common import (
    EXIT_REFUSED,
    EXIT_WAREHOUSE,
    SuggestingGroup,
    _echo,
    _fail,
    _load_source,
    _read_segment,
    _segment_source,
)
from cdisql.dialects import CLOUD_KINDS


def _print_key_result(result: Any, as_json: bool) -> None:
    if as_json:
        _echo(json.dumps(result.to_json(), indent=2))
        return
    lines = list(result.instructions)
    # the SQL / authorized_keys line goes after the sentence that introduces it
    intro = next((i for i, line in enumerate(lines) if line.endswith(":")), len(lines) - 1)
    for line in lines[: intro + 1]:
        _echo(line, err=True)
    for statement in result.sql:
        _echo(f"{statement};")
    if result.authorized_keys_line:
        _echo(result.authorized_keys_line)
    for line in lines[intro + 1 :]:
        _echo(line, err=True)
    _echo(f"public key fingerprint: {result.public.snowflake_fingerprint}", err=True)


# -- keys ------------------------------------------------------------------------------------
@click.group(cls=SuggestingGroup)
def keys() -> None:
    """Key pairs: Snowflake key-pair login, Redshift SSH tunnel."""


@keys.command("generate")
@click.argument("source")
@click.option(
    "--passphrase-env",
    metavar="VAR",
    help="encrypt the private key with the passphrase held by this environment variable",
)
@click.option("--force", is_flag=True, help="replace an existing key")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def keys_generate(source: str, passphrase_env: str | None, force: bool, as_json: bool) -> None:
    """Create SOURCE's key pair (RSA 2048, PKCS#8, 0600) and print what to register."""
    from cdisql.sources.keys import KeyFileError, generate_for_source
    from cdisql.sources.model import SourceError

    found = _load_source(source)
    try:
        result = generate_for_source(found, passphrase_env=passphrase_env, force=force)
    except (KeyFileError, SourceError) as error:
        _fail(str(error))
    _print_key_result(result, as_json)


@keys.command("rotate")
@click.argument("source")
@click.option("--finish", is_flag=True, help="prove the new key, then switch to it")
@click.option(
    "--passphrase-env", metavar="VAR", help="encrypt the new key with this variable's value"
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def keys_rotate(source: str, finish: bool, passphrase_env: str | None, as_json: bool) -> None:
    """Zero-downtime rotation of SOURCE's Snowflake key, through the second key slot.

    \b
    1. cdisql keys rotate SOURCE           new key; prints ALTER USER … SET RSA_PUBLIC_KEY_2
    2. run that SQL in Snowflake           both keys now work
    3. cdisql keys rotate SOURCE --finish  connects with the new key, switches to it,
                                           prints ALTER USER … UNSET the old slot
    """
    from cdisql.sources.base import WarehouseError
    from cdisql.sources.keys import KeyFileError, finish_rotation, start_rotation
    from cdisql.sources.model import SourceError

    found = _load_source(source)
    try:
        if finish:
            result = finish_rotation(found)
        else:
            result = start_rotation(found, passphrase_env=passphrase_env)
    except (KeyFileError, SourceError) as error:
        _fail(str(error))
    except WarehouseError as error:
        _fail(
            f"the new key does not work yet ({error}); the current key stays in use. Did the "
            "ALTER USER … SET RSA_PUBLIC_KEY_2 statement run? Then try --finish again",
            EXIT_WAREHOUSE,
        )
    _print_key_result(result, as_json)


# -- setup-sql ---------------------------------------------------------------------------------
@click.command("setup-sql")
@click.argument("kind", required=False, type=click.Choice(CLOUD_KINDS))
@click.option(
    "--source",
    "source_name",
    help="fill in the names from this source (database, schema, role, user, warehouse)",
)
@click.option("--database", help="database (BigQuery: project; Databricks: catalog)")
@click.option("--schema", help="schema (BigQuery: dataset)")
@click.option("--role", help="Snowflake role")
@click.option("--user", help="user (BigQuery: service account e-mail; Databricks: principal)")
@click.option("--warehouse", help="Snowflake warehouse")
@click.option(
    "--region",
    type=click.Choice(["US", "EU"], case_sensitive=False),
    default="US",
    show_default=True,
    help="the platform region whose egress IPs to allow",
)
@click.option(
    "--table", "tables", multiple=True, help="grant SELECT on this table only (repeatable)"
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=5439,
    show_default=True,
    help="Redshift cluster port",
)
@click.option(
    "--password-env",
    help="Redshift: the variable holding the new user's password (else one is generated)",
)
@click.option("--scratch-dataset", help="BigQuery: the dataset for build tables")
def setup_sql(
    kind: str | None,
    source_name: str | None,
    database: str | None,
    schema: str | None,
    role: str | None,
    user: str | None,
    warehouse: str | None,
    region: str,
    tables: tuple[str, ...],
    port: int,
    password_env: str | None,
    scratch_dataset: str | None,
) -> None:
    """Print the warehouse-side setup of a connected source (grants, user, network).

    With --source NAME, the names come from that source (options given here win), and
    KIND may be left out."""
    from cdisql.sources.setup_sql import SetupError, SetupOptions, options_for_source
    from cdisql.sources.setup_sql import setup_sql as build

    options = SetupOptions(
        database=database,
        schema=schema,
        role=role,
        user=user,
        warehouse=warehouse,
        region=region.upper(),
        tables=tables,
        port=port,
        password_env=password_env,
        scratch_dataset=scratch_dataset,
    )
    if source_name is not None:
        source = _load_source(source_name)
        if kind is not None and kind != source.type:
            _fail(f"source {source_name!r} is a {source.type} source, not {kind}")
        kind = source.type
        options = options_for_source(source, options)
    if kind is None:
        _fail("name the warehouse type (snowflake, redshift, bigquery, databricks) or --source")
    try:
        _echo(build(kind, options), nl=False)
    except SetupError as error:
        _fail(str(error))


# -- estimate ------------------------------------------------------------------------------------
@click.command("estimate")
@click.argument("file")
@click.option(
    "--source", "source_name", help="the connected source to ask (default: the settings file's)"
)
@click.option("--plan", "show_plan", is_flag=True, help="also print the warehouse's plan")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def estimate(file: str, source_name: str | None, show_plan: bool, as_json: bool) -> None:
    """What FILE's segment would scan and cost, before running it.

    BigQuery: a dry run (bytes processed, approximate on-demand price). Snowflake,
    Redshift, Databricks, DuckDB: the warehouse's EXPLAIN (partitions pruned or not,
    bytes or rows, the largest scans). Nothing runs.
    """
    from cdisql.sources.estimate import estimate as run_estimate

    text, _ = _read_segment(file)
    source = _segment_source(source_name, file)
    result = run_estimate(source, text)
    if as_json:
        _echo(json.dumps(result.to_json(), indent=2, default=str))
    elif result.ok:
        print_estimate(file, result, show_plan=show_plan)
    else:
        _echo(f"{file}: {result.message}", err=True)
    if result.status == "refused":
        sys.exit(EXIT_REFUSED)
    if result.status != "ok":
        sys.exit(EXIT_WAREHOUSE)


def print_estimate(name: str, result: Any, *, show_plan: bool = False) -> None:
    """The figures that matter, aligned; the plan only when asked for."""
    _echo(f"{name} on {result.source} ({result.kind} {result.method}):")
    figures = result.figures()
    width = max((len(label) for label, _ in figures), default=0)
    for label, value in figures:
        _echo(f"  {label:<{width}}  {value}")
    for note in result.notes:
        _echo(f"  note: {note}")
    if show_plan:
        if result.plan:
            _echo("plan:")
            for line in result.plan:
                _echo(f"  {line}")
        else:
            _echo(f"plan: none ({result.method} gives figures, not a plan)")
    elif result.plan:
        _echo("  (--plan prints the warehouse's plan)")
