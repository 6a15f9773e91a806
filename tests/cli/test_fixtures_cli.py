"""``cdisql lint fixtures/segments``: the README's main command reports exactly the
codes each fixture expects, the same in every output format."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
_EXPECT = re.compile(r"--\s*expect:\s*(.*)")


def expected(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    match = _EXPECT.match(lines[0].strip()) if lines else None
    return {c.strip().upper() for c in match.group(1).split(",")} if match else set()


@pytest.fixture
def fixture_copy(project: Path) -> Path:
    shutil.copytree(FIXTURES / "segments", project / "fixtures" / "segments")
    shutil.copytree(FIXTURES / "catalogs", project / "fixtures" / "catalogs")
    return project / "fixtures" / "segments"


def test_every_fixture_reports_exactly_its_expected_codes(fixture_copy, run):
    result = run("lint", "--format", "json", "fixtures/segments")
    assert result.exit_code == 1
    found: dict[str, set[str]] = {}
    for item in json.loads(result.stdout):
        found.setdefault(item["filename"], set()).add(item["code"])
        assert item["location"]["row"] >= 1 and item["location"]["column"] >= 1
    files = sorted(fixture_copy.glob("*/*.sql"))
    assert len(files) > 100
    for path in files:
        name = str(path.relative_to(fixture_copy.parent.parent))
        assert found.get(name, set()) == expected(path), name


def test_every_format_reports_the_same_diagnostics(fixture_copy, run):
    items = json.loads(run("lint", "--format", "json", "fixtures/segments").stdout)
    by_code = Counter(i["code"] for i in items)
    sarif = json.loads(run("lint", "--format", "sarif", "fixtures/segments").stdout)
    assert Counter(r["ruleId"] for r in sarif["runs"][0]["results"]) == by_code
    github = run("lint", "--format", "github", "fixtures/segments").stdout.splitlines()
    assert Counter(re.search(r"title=(CDI\d+)", line).group(1) for line in github) == by_code  # type: ignore[union-attr]
    junit = ET.fromstring(run("lint", "--format", "junit", "fixtures/segments").stdout)
    failures = [f.get("type", "").split()[0] for f in junit.iter("failure")]
    assert Counter(failures) == by_code
    assert len(list(junit.iter("testcase"))) == len(list(fixture_copy.glob("*/*.sql")))
    text = run("lint", "fixtures/segments").stdout
    assert f"Found {len(items)} problems" in text


def test_formatting_every_fixture_keeps_its_diagnostics(fixture_copy, run):
    before = json.loads(run("lint", "--format", "json", "fixtures/segments").stdout)
    result = run("format", "fixtures/segments")
    # the fixtures with syntax errors are refused, not mangled
    assert "left as is" in result.stdout
    for line in result.stderr.splitlines():
        assert re.search(
            r"bad_(syntax|wildcard_table).sql:\d+:\d+: not formatted: syntax error: ", line
        )
    after = json.loads(run("lint", "--format", "json", "fixtures/segments").stdout)
    assert Counter((i["filename"], i["code"]) for i in after) == Counter(
        (i["filename"], i["code"]) for i in before
    )
