"""The rule registry: stable codes, names, default severities and each rule's own doc.

A rule is a small class with ``code``, ``name``, ``severity`` and a docstring with the
headings *What it does*, *Why is this bad?*, *Example*, *Use instead*. ``cdisql rule
CODE`` prints that docstring and the README's rule table is generated from here.
Codes and names are public API: never renumber or rename a rule.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cdisql.lint.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from cdisql.lint.context import RuleContext

DOCS_URL = "https://github.com/cdisql/cdisql/blob/main/docs/rules.md#{anchor}"


class Rule:
    """Base class of every rule; subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    needs_catalog: ClassVar[bool] = False
    """Runs only when a catalog is available (CDI2xx, CDI304/305)."""
    contract: ClassVar[bool] = False
    """Part of the segment contract (CDI100-CDI105): the guard refuses on these."""
    output_rule: ClassVar[bool] = False
    """About the ``external_user_id`` output column: does not apply to a preview."""
    from_warehouse: ClassVar[bool] = False
    """Reported by ``cdisql validate`` from the warehouse's answer (CDI4xx), never by lint."""
    whole_text: ClassVar[bool] = False
    """Looks at every statement of the text at once (CDI100-CDI102); other rules run
    once per parsed statement."""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        raise NotImplementedError

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first paragraph under *What it does* (for hovers and tables)."""
        text = cls.doc()
        marker = "## What it does"
        if marker in text:
            text = text.split(marker, 1)[1]
        for paragraph in text.strip().split("\n\n"):
            line = " ".join(paragraph.split())
            if line and not line.startswith("#"):
                return line
        return ""

    @classmethod
    def docs_url(cls) -> str:
        return DOCS_URL.format(anchor=f"{cls.code.lower()}-{cls.name}")


class WarehouseRule(Rule):
    """A rule reported by ``cdisql validate`` from the warehouse's answer, never by lint."""

    from_warehouse = True

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return iter(())


_RULES: dict[str, type[Rule]] = {}
_LOADED = False


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry; codes and names must be unique."""
    if rule.code in _RULES and _RULES[rule.code] is not rule:
        raise RuntimeError(f"duplicate rule code {rule.code}")
    for other in _RULES.values():
        if other.name == rule.name and other is not rule:
            raise RuntimeError(f"duplicate rule name {rule.name}")
    _RULES[rule.code] = rule
    return rule


def _load() -> None:
    global _LOADED
    if not _LOADED:
        import cdisql.lint.rules  # noqa: F401  (registers every rule)

        _LOADED = True


def all_rules() -> list[type[Rule]]:
    """Every registered rule, ordered by code."""
    _load()
    return [_RULES[code] for code in sorted(_RULES)]


def get_rule(code_or_name: str) -> type[Rule] | None:
    _load()
    key = code_or_name.strip()
    if key.upper() in _RULES:
        return _RULES[key.upper()]
    for rule in _RULES.values():
        if rule.name == key.lower():
            return rule
    return None
