"""Driver errors -> messages a user can act on, with every secret scrubbed out.

Each warehouse's known failures are a table of :class:`ErrorRule` (a pattern on the
driver's message, the error class to raise, what happened, what to do), read in order;
the first match wins. Whatever the driver said is kept, shortened to its first line and
scrubbed of secrets, so the user still sees the warehouse's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cdisql.sources.base import (
    ConnectError,
    QueryCancelled,
    QueryTimeout,
    WarehouseError,
)

EGRESS_HINT = "allow the platform's egress IPs (`cdisql setup-sql TYPE --region US|EU` prints them)"

# secrets that look like secrets, whatever a driver chose to echo
_SECRET_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", re.S),
    re.compile(r"\bdapi[0-9a-f]{20,}(-\d+)?\b"),  # Databricks personal access token
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),  # JWT
    re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/-]+=*"),
    re.compile(
        r"(?i)\b(password|passwd|pwd|token|access_token|secret|passphrase|private_key)"
        r"(\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;&)]+)"
    ),
)
REDACTED = "***"


_KNOWN_SECRETS: set[str] = set()
"""Every secret read in this process (passwords, tokens, keys): scrubbed from all output,
log records included (:mod:`cdisql.logs`), whatever logger wrote them."""

MIN_SUBSTRING_SECRET = 4
"""Secrets at least this long are removed wherever they occur; shorter ones wherever
they stand alone (not inside a longer word), so a 3-character password is scrubbed
without blanking every word that contains its letters."""


def register_secret(value: str | bytes | None) -> None:
    """Remember ``value`` as a secret of this process (see :data:`_KNOWN_SECRETS`)."""
    if not value:
        return
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    if text.strip():
        _KNOWN_SECRETS.add(text)


def known_secrets() -> tuple[str, ...]:
    return tuple(_KNOWN_SECRETS)


def scrub(text: str, secrets: Iterable[str | bytes | None] = ()) -> str:
    """``text`` without any of ``secrets`` (nor any secret this process read), nor
    anything shaped like a key or token."""
    values = {
        s.decode("utf-8", "replace") if isinstance(s, bytes) else s for s in secrets if s
    } | _KNOWN_SECRETS
    # longest first: a secret that contains another is removed whole
    for value in sorted(values, key=len, reverse=True):
        if not value.strip():
            continue
        if len(value) >= MIN_SUBSTRING_SECRET:
            text = text.replace(value, REDACTED)
            for line in value.splitlines():
                if len(line.strip()) >= 16:
                    text = text.replace(line.strip(), REDACTED)
        else:
            text = re.sub(rf"(?<![\w]){re.escape(value)}(?![\w])", REDACTED, text)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(_redact_match, text)
    return text


def _redact_match(match: re.Match[str]) -> str:
    if match.re.groups >= 3 and match.group(2) is not None:  # key=value: keep the key
        return f"{match.group(1)}{match.group(2)}{REDACTED}"
    if match.re.groups >= 1 and match.group(1) and match.group(1).lower() == "bearer":
        return f"{match.group(1)} {REDACTED}"
    return REDACTED


@dataclass(frozen=True)
class ErrorRule:
    """One known failure: ``pattern`` searched (case-insensitively) in the driver's text.

    ``message`` and ``hint`` may name the source's objects as ``{warehouse}``, ``{role}``,
    ``{user}``, ``{host}``, ``{database}``, ``{schema}``: :func:`translate` fills in the
    source's real names (``<warehouse>`` when the source does not say)."""

    pattern: str
    error: type[WarehouseError]
    message: str
    hint: str | None = None

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, text, re.I | re.S) is not None


_NETWORK = ErrorRule(
    r"timed? ?out.*connect|connection timed out|connect timeout|connection refused|"
    r"could not connect|name or service not known|"
    r"nodename nor servname|failed to resolve|no route to host|network is unreachable|"
    r"max retries exceeded|connection reset",
    ConnectError,
    "cannot reach the warehouse (network blocked or wrong host)",
    f"check the host name and port; if a firewall or network policy guards it, {EGRESS_HINT}",
)

_NAME = re.compile(r"\{(warehouse|role|user|host|database|schema)\}")


def fill_names(text: str, names: Mapping[str, str]) -> str:
    """``text`` with ``{warehouse}``-style references replaced by the source's names."""
    return _NAME.sub(lambda m: names.get(m.group(1)) or f"<{m.group(1)}>", text)


