"""The linter: rules with stable codes over an :class:`~cdisql.analysis.Analysis`.

The names below are imported on first use (module ``__getattr__``), so that importing a
submodule such as :mod:`cdisql.project.replay` does not load sqlglot and every rule.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs a cache hit ~5 ms
if TYPE_CHECKING:
    from typing import Any

    from cdisql.lint.engine import LintResult, lint_text
    from cdisql.lint.registry import Rule, all_rules, get_rule, register
    from cdisql.lint.settings import LintSettings

_EXPORTS = {
    "LintResult": "cdisql.lint.engine",
    "lint_text": "cdisql.lint.engine",
    "Rule": "cdisql.lint.registry",
    "all_rules": "cdisql.lint.registry",
    "get_rule": "cdisql.lint.registry",
    "register": "cdisql.lint.registry",
    "LintSettings": "cdisql.lint.settings",
}

__all__ = ["LintResult", "LintSettings", "Rule", "all_rules", "get_rule", "lint_text", "register"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(__import__(module, fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
