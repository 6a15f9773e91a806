"""Every fixture segment produces exactly the codes its `-- expect:` line names."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cdisql.catalog import Catalog
from cdisql.lint import LintSettings, lint_text

SEGMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "segments"
DIALECTS = ("snowflake", "redshift", "bigquery", "databricks", "duckdb")
_EXPECT = re.compile(r"--\s*expect:\s*(.*)")

FIXTURE_FILES = sorted(SEGMENTS.glob("*/*.sql"))


def expected_codes(text: str) -> set[str]:
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    match = _EXPECT.match(first.strip())
    if not match:
        return set()
    return {c.strip().upper() for c in match.group(1).split(",") if c.strip()}


def lint_fixture(path: Path, catalog: Catalog):  # type: ignore[no-untyped-def]
    table = catalog.tables[0]
    settings = LintSettings(source_database=table.database, source_schema=table.schema)
    return lint_text(
        path.read_text(encoding="utf-8"), path.parent.name, catalog=catalog, settings=settings
    )


def test_every_dialect_has_fixtures() -> None:
    for dialect in DIALECTS:
        assert list((SEGMENTS / dialect).glob("*.sql")), dialect


def test_bad_fixtures_name_their_codes_and_good_ones_do_not() -> None:
    for path in FIXTURE_FILES:
        codes = expected_codes(path.read_text(encoding="utf-8"))
        assert bool(codes) == path.name.startswith("bad_"), path


@pytest.mark.parametrize(
    "path", FIXTURE_FILES, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURE_FILES]
)
def test_fixture_produces_exactly_its_expected_codes(
    path: Path, catalog_for: Callable[[str], Catalog]
) -> None:
    result = lint_fixture(path, catalog_for(path.parent.name))
    found = {d.code for d in result.diagnostics}
    details = "\n".join(f"{d.code} {d.start}-{d.end} {d.message}" for d in result.diagnostics)
    assert found == expected_codes(path.read_text(encoding="utf-8")), details


def test_every_rule_is_exercised_in_every_cloud_dialect() -> None:
    from cdisql.lint import all_rules

    for dialect in ("snowflake", "redshift", "bigquery", "databricks"):
        seen: set[str] = set()
        for path in (SEGMENTS / dialect).glob("*.sql"):
            seen |= expected_codes(path.read_text(encoding="utf-8"))
        missing = {r.code for r in all_rules() if not r.from_warehouse} - seen
        assert not missing, f"{dialect}: no fixture for {sorted(missing)}"