RULES: dict[str, tuple[ErrorRule, ...]] = {
    "snowflake": (
        ErrorRule(
            r"\b000630\b|statement reached its statement or warehouse timeout|"
            r"cancelled by the client due to a timeout",
            QueryTimeout,
            "the query reached the maximum runtime and was stopped",
            "make the query cheaper or raise the source's max runtime (at most 60m)",
        ),
        ErrorRule(
            r"\b000604\b|SQL execution canceled|cancelled", QueryCancelled, "query cancelled"
        ),
        ErrorRule(
            # the connector's CREDENTIAL_REJECTION_GS_CODES: 390144, 394300-394306 (JWT)
            r"\b390144\b|JWT token is invalid|\b39430[0-6]\b",
            ConnectError,
            "Snowflake refused the key pair: the public key is not registered on the user",
            "run the `ALTER USER {user} SET RSA_PUBLIC_KEY='…'` that `cdisql keys generate "
            "SOURCE` printed, as a user with the SECURITYADMIN role",
        ),
        ErrorRule(
            # the connector's session/master token codes (network.py): 390110, 390112-390115
            r"\b3901(1[02345])\b|session (token )?(has )?expired|session no longer exists|"
            r"authentication token has expired",
            ConnectError,
            "the Snowflake session token expired (or is no longer valid)",
            "run the command again: cdisql logs in afresh",
        ),
        ErrorRule(
            r"\b390189\b|role .* (specified in the connect string )?is not granted",
            ConnectError,
            "the role is not granted to the user",
            "GRANT ROLE {role} TO USER {user} (see `cdisql setup-sql snowflake --source NAME`)",
        ),
        ErrorRule(
            # ER_FAILED_TO_CONNECT_TO_DB (250001) after every retry, the login's own timeout
            # (5.x: 000014 HYT00), ER_CONNECTION_TIMEOUT (251011), or the socket's words
            r"could not connect to snowflake backend|login timed out|\b251011\b|"
            r"connection refused|no route to host|network is unreachable|"
            r"name or service not known|nodename nor servname|failed to resolve|"
            r"temporary failure in name resolution|connect(ion)? timed? ?out|max retries exceeded",
            ConnectError,
            "could not reach the Snowflake host {host}",
            "check the account identifier (it makes the host name: ORGNAME-ACCOUNTNAME, "
            "without '.snowflakecomputing.com') or the host setting, the network and proxy; "
            "if a firewall guards it, " + EGRESS_HINT + "; login_timeout bounds the wait",
        ),
        ErrorRule(
            # 251001 ER_NO_ACCOUNT_NAME, 251005 ER_NO_USER, 390100 AUTHORIZATION_FAILURE;
            # HTTP 403/404 on login: the account's URL answers but knows no such account
            r"\b251001\b|\b251005\b|verify the account name|403 forbidden|404 not found|"
            r"account .*(not found|does not exist)|incorrect username or password|\b390100\b",
            ConnectError,
            "Snowflake did not recognise the account identifier or the user",
            "use the account identifier ORGNAME-ACCOUNTNAME (or LOCATOR.REGION), without "
            "'.snowflakecomputing.com', and check the user name ({user})",
        ),
        ErrorRule(
            r"\b390432\b|\b390422\b|ip .* is not allowed|network policy",
            ConnectError,
            "a Snowflake network policy blocked the connection",
            EGRESS_HINT + " in the network policy of the account or user",
        ),
        ErrorRule(
            r"\b000606\b|no active warehouse",
            ConnectError,
            "no usable warehouse: it does not exist or the role lacks USAGE on it",
            "GRANT USAGE ON WAREHOUSE {warehouse} TO ROLE {role}, and check the source's "
            "warehouse setting",
        ),
        ErrorRule(
            r"warehouse .*(is suspended|cannot be resumed)",
            WarehouseError,
            "the warehouse is suspended and cannot be resumed by this role",
            "ALTER WAREHOUSE {warehouse} SET AUTO_RESUME = TRUE, or GRANT OPERATE ON WAREHOUSE "
            "{warehouse} TO ROLE {role}",
        ),
        ErrorRule(
            r"\b002003\b|does not exist or not authorized",
            WarehouseError,
            "an object does not exist, or the role lacks USAGE on its database or schema",
            "GRANT USAGE ON DATABASE {database} / GRANT USAGE ON SCHEMA {database}.{schema} / "
            "GRANT SELECT ON … TO ROLE {role}",
        ),
        ErrorRule(
            r"\b003001\b|insufficient privileges",
            WarehouseError,
            "the role lacks a privilege",
            "GRANT CREATE TABLE ON SCHEMA {database}.{schema} and SELECT on the tables "
            "TO ROLE {role}",
        ),
        _NETWORK,
    ),
    "redshift": (
        ErrorRule(
            r"57014.*statement timeout|canceling statement due to statement timeout",
            QueryTimeout,
            "the query reached the maximum runtime and was stopped",
            "make the query cheaper or raise the source's max runtime (at most 60m)",
        ),
        ErrorRule(
            r"57014|canceling statement due to user request|query cancelled",
            QueryCancelled,
            "query cancelled",
        ),
        ErrorRule(
            r"28P01|28000|password authentication failed|authentication failed",
            ConnectError,
            "Redshift refused the user name or password",
            "check the user setting and the password in the environment variable named by "
            "password_env",
        ),
        ErrorRule(
            r"3D000|database .* does not exist",
            ConnectError,
            "the database does not exist",
            "check the source's --database",
        ),
        ErrorRule(
            r"3F000|schema .* does not exist",
            WarehouseError,
            "the schema does not exist",
            "check the source's --schema",
        ),
        ErrorRule(
            r"42501|permission denied",
            WarehouseError,
            "the user lacks a privilege",
            "GRANT USAGE, CREATE ON SCHEMA … and SELECT on the tables to the user "
            "(see `cdisql setup-sql redshift`)",
        ),
        ErrorRule(
            r"42P01|relation .* does not exist",
            WarehouseError,
            "a table does not exist or the user cannot see it",
        ),
        ErrorRule(
            r"connection time ?out|TimeoutError|socket\.timeout|\btimed out\b",
            ConnectError,
            "Redshift did not answer within connect_timeout (network blocked or wrong host)",
            "check the host and port; allow inbound TCP on the cluster port from the platform's "
            "egress IPs, or raise the source's connect_timeout if the cluster is slow to accept",
        ),
        ErrorRule(
            r"ssl|certificate",
            ConnectError,
            "the TLS connection failed",
            "check the sslmode setting (verify-ca needs the cluster's certificate chain)",
        ),
        ErrorRule(
            r"ssh:|ssh tunnel|permission denied \(publickey",
            ConnectError,
            "the SSH tunnel could not be opened",
            "add the public key from `cdisql keys generate SOURCE` to the tunnel user's "
            "~/.ssh/authorized_keys on the bastion, and check ssh_host/ssh_user",
        ),
        ErrorRule(
            _NETWORK.pattern,
            ConnectError,
            _NETWORK.message,
            "allow inbound TCP on the cluster port (5439 by default) from the platform's egress "
            "IPs in the cluster's security group, even when rules say allow all, make the "
            "endpoint public or use an SSH tunnel (`cdisql setup-sql redshift` prints them)",
        ),
    ),
    "bigquery": (
        ErrorRule(
            r"job timed out|timed out after|exceeded.*timeout|timeout.*exceeded|deadline exceeded",
            QueryTimeout,
            "the query reached the maximum runtime and was stopped",
            "make the query cheaper or raise the source's max runtime (at most 60m)",
        ),
        ErrorRule(
            r"job execution was cancel+ed|job .* cancel+ed", QueryCancelled, "query cancelled"
        ),
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
        _NETWORK,
    ),
    "databricks": (
        ErrorRule(
            r"query_execution_timeout_exceeded|statement_timeout|timed out.*(query|statement)|"
            r"(query|statement).*timed out",
            QueryTimeout,
            "the query reached the maximum runtime and was stopped",
            "make the query cheaper or raise the source's max runtime (at most 60m)",
        ),
        ErrorRule(r"cancel+ed|operation canceled", QueryCancelled, "query cancelled"),
        ErrorRule(
            r"invalid access token|token.*expired|expired.*token|\b401\b|unauthenticated|"
            r"invalid_token|credential was not sent",
            ConnectError,
            "Databricks refused the access token (expired, revoked or wrong workspace)",
            "create a new personal access token with no lifetime and put it in the variable "
            "named by token_env",
        ),
        ErrorRule(
            r"ip .*(not allowed|blocked)|ip access list",
            ConnectError,
            "the workspace's IP access list blocked the connection",
            EGRESS_HINT + " in the workspace IP access list",
        ),
        ErrorRule(
            r"catalog_not_found|no_such_catalog",
            WarehouseError,
            "the catalog does not exist or the token's user cannot see it",
            "check the source's --database (the catalog) and GRANT USE CATALOG",
        ),
        ErrorRule(
            r"schema_not_found|no_such_schema",
            WarehouseError,
            "the schema does not exist or the token's user cannot see it",
            "check --schema and GRANT USE SCHEMA",
        ),
        ErrorRule(
            r"table_or_view_not_found",
            WarehouseError,
            "a table does not exist or the token's user cannot see it",
        ),
        ErrorRule(
            r"permission_denied|insufficient_permissions|does not have .* privilege|\b403\b",
            WarehouseError,
            "the token's user lacks a privilege",
            "GRANT USE CATALOG, USE SCHEMA, SELECT and CREATE TABLE (see `cdisql setup-sql "
            "databricks`)",
        ),
        ErrorRule(
            r"error during request to server|max retry duration",
            ConnectError,
            "cannot reach the SQL warehouse (network blocked, wrong host, or it did not answer "
            "within connect_timeout)",
            "check server_hostname and http_path; if the workspace has an IP access list, "
            + EGRESS_HINT,
        ),
        ErrorRule(
            r"http path|sql warehouse .*(not found|does not exist)|\b404\b",
            ConnectError,
            "the SQL warehouse was not found",
            "copy the HTTP path from the SQL warehouse's Connection details tab",
        ),
        _NETWORK,
    ),
}


