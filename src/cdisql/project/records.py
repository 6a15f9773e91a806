"""Diagnostics as JSON-ready records: what workers send back and the cache stores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cdisql.lint.diagnostics import Diagnostic, Edit, Fix, Related, Severity


def diagnostic_to_record(d: Diagnostic) -> dict[str, Any]:
    record: dict[str, Any] = {
        "code": d.code,
        "name": d.name,
        "severity": int(d.severity),
        "message": d.message,
        "start": d.start,
        "end": d.end,
    }
    if d.fix is not None:
        record["fix"] = {
            "title": d.fix.title,
            "safe": d.fix.safe,
            "edits": [[e.start, e.end, e.replacement] for e in d.fix.edits],
        }
    if d.suggestions:
        record["suggestions"] = list(d.suggestions)
    if d.related:
        record["related"] = [[r.message, r.start, r.end] for r in d.related]
    return record


def diagnostic_from_record(record: Mapping[str, Any]) -> Diagnostic:
    fix = None
    raw_fix = record.get("fix")
    if raw_fix:
        fix = Fix(
            raw_fix["title"],
            tuple(Edit(s, e, r) for s, e, r in raw_fix["edits"]),
            bool(raw_fix["safe"]),
        )
    return Diagnostic(
        code=record["code"],
        name=record["name"],
        severity=Severity(record["severity"]),
        message=record["message"],
        start=record["start"],
        end=record["end"],
        fix=fix,
        suggestions=tuple(record.get("suggestions", ())),
        related=tuple(Related(m, s, e) for m, s, e in record.get("related", ())),
    )


def records_to_diagnostics(records: Iterable[Mapping[str, Any]]) -> tuple[Diagnostic, ...]:
    return tuple(diagnostic_from_record(r) for r in records)
