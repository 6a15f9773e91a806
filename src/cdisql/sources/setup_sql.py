"""The warehouse-side setup of a connected source, as SQL a user can run.

``cdisql setup-sql TYPE`` prints it: the identity (role/user/service account/token),
its grants (usage, CREATE TABLE, SELECT on all and future tables), the compute
(Snowflake warehouse with auto-resume), and the network allow-list with the
platform's egress IPs for the region. Steps that are not SQL (gcloud IAM bindings,
AWS security groups, Databricks tokens and IP access lists) are written as ``--``
comments, so the whole text still parses as SQL in the warehouse's dialect; the
commands in them are valid as written once the ``--`` is removed.

:func:`options_for_source` fills the options in from a configured source (its database,
schema, role, user, warehouse, BigQuery scratch dataset, Redshift password variable).
No literal password is ever printed: the Redshift user's password is a psql variable
read from the source's ``password_env`` variable, or, without one, a fresh random one.
BigQuery is least-privilege: Data Viewer on the source's dataset (or on each
``--table``), Data Editor only on a separate scratch dataset whose tables expire.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from cdisql.dialects import get_warehouse
from cdisql.platform import platform_facts

if TYPE_CHECKING:
    from cdisql.sources.model import Source

EGRESS_IPS: dict[str, tuple[str, ...]] = {
    name: region.ips for name, region in platform_facts().regions.items()
}
"""The platform's egress IPs per region (``data/platform.json``)."""

REGION_INSTANCES = {name: region.instances for name, region in platform_facts().regions.items()}

BIGQUERY_PROJECT_ROLES: tuple[tuple[str, str], ...] = (
    ("roles/bigquery.connectionUser", "BigQuery Connection User: open connections"),
    ("roles/bigquery.user", "BigQuery User: run queries, read dataset metadata, list tables"),
    ("roles/bigquery.jobUser", "BigQuery Job User: run jobs"),
)
BIGQUERY_READ_ROLE = "roles/bigquery.dataViewer"
"""On the source's dataset (or each ``--table``): read, never write."""
BIGQUERY_SCRATCH_ROLE = "roles/bigquery.dataEditor"
"""On the scratch dataset only: bigquery.tables.create (and delete) for the build tables."""
DEFAULT_SCRATCH_EXPIRATION_HOURS = 24


class SetupError(ValueError):
    pass


@dataclass(frozen=True)
class SetupOptions:
    database: str | None = None
    """Snowflake/Redshift database, BigQuery project, Databricks catalog."""
    schema: str | None = None
    """Schema (BigQuery: dataset)."""
    role: str | None = None
    user: str | None = None
    """Snowflake/Redshift user, BigQuery service account e-mail, Databricks principal."""
    warehouse: str | None = None
    region: str = "US"
    tables: tuple[str, ...] = ()
    """Grant SELECT on these tables only (besides all/future tables when empty)."""
    port: int = 5439
    password_env: str | None = None
    """Redshift: the environment variable holding the user's password (psql ``-v``)."""
    scratch_dataset: str | None = None
    """BigQuery: the dataset the build tables go to (default ``<dataset>_cdisql_builds``)."""
    scratch_expiration_hours: int = DEFAULT_SCRATCH_EXPIRATION_HOURS
    """BigQuery: the scratch dataset's default table expiration."""
    location: str | None = None
    """BigQuery: the datasets' location (the scratch dataset is created there)."""


DEFAULTS = {
    "snowflake": SetupOptions(
        database="BRAZE_CLOUD_PRODUCTION",
        schema="INGESTION",
        role="BRAZE_INGESTION_ROLE",
        user="BRAZE_INGESTION_USER",
        warehouse="BRAZE_INGESTION_WAREHOUSE",
    ),
    "redshift": SetupOptions(
        database="BRAZE_CLOUD_PRODUCTION", schema="INGESTION", user="braze_user"
    ),
    "bigquery": SetupOptions(
        database="my-project",
        schema="braze_ingestion",
        user="braze-cdi@my-project.iam.gserviceaccount.com",
    ),
    "databricks": SetupOptions(
        database="main", schema="braze_ingestion", user="braze-cdi@example.com"
    ),
}


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


def _ident(warehouse: Any, name: str) -> str:
    """``name`` as written when it is a plain identifier, else quoted for the warehouse."""
    return name if _PLAIN.match(name) else warehouse.quote(name)


def egress_ips(region: str) -> tuple[str, ...]:
    key = region.strip().upper().split("-")[0]
    if key not in EGRESS_IPS:
        raise SetupError(f"unknown region {region!r}: choose {' or '.join(EGRESS_IPS)}")
    return EGRESS_IPS[key]


