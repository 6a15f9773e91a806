"""A deterministic corpus of realistic segment queries for the lint benchmarks.

``generate(n, dialect, seed)`` returns ``n`` queries of 10 to 80 lines in the
warehouse's own dialect: CTEs, joins, window functions, date filters, the shapes
segment SQL takes in practice (recent purchasers, lapsed users, top spenders...).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DialectBits:
    """The few things written differently per warehouse."""

    string_type: str
    days_ago: str  # format with {n}
    date_trunc_month: str  # format with {col}
    table: str  # format with {name}
    current_ts: str


BITS: dict[str, DialectBits] = {
    "snowflake": DialectBits(
        "VARCHAR",
        "DATEADD(day, -{n}, CURRENT_DATE())",
        "DATE_TRUNC('month', {col})",
        "ANALYTICS.CDI.{name}",
        "CURRENT_TIMESTAMP()",
    ),
    "redshift": DialectBits(
        "VARCHAR",
        "DATEADD(day, -{n}, GETDATE())",
        "DATE_TRUNC('month', {col})",
        "cdi.{name}",
        "GETDATE()",
    ),
    "bigquery": DialectBits(
        "STRING",
        "DATE_SUB(CURRENT_DATE(), INTERVAL {n} DAY)",
        "DATE_TRUNC({col}, MONTH)",
        "`acme-prod.cdi.{name}`",
        "CURRENT_TIMESTAMP()",
    ),
    "databricks": DialectBits(
        "STRING",
        "DATE_SUB(CURRENT_DATE(), {n})",
        "DATE_TRUNC('MONTH', {col})",
        "main.cdi.{name}",
        "CURRENT_TIMESTAMP()",
    ),
    "duckdb": DialectBits(
        "VARCHAR",
        "CURRENT_DATE - INTERVAL {n} DAY",
        "DATE_TRUNC('month', {col})",
        "cdi.{name}",
        "CURRENT_TIMESTAMP",
    ),
}

COUNTRIES = ["'US'", "'FR'", "'DE'", "'GB'", "'BR'", "'JP'", "'CA'", "'ES'"]
EVENTS = ["'purchase'", "'add_to_cart'", "'session_start'", "'push_open'", "'email_click'"]
CATEGORIES = ["'shoes'", "'outdoor'", "'kids'", "'beauty'", "'electronics'"]


def _cte_recent_orders(r: random.Random, b: DialectBits) -> tuple[str, list[str]]:
    days = r.choice([7, 14, 30, 60, 90, 180])
    lines = [
        "recent_orders AS (",
        "    SELECT",
        "        o.user_id,",
        "        COUNT(*) AS order_count,",
        "        SUM(o.amount) AS revenue,",
        "        MAX(o.ordered_at) AS last_order_at",
        f"    FROM {b.table.format(name='orders')} AS o",
        f"    WHERE o.order_date >= {b.days_ago.format(n=days)}",
        "      AND o.status <> 'cancelled'",
        "    GROUP BY o.user_id",
        ")",
    ]
    if r.random() < 0.5:
        lines.insert(-2, f"      AND o.category IN ({', '.join(r.sample(CATEGORIES, 2))})")
    return "recent_orders", lines


def _cte_engaged(r: random.Random, b: DialectBits) -> tuple[str, list[str]]:
    days = r.choice([3, 7, 14, 30])
    events = ", ".join(r.sample(EVENTS, r.randint(1, 3)))
    lines = [
        "engaged AS (",
        "    SELECT",
        "        e.user_id,",
        "        e.event_name,",
        "        e.event_date,",
        "        ROW_NUMBER() OVER (",
        "            PARTITION BY e.user_id",
        "            ORDER BY e.event_time DESC",
        "        ) AS rn",
        f"    FROM {b.table.format(name='events')} AS e",
        f"    WHERE e.event_date >= {b.days_ago.format(n=days)}",
        f"      AND e.event_name IN ({events})",
        ")",
    ]
    return "engaged", lines


def _cte_spend_rank(r: random.Random, b: DialectBits) -> tuple[str, list[str]]:
    lines = [
        "spend_rank AS (",
        "    SELECT",
        "        o.user_id,",
        f"        {b.date_trunc_month.format(col='o.order_date')} AS order_month,",
        "        SUM(o.amount) AS monthly_spend,",
        "        RANK() OVER (",
        f"            PARTITION BY {b.date_trunc_month.format(col='o.order_date')}",
        "            ORDER BY SUM(o.amount) DESC",
        "        ) AS spend_rank",
        f"    FROM {b.table.format(name='orders')} AS o",
        f"    WHERE o.order_date >= {b.days_ago.format(n=r.choice([90, 180, 365]))}",
        "    GROUP BY",
        "        o.user_id,",
        f"        {b.date_trunc_month.format(col='o.order_date')}",
        ")",
    ]
    return "spend_rank", lines


def _cte_lapsed(r: random.Random, b: DialectBits) -> tuple[str, list[str]]:
    lines = [
        "lapsed AS (",
        "    SELECT u.user_id",
        f"    FROM {b.table.format(name='users')} AS u",
        "    WHERE NOT EXISTS (",
        "        SELECT 1",
        f"        FROM {b.table.format(name='events')} AS e",
        "        WHERE e.user_id = u.user_id",
        f"          AND e.event_date >= {b.days_ago.format(n=r.choice([30, 60, 90]))}",
        "    )",
        ")",
    ]
    return "lapsed", lines


CTE_BUILDERS = (_cte_recent_orders, _cte_engaged, _cte_spend_rank, _cte_lapsed)


def segment_query(r: random.Random, dialect: str) -> str:
    """One segment query; ids are cast to the dialect's string type."""
    b = BITS[dialect]
    builders = r.sample(CTE_BUILDERS, r.randint(0, len(CTE_BUILDERS)))
    ctes: list[tuple[str, list[str]]] = [build(r, b) for build in builders]
    out: list[str] = []
    if r.random() < 0.6:
        out.append(f"-- segment: {r.choice(['vip', 'winback', 'cart', 'new', 'loyal'])} users")
    if ctes:
        for i, (_name, lines) in enumerate(ctes):
            first = ("WITH " if i == 0 else "") + lines[0]
            out.append(first)
            out.extend(lines[1:-1])
            out.append(lines[-1] + ("," if i < len(ctes) - 1 else ""))
    out.append(f"SELECT DISTINCT CAST(u.user_id AS {b.string_type}) AS external_user_id")
    out.append(f"FROM {b.table.format(name='users')} AS u")
    names = [name for name, _ in ctes]
    for name in names:
        kind = r.choice(["JOIN", "LEFT JOIN"]) if name != "lapsed" else "JOIN"
        out.append(f"{kind} {name} AS {name[:2]} ON {name[:2]}.user_id = u.user_id")
    conds = [f"u.country IN ({', '.join(r.sample(COUNTRIES, r.randint(1, 4)))})"]
    conds.append(f"u.created_at < {b.current_ts}")
    if r.random() < 0.5:
        conds.append("u.email_opt_in = TRUE")
    if "engaged" in names:
        conds.append("en.rn = 1")
    if "recent_orders" in names:
        conds.append(f"COALESCE(re.revenue, 0) > {r.choice([20, 50, 100, 250])}")
    if "spend_rank" in names:
        conds.append(f"sp.spend_rank <= {r.choice([100, 500, 1000])}")
    if r.random() < 0.4:
        conds.append(
            "u.user_id IN (\n"
            "    SELECT s.user_id\n"
            f"    FROM {b.table.format(name='subscriptions')} AS s\n"
            f"    WHERE s.plan IN ('pro', 'team') AND s.ends_at >= {b.current_ts}\n"
            ")"
        )
    out.append("WHERE " + conds[0])
    out.extend("  AND " + c for c in conds[1:])
    return "\n".join(out) + "\n"


def generate(n: int = 240, dialect: str = "snowflake", seed: int = 2026) -> list[str]:
    """``n`` queries, each 10 to 80 lines (padded with a CTE when too short)."""
    r = random.Random(seed)
    queries: list[str] = []
    while len(queries) < n:
        query = segment_query(r, dialect)
        lines = query.count("\n")
        if 10 <= lines <= 80:
            queries.append(query)
    return queries


def write_corpus(
    folder: Path, n: int = 240, dialect: str = "snowflake", seed: int = 2026
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i, query in enumerate(generate(n, dialect, seed)):
        path = folder / f"segment_{i:04d}.sql"
        path.write_text(query, encoding="utf-8")
        files.append(path)
    return files
