"""Lint on SQL nobody here wrote: SQLFluff's dialect fixtures and realistic segments.

- ``tests/corpus/sqlfluff/<dialect>/``: a vendored sample of SQLFluff's dialect fixtures
  (MIT, see its ``SOURCE.md``): every file lints, with and without a catalog, without a
  rule raising (core tests run the rules strictly) and with diagnostics inside the text;
  the command line lints each folder without a traceback.
- ``fixtures/corpus/<warehouse>/``: segments written the way an analytics engineer
  writes them (dbt-style CTE chains, QUALIFY, FLATTEN/UNNEST/explode, PIVOT, recursive
  CTEs, semi-structured navigation, each dialect's date functions), with a catalog.
  A ``good_*.sql`` is valid in its warehouse: no error-level diagnostic. A ``bad_*.sql``
  names on its first line the codes it must produce, and produces no other error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cdisql.catalog import Catalog, load_catalog
from cdisql.lint import LintSettings, lint_text
from cdisql.lint.diagnostics import Severity
from cdisql.lint.engine import LintResult
from core.test_fixtures import expected_codes

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[2]
SQLFLUFF = ROOT / "tests" / "corpus" / "sqlfluff"
CORPUS = ROOT / "fixtures" / "corpus"
WAREHOUSES = ("snowflake", "redshift", "bigquery", "databricks")
SQLFLUFF_FILES = sorted(p for w in WAREHOUSES for p in (SQLFLUFF / w).glob("*.sql"))
CORPUS_FILES = sorted(p for w in WAREHOUSES for p in (CORPUS / w).glob("*.sql"))
_CATALOGS: dict[Path, Catalog] = {}


def corpus_catalog(folder: Path) -> Catalog:
    """The catalog the folder's ``cdisql.toml`` names."""
    if folder not in _CATALOGS:
        config = tomllib.loads((folder / "cdisql.toml").read_text(encoding="utf-8"))
        _CATALOGS[folder] = load_catalog(folder / config["catalog"])
    return _CATALOGS[folder]


def lint_segment(path: Path, dialect: str, catalog: Catalog | None) -> LintResult:
    text = path.read_text(encoding="utf-8")
    table = catalog.tables[0] if catalog is not None else None
    settings = LintSettings(
        source_database=table.database if table else None,
        source_schema=table.schema if table else None,
    )
    result = lint_text(text, dialect, catalog=catalog, settings=settings)
    for d in result.diagnostics:
        assert 0 <= d.start <= d.end <= len(text), d
        assert d.message, d
    return result


def errors(result: LintResult) -> dict[str, str]:
    return {
        d.code: f"{d.code} {d.start}-{d.end} {d.message}"
        for d in result.diagnostics
        if d.severity is Severity.ERROR
    }


def test_the_corpora_are_there() -> None:
    for warehouse in WAREHOUSES:
        assert len(list((SQLFLUFF / warehouse).glob("*.sql"))) >= 15, warehouse
        assert len(list((CORPUS / warehouse).glob("good_*.sql"))) >= 15, warehouse
        assert len(list((CORPUS / warehouse).glob("bad_*.sql"))) >= 15, warehouse


@pytest.mark.parametrize(
    "path", SQLFLUFF_FILES, ids=[f"{p.parent.name}/{p.name}" for p in SQLFLUFF_FILES]
)
def test_sqlfluff_fixture_lints_without_a_rule_failing(path: Path) -> None:
    dialect = path.parent.name
    lint_segment(path, dialect, None)
    lint_segment(path, dialect, corpus_catalog(CORPUS / dialect))


@pytest.mark.parametrize("warehouse", WAREHOUSES)
def test_command_line_lints_sqlfluff_fixtures_without_a_traceback(warehouse: str) -> None:
    catalog = CORPUS / warehouse / "catalog.json"
    folder = SQLFLUFF / warehouse
    command = [sys.executable, "-m", "cdisql", "lint", "--no-cache", "--format", "json"]
    command += ["--dialect", warehouse, "--catalog", str(catalog), str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1), done.stderr[-2000:]
    linted = {Path(item["filename"]).name for item in json.loads(done.stdout)}
    assert linted <= {p.name for p in folder.glob("*.sql")}


GOOD = [p for p in CORPUS_FILES if p.name.startswith("good_")]
BAD = [p for p in CORPUS_FILES if p.name.startswith("bad_")]


@pytest.mark.parametrize("path", GOOD, ids=[f"{p.parent.name}/{p.name}" for p in GOOD])
def test_valid_segment_has_no_error(path: Path) -> None:
    result = lint_segment(path, path.parent.name, corpus_catalog(path.parent))
    assert not errors(result), "\n".join(errors(result).values())


@pytest.mark.parametrize("path", BAD, ids=[f"{p.parent.name}/{p.name}" for p in BAD])
def test_invalid_segment_reports_its_codes_and_no_other_error(path: Path) -> None:
    expected = expected_codes(path.read_text(encoding="utf-8"))
    assert expected, f"{path.name}: the first line names no code"
    result = lint_segment(path, path.parent.name, corpus_catalog(path.parent))
    found = {d.code for d in result.diagnostics}
    details = "\n".join(f"{d.code} {d.start}-{d.end} {d.message}" for d in result.diagnostics)
    assert expected <= found, details
    assert set(errors(result)) <= expected, details