def setup_sql(kind: str, options: SetupOptions | None = None) -> str:
    """The complete setup for a ``kind`` source, with unset options taken from the docs' names."""
    kind = get_warehouse(kind).kind
    if kind not in DEFAULTS:
        *others, last = DEFAULTS
        raise SetupError(
            f"no warehouse-side setup for {kind!r}: choose {', '.join(others)} or {last}"
        )
    base = DEFAULTS[kind]
    given = options or SetupOptions()
    merged = SetupOptions(
        database=given.database or base.database,
        schema=given.schema or base.schema,
        role=given.role or base.role,
        user=given.user or base.user,
        warehouse=given.warehouse or base.warehouse,
        region=given.region or "US",
        tables=given.tables,
        port=given.port,
        password_env=given.password_env,
        scratch_dataset=given.scratch_dataset,
        scratch_expiration_hours=given.scratch_expiration_hours,
        location=given.location,
    )
    ips = egress_ips(merged.region)
    build = {
        "snowflake": _snowflake,
        "redshift": _redshift,
        "bigquery": _bigquery,
        "databricks": _databricks,
    }
    return build[kind](merged, ips)


def options_for_source(source: Source, given: SetupOptions | None = None) -> SetupOptions:
    """``given`` with what it leaves unset taken from ``source``: its database, schema,
    role, user and warehouse settings, the Redshift ``password_env`` and port, the
    BigQuery scratch dataset, its expiration and location, and the service account's
    e-mail from its key file (when that file can be read)."""
    from cdisql.sources import credentials
    from cdisql.sources.base import adapter_class

    s = source.settings
    base = given or SetupOptions()
    user = base.user or adapter_class(source.type).identity(s)
    return replace(
        base,
        database=base.database or source.database,
        schema=base.schema or source.schema,
        role=base.role or s.get("role"),
        user=user,
        warehouse=base.warehouse or s.get("warehouse"),
        port=int(s["port"]) if base.port == 5439 and s.get("port") else base.port,
        password_env=base.password_env or s.get("password_env"),
        scratch_dataset=base.scratch_dataset or s.get("scratch_dataset"),
        scratch_expiration_hours=int(
            credentials.setting(s, "scratch_expiration_hours", base.scratch_expiration_hours)
        ),
        location=base.location or s.get("location"),
    )


def scratch_dataset_name(dataset: str, scratch: str | None = None) -> str:
    """Where a BigQuery source's build tables go: ``scratch``, or ``<dataset>_cdisql_builds``."""
    return scratch or f"{dataset}_cdisql_builds"


def generated_password(length: int = 24) -> str:
    """A random password Redshift accepts (8-64 characters, upper, lower and a digit)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        value = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in value)
            and any(c.isupper() for c in value)
            and any(c.isdigit() for c in value)
        ):
            return value


def _ip_comment(options: SetupOptions) -> str:
    region = options.region.upper().split("-")[0]
    return f"egress IPs for {REGION_INSTANCES[region]}"


def _snowflake(o: SetupOptions, ips: tuple[str, ...]) -> str:
    w = get_warehouse("snowflake")
    db, schema, role = (
        _ident(w, o.database or ""),
        _ident(w, o.schema or ""),
        _ident(w, o.role or ""),
    )
    user, wh = _ident(w, o.user or ""), _ident(w, o.warehouse or "")
    policy = _ident(w, f"{(o.user or 'BRAZE').upper()}_NETWORK_POLICY")
    ip_list = ", ".join(f"'{ip}'" for ip in ips)
    table_grants = "\n".join(
        f"GRANT SELECT ON TABLE {db}.{schema}.{_ident(w, t)} TO ROLE {role};" for t in o.tables
    )
    if table_grants:
        reads = f"-- grant access to specific tables or views in the schema\n{table_grants}"
    else:
        reads = (
            "-- grant access to all current and future tables or views in the schema\n"
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {db}.{schema} TO ROLE {role};\n"
            f"GRANT SELECT ON FUTURE TABLES IN SCHEMA {db}.{schema} TO ROLE {role};\n"
            f"GRANT SELECT ON ALL VIEWS IN SCHEMA {db}.{schema} TO ROLE {role};\n"
            f"GRANT SELECT ON FUTURE VIEWS IN SCHEMA {db}.{schema} TO ROLE {role};"
        )
    return f"""-- Snowflake setup for a connected source reading {db}.{schema}
