"""One rule per module, named after it; rules share facts only through the model."""

from __future__ import annotations

import ast
from pathlib import Path

from cdisql.lint import all_rules

RULES = Path(__file__).resolve().parents[2] / "src" / "cdisql" / "lint" / "rules"


def module_name(code: str, name: str) -> str:
    return f"{code.lower()}_{name.replace('-', '_')}"


def test_every_rule_lives_alone_in_a_module_named_after_it() -> None:
    for rule in all_rules():
        module = rule.__module__
        assert module == f"cdisql.lint.rules.{module_name(rule.code, rule.name)}", rule.code
    files = {p.stem for p in RULES.glob("cdi*.py")}
    assert files == {module_name(r.code, r.name) for r in all_rules()}


def test_no_rule_module_imports_another_or_keeps_facts_in_a_string_keyed_cache() -> None:
    for path in sorted(RULES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("cdisql.lint.rules"), (path.name, node.module)
            if isinstance(node, ast.Attribute):
                assert node.attr != "cache", path.name
