"""``--format github``: GitHub Actions workflow commands, one annotation per diagnostic."""

from __future__ import annotations

from collections.abc import Sequence

from cdisql.lint.diagnostics import Severity
from cdisql.report.model import FileReport

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(reports: Sequence[FileReport]) -> str:
    out: list[str] = []
    for report in reports:
        for d in report.diagnostics:
            start, end = report.span(d.start, d.end)
            props = ",".join(
                [
                    f"file={_prop(report.filename)}",
                    f"line={start.row}",
                    f"col={start.column}",
                    f"endLine={end.row}",
                    f"endColumn={end.column}",
                    f"title={_prop(f'{d.code} ({d.name})')}",
                ]
            )
            out.append(f"::{_COMMAND[d.severity]} {props}::{_data(f'{d.code} {d.message}')}")
    return "".join(line + "\n" for line in out)