def first_line(error: BaseException | str) -> str:
    if isinstance(error, BaseException) and error.args and isinstance(error.args[0], dict):
        fields = error.args[0]  # PostgreSQL wire-protocol error fields (redshift-connector)
        if "M" in fields:
            code = f"{fields['C']}: " if fields.get("C") else ""
            return f"{code}{fields['M']}"
    text = str(error).strip()
    if not text:
        return type(error).__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and _COMPILE_POSITION.search(lines[0]):
        # Snowflake: "SQL compilation error: error line 2 at position 4" then the reason
        return f"{_COMPILE_POSITION.sub('', lines[0]).rstrip()} {lines[1]}"
    return lines[0]


_COMPILE_POSITION = re.compile(r"\s*error line \d+ at position \d+\s*$", re.I)


def error_offset(kind: str, detail: str | None, sql: str) -> int | None:
    """Where in ``sql`` (the text sent) the warehouse's error ``detail`` points, as a
    0-based offset; None when the warehouse gave no position."""
    if not detail:
        return None
    from cdisql.textindex import LineIndex

    lines = LineIndex(sql)
    for pattern, base in _POSITIONS.get(kind, ()):
        match = re.search(pattern, detail, re.I)
        if match is None:
            continue
        groups = match.groupdict()
        if "offset" in groups:  # PostgreSQL's 1-based character position
            return min(max(int(groups["offset"]) - 1, 0), len(sql))
        line, column = int(groups["line"]) - 1, int(groups["column"]) - base
        return lines.offset(line, column)
    if kind == "duckdb":
        return _duckdb_offset(detail, sql, lines)
    return None


