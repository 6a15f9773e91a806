"""The catalog JSON format: a published JSON Schema, and `cdisql catalog validate`.

The schema (``data/catalog.schema.json``) is checked by the reference JSON Schema
implementation (``jsonschema``, a test dependency only); cdisql itself validates with
its catalog loader, and both must agree on every file below.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from cdisql.catalog import catalog_problems, catalog_schema, load_catalog
from cdisql.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures" / "catalogs").glob("*.json"))
GOOD: dict[str, Any] = {
    "version": 1,
    "warehouse": "snowflake",
    "source": "prod",
    "generated_at": "2026-11-28T00:00:00Z",
    "tables": [
        {"name": "A"},
        {"name": "B", "kind": "view", "columns": []},
        {"name": "C", "partition_by": ["D"], "cluster_by": None, "row_count": 3},
        {
            "database": "ANALYTICS",
            "schema": "CDI",
            "name": "EVENTS",
            "description": "one row per event",
            "columns": [
                {"name": "ID", "type": "NUMBER(38,0)", "nullable": False},
                {"name": "USER_ID", "type": "VARCHAR", "nullable": None, "description": None},
            ],
        },
    ],
}


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


BAD = {
    "column type": (_with(("tables", 3, "columns", 1, "type"), 3), "tables[3].columns[1].type"),
    "column typo": (
        _with(("tables", 3, "columns", 1, "nulable"), True),
        "tables[3].columns[1].nulable",
    ),
    "table typo": (_with(("tables", 3, "colums"), []), "tables[3].colums"),
    "kind": (_with(("tables", 1, "kind"), "sequence"), "tables[1].kind"),
    "nullable": (
        _with(("tables", 3, "columns", 0, "nullable"), "no"),
        "tables[3].columns[0].nullable",
    ),
    "row count": (_with(("tables", 2, "row_count"), "3"), "tables[2].row_count"),
    "partition_by": (_with(("tables", 2, "partition_by"), "D"), "tables[2].partition_by"),
    "no name": (_with(("tables", 0, "name"), ""), "tables[0].name"),
    "version": (_with(("version",), 2), "version"),
    "warehouse": (_with(("warehouse",), "oracle"), "warehouse"),
    "tables": (_with(("tables",), {}), "tables"),
}


def test_the_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(catalog_schema())


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_every_shipped_catalog_follows_the_schema_and_the_loader(fixture: Path) -> None:
    data = json.loads(fixture.read_text(encoding="utf-8"))
    jsonschema.validate(data, catalog_schema())
    assert catalog_problems(data) == []


def test_a_good_hand_written_catalog_passes_both() -> None:
    jsonschema.validate(GOOD, catalog_schema())
    assert catalog_problems(GOOD) == []


@pytest.mark.parametrize("case", sorted(BAD))
def test_the_schema_and_the_loader_refuse_the_same_entry(case: str) -> None:
    data, where = BAD[case]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, catalog_schema())
    problems = catalog_problems(data)
    assert problems and problems[0].startswith(f"{where}: "), problems


def test_catalog_validate_names_each_entry_and_fails(tmp_path: Path) -> None:
    bad = _with(("tables", 3, "columns", 1, "type"), 3)
    bad["tables"][3]["colums"] = []
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = CliRunner().invoke(cli, ["catalog", "validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert (
        f"{path}: tables[3].columns[1].type: must be a string or null, not a number "
        "(table EVENTS, column USER_ID)"
    ) in result.stderr
    assert f"{path}: tables[3].colums: unknown key: did you mean 'columns'? (table EVENTS)" in (
        result.stderr
    )
    assert "2 problems: not a valid catalog" in result.stderr


def test_catalog_validate_accepts_a_good_file_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    result = CliRunner().invoke(cli, ["catalog", "validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 0 and "valid catalog (4 table(s), 2 column(s))" in result.stdout
    piped = CliRunner().invoke(cli, ["catalog", "validate", "-"], input=json.dumps(GOOD))
    assert piped.exit_code == 0
    broken = CliRunner().invoke(cli, ["catalog", "validate", "-"], input="{")
    assert broken.exit_code == 2 and "-:1:2: not valid JSON" in broken.stderr
    missing = CliRunner().invoke(cli, ["catalog", "validate", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "catalog file not found" in missing.stderr


def test_the_loader_names_the_entry_and_counts_the_rest(tmp_path: Path) -> None:
    bad = _with(("tables", 3, "columns", 1, "type"), 3)
    bad["tables"][2]["row_count"] = "many"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_catalog(path)
    assert str(caught.value).startswith(f"{path}: tables[2].row_count: ")
    assert f"(and 1 more: `cdisql catalog validate {path}` lists them)" in str(caught.value)


def test_catalog_schema_prints_the_published_schema() -> None:
    result = CliRunner().invoke(cli, ["catalog", "schema"], catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.stdout) == catalog_schema()


def test_every_schema_field_is_documented() -> None:
    page = (ROOT / "docs" / "catalog-format.md").read_text(encoding="utf-8")
    schema = catalog_schema()
    fields = set(schema["properties"])
    for definition in schema["$defs"].values():
        fields |= set(definition["properties"])
    for name in sorted(fields):
        assert f"`{name}`" in page, f"docs/catalog-format.md does not document {name!r}"
