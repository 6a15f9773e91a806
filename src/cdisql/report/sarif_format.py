"""``--format sarif``: SARIF 2.1.0 with the rules' metadata (code scanning, IDEs)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cdisql import __version__
from cdisql.lint.diagnostics import Severity
from cdisql.report.model import FileReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/cdisql/cdisql"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(filename: str) -> str:
    """A relative URI (against %SRCROOT%, the current folder) when it can be one."""
    path = Path(filename)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.as_uri()
    return path.as_posix() if os.sep == "/" else filename.replace(os.sep, "/")


def _region(report: FileReport, start: int, end: int) -> dict[str, int]:
    first, last = report.span(start, end)
    return {
        "startLine": first.row,
        "startColumn": first.column,
        "endLine": last.row,
        "endColumn": last.column,
    }


def render(reports: Sequence[FileReport]) -> str:
    from cdisql.lint.registry import all_rules

    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver_rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary() or rule.name},
            "fullDescription": {"text": rule.doc()},
            "help": {"text": rule.doc(), "markdown": rule.doc()},
            "helpUri": rule.docs_url(),
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            "properties": {"tags": [_family(rule.code)]},
        }
        for rule in rules
    ]
    results: list[dict[str, Any]] = []
    for report in reports:
        uri = _uri(report.filename)
        location = {"uri": uri, "uriBaseId": "%SRCROOT%"}
        for d in report.diagnostics:
            result: dict[str, Any] = {
                "ruleId": d.code,
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": location,
                            "region": _region(report, d.start, d.end),
                        }
                    }
                ],
            }
            if d.code in index:
                result["ruleIndex"] = index[d.code]
            if d.fix is not None:
                result["fixes"] = [
                    {
                        "description": {"text": d.fix.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": location,
                                "replacements": [
                                    {
                                        "deletedRegion": _region(report, e.start, e.end),
                                        "insertedContent": {"text": e.replacement},
                                    }
                                    for e in d.fix.edits
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cdisql",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": driver_rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _family(code: str) -> str:
    if code.startswith("CDI1"):
        return "segment-contract"
    if code.startswith("CDI2"):
        return "catalog"
    if code.startswith("CDI3"):
        return "cost"
    if code.startswith("CDI4"):
        return "warehouse"
    return "meta"
