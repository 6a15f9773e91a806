"""Catalog drift: a committed snapshot against the live source, and the segments the
changes break (``cdisql catalog diff``).

The segments are linted twice, as ``cdisql lint`` does, once against the snapshot and
once against the live catalog; what appears only against the live one is what the
changes break.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cdisql.catalog.diff import Change, diff_catalogs
from cdisql.lint.diagnostics import Diagnostic

if TYPE_CHECKING:
    from cdisql.catalog import Catalog
    from cdisql.report.model import FileReport
    from cdisql.sources.model import Source


@dataclass
class Drift:
    changes: list[Change]
    broken: list[FileReport] = field(default_factory=list)
    """Each segment with the diagnostics it has against the live catalog only."""
    errors: list[str] = field(default_factory=list)
    """File problems met while linting (missing, unreadable files)."""
    linted: int = 0


def catalog_drift(
    source: Source, snapshot_path: Path, snapshot: Catalog, live: Catalog, paths: Sequence[str]
) -> Drift:
    """The changes from ``snapshot`` to ``live`` and the segments under ``paths`` they break."""
    from cdisql.catalog import save_catalog
    from cdisql.project.runner import LintOptions, run_lint

    drift = Drift(diff_catalogs(snapshot, live))
    if not drift.changes:
        return drift
    dialect = source.lint_warehouse.kind
    before = run_lint(paths, LintOptions(dialect=dialect, catalog=snapshot_path, use_cache=False))
    with tempfile.TemporaryDirectory(prefix="cdisql-drift-") as folder:
        live_path = Path(folder) / "live.json"
        save_catalog(live, live_path)
        after = run_lint(paths, LintOptions(dialect=dialect, catalog=live_path, use_cache=False))
    drift.errors = list(after.errors)
    drift.linted = len(after.reports)
    known = {r.filename: {_key(d) for d in r.diagnostics} for r in before.reports}
    for report in after.reports:
        seen = known.get(report.filename, set())
        new = tuple(d for d in report.diagnostics if _key(d) not in seen)
        if new:
            drift.broken.append(replace(report, diagnostics=new, fixed=0))
    return drift


def _key(d: Diagnostic) -> tuple[str, int, int]:
    return (d.code, d.start, d.end)
