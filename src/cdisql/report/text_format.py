"""``--format text``: ``file:row:col: CODE [severity] message`` lines and a summary.

The shape ruff and SQLFluff users read and editors' problem matchers parse; a safe fix
is marked ``[*]`` after the severity. Colour only when the caller asks (a terminal,
``FORCE_COLOR``; never with ``NO_COLOR``), decided by :func:`cdisql.cli.use_color`.
"""

from __future__ import annotations

from collections.abc import Sequence

from cdisql.lint.diagnostics import Severity
from cdisql.report.model import FileReport
from cdisql.textindex import printable

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_CYAN = "\x1b[36m"
_GREEN = "\x1b[32m"
_SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;34m",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def render(reports: Sequence[FileReport], *, color: bool = False) -> str:
    out: list[str] = []
    for report in reports:
        filename = printable(report.filename, None)  # a file name is never terminal control
        for d in report.diagnostics:
            pos = report.position(d.start)
            where = (
                _paint(filename, _BOLD, color)
                + _paint(":", _CYAN, color)
                + f"{pos.row}"
                + _paint(":", _CYAN, color)
                + f"{pos.column}"
                + _paint(":", _CYAN, color)
            )
            code = _paint(d.code, _SEVERITY_COLOR[d.severity], color)
            severity = _paint(f"[{d.severity.label}]", _SEVERITY_COLOR[d.severity], color)
            marker = " " + _paint("[*]", _CYAN, color) if d.fix is not None and d.fix.safe else ""
            out.append(f"{where} {code} {severity}{marker} {d.message}")
    out.append(summary(reports, color=color))
    return "\n".join(out) + "\n"


def summary(reports: Sequence[FileReport], *, color: bool = False) -> str:
    diagnostics = [d for r in reports for d in r.diagnostics]
    fixed = sum(r.fixed for r in reports)
    lines: list[str] = []
    if fixed:
        noun = "problem" if fixed == 1 else "problems"
        lines.append(f"Fixed {fixed} {noun}.")
    if not diagnostics:
        files = len(reports)
        noun = "file" if files == 1 else "files"
        lines.append(_paint(f"All checks passed! ({files} {noun})", _GREEN, color))
        return "\n".join(lines)
    counts = []
    for severity, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "info"),
    ):
        n = sum(1 for d in diagnostics if d.severity == severity)
        if n:
            counts.append(f"{n} {word}{'s' if n != 1 and word != 'info' else ''}")
    total = len(diagnostics)
    noun = "problem" if total == 1 else "problems"
    lines.append(_paint(f"Found {total} {noun} ({', '.join(counts)}).", _BOLD, color))
    fixable = sum(1 for d in diagnostics if d.fix is not None and d.fix.safe)
    if fixable:
        lines.append(f"[*] {fixable} fixable with `cdisql lint --fix`.")
    return "\n".join(lines)
