"""``--format junit``: one testcase per file, one failure per diagnostic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from cdisql.report.model import FileReport


def render(reports: Sequence[FileReport]) -> str:
    failed_cases = sum(1 for r in reports if r.diagnostics)
    suites = ET.Element(
        "testsuites", name="cdisql", tests=str(len(reports)), failures=str(failed_cases)
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="cdisql lint",
        tests=str(len(reports)),
        failures=str(failed_cases),
        errors="0",
        skipped="0",
    )
    for report in reports:
        case = ET.SubElement(
            suite, "testcase", name=report.filename, classname="cdisql.lint", file=report.filename
        )
        for d in report.diagnostics:
            pos = report.position(d.start)
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{d.code} {d.message}",
                type=f"{d.code} {d.name}",
            )
            failure.text = (
                f"{report.filename}:{pos.row}:{pos.column}: {d.code} [{d.severity.label}] "
                f"{d.message}"
            )
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
