"""Inputs shared by the language-server benchmarks: a 40-line segment, a 2,000-line
file and a generated catalog of 10,000 tables / 500,000 columns."""

from __future__ import annotations

import json
from pathlib import Path

SEGMENT_40 = """-- VIP customers active in the last 30 days, with a paid order
-- owner: lifecycle team
-- refreshed daily
WITH recent_events AS (
    SELECT
        e.user_id,
        MAX(e.event_ts) AS last_seen,
        COUNT(*) AS events
    FROM events e
    WHERE e.event_date >= DATEADD(day, -30, CURRENT_DATE())
      AND e.event_type IN ('open', 'click', 'purchase')
    GROUP BY e.user_id
),
paid AS (
    SELECT
        o.user_id,
        SUM(o.amount) AS total
    FROM orders o
    WHERE o.status = 'paid'
      AND o.order_date >= DATEADD(day, -90, CURRENT_DATE())
    GROUP BY o.user_id
    HAVING SUM(o.amount) > 100
)
SELECT
    CAST(u.external_id AS VARCHAR) AS external_user_id
FROM users u
JOIN recent_events r
    ON r.user_id = u.user_id
JOIN paid p
    ON p.user_id = u.user_id
WHERE u.is_vip = TRUE
  AND u.country IN ('FR', 'DE', 'ES', 'IT')
  AND u.email IS NOT NULL
  AND r.events >= 3
  AND NOT EXISTS (
      SELECT 1
      FROM events x
      WHERE x.user_id = u.user_id
        AND x.event_type = 'unsubscribe'
  )
"""


def big_file(lines: int = 2000) -> str:
    """A ~2,000-line segment: many CTEs chained into one final query."""
    parts = ["WITH"]
    count = (lines - 6) // 8
    for i in range(count):
        sep = "," if i < count - 1 else ""
        parts += [
            f"c{i} AS (",
            "    SELECT",
            "        user_id,",
            f"        amount * {i + 1} AS amount_{i}",
            "    FROM orders",
            f"    WHERE status = 'paid' AND amount > {i}",
            f"){sep}",
            f"-- step {i}",
        ]
    parts += [
        "SELECT CAST(u.external_id AS VARCHAR) AS external_user_id",
        "FROM users u",
        f"JOIN c{count - 1} last ON last.user_id = u.user_id",
        "WHERE u.is_vip = TRUE",
    ]
    return "\n".join(parts) + "\n"


def write_big_catalog(path: Path, tables: int = 10_000, columns: int = 50) -> Path:
    """A Snowflake catalog with ``tables`` tables of ``columns`` columns each."""
    types = ("VARCHAR", "NUMBER(38,0)", "TIMESTAMP_NTZ", "BOOLEAN", "DATE")
    rows = []
    for t in range(tables):
        rows.append(
            {
                "database": "ANALYTICS",
                "schema": f"S{t % 20:02d}",
                "name": f"TABLE_{t:05d}",
                "kind": "view" if t % 7 == 0 else "table",
                "description": f"generated table number {t}",
                "columns": [
                    {
                        "name": f"COL_{c:03d}" if c else "USER_ID",
                        "type": types[c % len(types)],
                        "nullable": c % 3 != 0,
                        "description": f"column {c} of table {t}" if c % 10 == 0 else None,
                    }
                    for c in range(columns)
                ],
            }
        )
    data = {"version": 1, "warehouse": "snowflake", "source": "bench", "tables": rows}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
