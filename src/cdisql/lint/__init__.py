"""The linter: rules with stable codes over an :class:`~cdisql.analysis.Analysis`."""

from cdisql.lint.engine import LintResult, lint_text
from cdisql.lint.registry import Rule, all_rules, get_rule, register
from cdisql.lint.settings import LintSettings

__all__ = ["LintResult", "LintSettings", "Rule", "all_rules", "get_rule", "lint_text", "register"]
