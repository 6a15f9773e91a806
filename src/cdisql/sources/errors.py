"""Driver errors -> messages a user can act on, with every secret scrubbed out.

Each warehouse's known failures are a table of :class:`ErrorRule` (a pattern on the
driver's message, the error class to raise, what happened, what to do) on its adapter
(``error_rules``), read in order; the first match wins. Whatever the driver said is kept, shortened to its first line and
scrubbed of secrets, so the user still sees the warehouse's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cdisql.sources.base import ConnectError, WarehouseError, adapter_class

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


NETWORK = ErrorRule(
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
    adapter = adapter_class(kind)
    for pattern, base in adapter.error_positions:
        match = re.search(pattern, detail, re.I)
        if match is None:
            continue
        groups = match.groupdict()
        if "offset" in groups:  # PostgreSQL's 1-based character position
            return min(max(int(groups["offset"]) - 1, 0), len(sql))
        line, column = int(groups["line"]) - 1, int(groups["column"]) - base
        return lines.offset(line, column)
    if adapter.error_lines_quoted:
        return quoted_line_offset(detail, sql, lines)
    return None


def quoted_line_offset(detail: str, sql: str, lines: object) -> int | None:
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
    for rule in adapter_class(kind).error_rules:
        if rule.matches(raw):
            given = names or {}
            return rule.error(
                f"{fill_names(rule.message, given)}: {said}",
                hint=fill_names(rule.hint, given) if rule.hint else None,
                detail=detail,
            )
    return default(said, detail=detail)
