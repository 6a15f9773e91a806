"""``--format json``: one JSON array of diagnostics (ruff-like fields, 1-based ranges)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from cdisql.report.model import FileReport, diagnostic_to_dict


def render(reports: Sequence[FileReport]) -> str:
    items = [diagnostic_to_dict(r, d) for r in reports for d in r.diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
