"""Which rules run and at what severity: ``select`` / ``ignore`` / ``severity`` overrides."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cdisql.lint.diagnostics import Severity


@dataclass(frozen=True)
class LintSettings:
    select: tuple[str, ...] = ("ALL",)
    """Codes or code prefixes to run (``CDI3`` = every cost rule); ``ALL`` runs everything."""
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Per-code severity overrides."""
    source_database: str | None = None
    source_schema: str | None = None
    preview: bool = False
    """A preview: the ``external_user_id`` output rules do not apply."""
    noqa: bool = True
    """Honour ``-- noqa`` comments; the guard turns this off (a comment never changes what
    a build or preview accepts)."""

    def enabled(self, code: str) -> bool:
        try:
            key = (code, tuple(self.select), tuple(self.ignore))
        except TypeError:
            return _matches(code, self.select) and not _matches(code, self.ignore)
        found = _ENABLED.get(key)
        if found is None:
            found = _matches(code, self.select) and not _matches(code, self.ignore)
            if len(_ENABLED) < 4096:
                _ENABLED[key] = found
        return found

    def severity_for(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)


_ENABLED: dict[tuple[str, tuple[str, ...], tuple[str, ...]], bool] = {}


def _matches(code: str, patterns: Iterable[str]) -> bool:
    for pattern in patterns:
        p = pattern.strip().upper()
        if p == "ALL" or (p and code.startswith(p)):
            return True
    return False