-- Run as a user with the SECURITYADMIN and SYSADMIN roles (or ACCOUNTADMIN).

-- 1. Role and grants: the role lists the schema's tables, reads them, and creates one
--    temporary table per segment build.
CREATE ROLE IF NOT EXISTS {role};
GRANT USAGE ON DATABASE {db} TO ROLE {role};
GRANT USAGE ON SCHEMA {db}.{schema} TO ROLE {role};
GRANT CREATE TABLE ON SCHEMA {db}.{schema} TO ROLE {role};
{reads}

-- 2. Warehouse: auto-resume must be on (or the role needs OPERATE to resume it).
CREATE WAREHOUSE IF NOT EXISTS {wh} WITH WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE;
ALTER WAREHOUSE {wh} SET AUTO_RESUME = TRUE;
GRANT USAGE ON WAREHOUSE {wh} TO ROLE {role};
-- only if auto-resume must stay off:
-- GRANT OPERATE ON WAREHOUSE {wh} TO ROLE {role};

-- 3. User: key-pair authentication only. One user per workspace connecting this account.
CREATE USER IF NOT EXISTS {user} TYPE = SERVICE DEFAULT_ROLE = {role} DEFAULT_WAREHOUSE = {wh};
GRANT ROLE {role} TO USER {user};
-- then register the public key that `cdisql keys generate SOURCE` prints:
--   ALTER USER {user} SET RSA_PUBLIC_KEY = '…';

-- 4. Network policy (only if the account or user has one): allow the platform's
--    {_ip_comment(o)}.
CREATE NETWORK POLICY IF NOT EXISTS {policy} ALLOWED_IP_LIST = ({ip_list}) COMMENT = 'Braze CDI connected source';
ALTER USER {user} SET NETWORK_POLICY = {policy};
"""


def _redshift(o: SetupOptions, ips: tuple[str, ...]) -> str:
    w = get_warehouse("redshift")
    schema, user = _ident(w, o.schema or ""), _ident(w, o.user or "")
    table_grants = "\n".join(
        f"GRANT SELECT ON TABLE {schema}.{_ident(w, t)} TO {user};" for t in o.tables
    )
    reads = (
        f"-- grant access to specific tables in the schema\n{table_grants}"
        if table_grants
        else "-- grant access to all current and future tables in the schema\n"
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {user};\n"
        f"-- future tables created by the user running this script (repeat FOR USER owner\n"
        f"-- for every user that creates tables in the schema)\n"
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {user};"
    )
    rules = "\n".join(
        f"--   aws ec2 authorize-security-group-ingress --group-id sg-XXXXXXXX --protocol tcp --port {o.port} --cidr {ip}/32"
        for ip in ips
    )
    if o.password_env:
        password = ":'password'"
        how = (
            f"--    The password is read from ${o.password_env} (the source's password_env):\n"
            f"--   psql -v password=\"${o.password_env}\" -f setup.sql   # psql fills :'password'"
        )
    else:
        password = f"'{generated_password()}'"
        how = (
            "--    The password below was generated for you: keep it in an environment variable\n"
            "--    (export RS_PASSWORD=…; the source's --password-env RS_PASSWORD) and nowhere else."
        )
    return f"""-- Redshift setup for a connected source reading {o.database}.{o.schema}
-- Run as a superuser, connected to database {o.database}.

-- 1. User and grants: the user lists the schema's tables, reads them, and creates one
--    table per segment build (dropped after the build).
{how}
CREATE USER {user} PASSWORD {password};
GRANT USAGE ON SCHEMA {schema} TO {user};
GRANT CREATE ON SCHEMA {schema} TO {user};
{reads}

