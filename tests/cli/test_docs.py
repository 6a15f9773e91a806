"""The README's rules table and docs/rules.md are generated from the registry."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from cdisql.lint.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]


def load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_and_rules_doc_are_up_to_date():
    gen = load_generator()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert gen.readme_with_table(readme) == readme, "README is stale: python scripts/gen_docs.py"
    rules_md = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert gen.rules_markdown() == rules_md, "docs/rules.md is stale: python scripts/gen_docs.py"


def test_every_rule_url_points_at_a_heading_of_the_rules_doc():
    rules_md = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (CDI\d+) (\S+)$", rules_md, re.MULTILINE)
    anchors = {f"{code.lower()}-{name}" for code, name in headings}
    for rule in all_rules():
        assert rule.docs_url().endswith("docs/rules.md#" + f"{rule.code.lower()}-{rule.name}")
        assert f"{rule.code.lower()}-{rule.name}" in anchors
        assert rule.doc().splitlines()[0] in rules_md


def test_readme_names_the_two_commands_and_the_other_guides():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # the main job on the embedded default (tests/sources/test_source_demo.py runs it)
    assert "pip install -e . && cdisql demo" in readme
    assert "bash scripts/test" in readme
    for guide in ("docs/sources.md", "docs/lsp.md", "docs/warehouses.md", "docs/configuration.md"):
        assert guide in readme
        assert (ROOT / guide).is_file()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [
        line
        for line in ci_lines
        if line.strip() and not line.startswith(("#", "set ", "cd ", "export "))
    ]
    assert commands == ["bash scripts/test"]
    assert "```sh\nbash scripts/test\n```" in readme