# (pattern, first column number): 1 for 1-based columns, 0 for 0-based
_POSITIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "snowflake": ((r"error line (?P<line>\d+) at position (?P<column>\d+)", 0),),
    "bigquery": ((r"at \[(?P<line>\d+):(?P<column>\d+)\]", 1),),
    "databricks": ((r"line (?P<line>\d+),? pos (?P<column>\d+)", 0),),
    "redshift": ((r"'P': '(?P<offset>\d+)'", 1), (r"\bposition[:=]? (?P<offset>\d+)", 1)),
}


def _duckdb_offset(detail: str, sql: str, lines: object) -> int | None:
    """DuckDB quotes the line (``LINE 2: …context…``) and marks the place with carets;
    a long line is cut to a context with ``...``, found again in the line sent."""
    match = re.search(r"^LINE (\d+): (.*)\n( *)\^", detail, re.M)
    if match is None:
        return None
    from cdisql.textindex import LineIndex

    assert isinstance(lines, LineIndex)
    line = int(match.group(1)) - 1
    context, caret = match.group(2), len(match.group(3)) - len(f"LINE {match.group(1)}: ")
    shown = context.removeprefix("...")
    cut = len(context) - len(shown)
    shown = shown.removesuffix("...")
    text = lines.line_text(line)
    found = text.find(shown) if cut else 0
    if found < 0:
        return None
    return lines.offset(line, found + caret - cut)


def translate(
    kind: str,
    error: BaseException,
    *,
    secrets: Iterable[str | bytes | None] = (),
    default: type[WarehouseError] = WarehouseError,
    names: Mapping[str, str] | None = None,
) -> WarehouseError:
    """A :class:`WarehouseError` for a driver's ``error``: known cause, what to do (with the
    source's ``names`` filled in, :func:`fill_names`), no secret."""
    secrets = tuple(secrets)
    if isinstance(error, WarehouseError):
        return type(error)(
            scrub(str(error.args[0]) if error.args else "", secrets),
            hint=error.hint,
            detail=scrub(error.detail, secrets) if error.detail else None,
        )
    raw = f"{type(error).__name__}: {error}"
    said = scrub(first_line(error), secrets)
    if len(said) > 300:
        said = said[:297] + "..."
    detail = scrub(str(error)[:4000], secrets)
    for rule in RULES.get(kind, ()):
        if rule.matches(raw):
            given = names or {}
            return rule.error(
                f"{fill_names(rule.message, given)}: {said}",
                hint=fill_names(rule.hint, given) if rule.hint else None,
                detail=detail,
            )
    return default(said, detail=detail)