-- 2. Network: allow inbound TCP on the cluster port ({o.port}) from the platform's
--    {_ip_comment(o)}, in the cluster's VPC security group — explicitly, even when the
--    rules say "allow all" — and make the cluster endpoint publicly accessible:
{rules}
-- Or keep the cluster private and connect through an SSH tunnel on a bastion host:
-- `cdisql keys generate SOURCE` prints the line for the tunnel user's ~/.ssh/authorized_keys,
-- and the bastion must accept SSH (port 22) from the same IPs.
"""


def _bigquery(o: SetupOptions, ips: tuple[str, ...]) -> str:
    project, dataset, member = o.database or "", o.schema or "", o.user or ""
    scratch = scratch_dataset_name(dataset, o.scratch_dataset)
    location = o.location or "US"
    bindings = "\n".join(
        f"--   gcloud projects add-iam-policy-binding {project} "
        f"--member=serviceAccount:{member} --role={role}   # {why}"
        for role, why in BIGQUERY_PROJECT_ROLES
    )
    grantee = f'"serviceAccount:{member}"'
    if o.tables:
        reads = "-- read only these tables (BigQuery Data Viewer on each)\n" + "\n".join(
            f"GRANT `{BIGQUERY_READ_ROLE}` ON TABLE `{project}`.`{dataset}`.`{t}` TO {grantee};"
            for t in o.tables
        )
    else:
        reads = (
            "-- read the dataset's tables (BigQuery Data Viewer: no write, no delete)\n"
            f"GRANT `{BIGQUERY_READ_ROLE}` ON SCHEMA `{project}`.`{dataset}` TO {grantee};"
        )
    seconds = int(o.scratch_expiration_hours) * 3600
    level = json.dumps([{"ipSubnetworks": [f"{ip}/32" for ip in ips]}])
    name = member.split("@")[0]
    return f"""-- BigQuery setup for a connected source reading {project}.{dataset}
-- 1. Service account and project roles (gcloud, as a project IAM admin):
--   gcloud iam service-accounts create {name} --project={project} --display-name="Braze CDI"
{bindings}
--   gcloud iam service-accounts keys create key.json --iam-account={member}
--   chmod 600 key.json   # cdisql refuses a key file others can read

-- 2. A scratch dataset for the build tables, apart from the data: each build writes one
--    table there (bigquery.tables.create), deleted after the build; its tables expire
--    after {o.scratch_expiration_hours} hours in any case (the source's scratch_dataset setting):
--   bq --location={location} mk --dataset --default_table_expiration={seconds} --description="Braze CDI build tables" {project}:{scratch}

-- 3. Dataset roles (BigQuery SQL, as the datasets' owner): read the source's data, and
--    BigQuery Data Editor on the scratch dataset only.
{reads}
GRANT `{BIGQUERY_SCRATCH_ROLE}` ON SCHEMA `{project}`.`{scratch}` TO {grantee};

-- 4. Network (only with VPC Service Controls): allow the platform's {_ip_comment(o)}
--    in an access level; its file is a list of conditions (YAML, here in its JSON form):
--   echo '{level}' > braze_cdi_level.yaml
--   gcloud access-context-manager levels create braze_cdi --policy=POLICY_ID --title="Braze CDI" --basic-level-spec=braze_cdi_level.yaml
-- then add the level braze_cdi to the perimeter's ingress policy for the BigQuery API.
"""


def _databricks(o: SetupOptions, ips: tuple[str, ...]) -> str:
    w = get_warehouse("databricks")
    catalog, schema = w.quote(o.database or ""), w.quote(o.schema or "")
    principal = w.quote(o.user or "")
    table_grants = "\n".join(
        f"GRANT SELECT ON TABLE {catalog}.{schema}.{w.quote(t)} TO {principal};" for t in o.tables
    )
    reads = (
        f"-- read specific tables only\n{table_grants}"
        if table_grants
        else "-- SELECT on the schema covers all its current and future tables\n"
        f"GRANT SELECT ON SCHEMA {catalog}.{schema} TO {principal};"
    )
    ip_json = ", ".join(f'"{ip}/32"' for ip in ips)
    return f"""-- Databricks (Unity Catalog) setup for a connected source reading {o.database}.{o.schema}
-- 1. Grants (SQL, as the catalog or schema owner): list and read the schema's tables,
--    and CREATE TABLE for the one temporary table each build writes.
GRANT USE CATALOG ON CATALOG {catalog} TO {principal};
GRANT USE SCHEMA ON SCHEMA {catalog}.{schema} TO {principal};
GRANT CREATE TABLE ON SCHEMA {catalog}.{schema} TO {principal};
{reads}

-- 2. SQL warehouse: give {o.user} "Can use" on the SQL warehouse (SQL Warehouses >
--    the warehouse > Permissions). Classic and Pro warehouses take 2-5 minutes to
--    start: cdisql waits up to the source's connect_timeout.

-- 3. Personal access token, signed in as {o.user}:
--    Settings > Developer > Access tokens > Generate new token; comment "Braze CDI";
--    leave Lifetime (days) empty (no expiry); Generate; copy the token, then
--    export DATABRICKS_TOKEN=… and add the source with --token-env DATABRICKS_TOKEN.

-- 4. Network (only with IP access lists): allow the platform's {_ip_comment(o)}
--   databricks ip-access-lists create --json '{{"label": "braze-cdi", "list_type": "ALLOW", "ip_addresses": [{ip_json}]}}'
"""
