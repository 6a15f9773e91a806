"""``cdisql validate`` over 200 segments on the embedded demo source, against its floor.

Runs in a throw-away state folder (XDG_* pointed at a temp dir), creates the demo
warehouse and writes ``--segments`` generated segments (the demo's shapes with varied
constants), then measures, as medians over ``--runs`` runs, wall time of:

- validate: ``cdisql validate DIR --source demo`` as a subprocess (lint, guard, one
  EXPLAIN per segment over ``-j`` connections, report), with the lint cache emptied
  first so that its lint does the same work as the baseline's ``--no-cache``;
- baseline: ``cdisql lint DIR --source demo --no-cache`` as a subprocess, plus a
  subprocess that opens the database with the bare duckdb module and runs one
  ``EXPLAIN`` per file serially.

The target is validate < 2x baseline. Usage:
python benchmarks/validate_speed.py [--segments 200] [--runs 5] [--jobs 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_SHAPES = (
    "-- spent more than {n} on paid orders\n"
    "SELECT u.external_id AS external_user_id\n"
    "FROM users AS u\n"
    "JOIN orders AS o ON o.user_id = u.user_id\n"
    "WHERE o.status = 'paid'\n"
    "  AND o.order_date >= DATE '2025-{m:02d}-01'\n"
    "GROUP BY u.external_id\n"
    "HAVING SUM(o.amount) > {n}\n",
    "-- added to cart without buying since month {m}\n"
    "SELECT DISTINCT u.external_id AS external_user_id\n"
    "FROM events AS e\n"
    "JOIN users AS u ON u.user_id = e.user_id\n"
    "WHERE e.event_name = 'add_to_cart'\n"
    "  AND e.event_date >= DATE '2025-{m:02d}-01'\n"
    "  AND NOT EXISTS (\n"
    "    SELECT 1 FROM events AS p\n"
    "    WHERE p.user_id = e.user_id AND p.event_name = 'purchase'\n"
    "      AND p.event_date >= DATE '2025-{m:02d}-01'\n"
    "  )\n",
    "-- {plan} users in {country} who accept email\n"
    "SELECT external_id AS external_user_id\n"
    "FROM users\n"
    "WHERE plan = '{plan}'\n"
    "  AND email_opt_in\n"
    "  AND country = '{country}'\n",
    "-- most active on {platform} since month {m}\n"
    "WITH counts AS (\n"
    "  SELECT user_id, COUNT(*) AS n\n"
    "  FROM events\n"
    "  WHERE platform = '{platform}' AND event_date >= DATE '2025-{m:02d}-01'\n"
    "  GROUP BY user_id\n"
    ")\n"
    "SELECT u.external_id AS external_user_id\n"
    "FROM counts AS c JOIN users AS u ON u.user_id = c.user_id\n"
    "WHERE c.n > {k}\n",
)
_EXPLAIN_SCRIPT = """
import duckdb, pathlib, sys
conn = duckdb.connect(sys.argv[1], read_only=True)
for path in sorted(pathlib.Path(sys.argv[2]).glob("*.sql")):
    conn.execute("EXPLAIN " + path.read_text()).fetchall()
"""


def write_segments(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    countries = ("US", "FR", "DE", "GB", "BR", "JP")
    platforms = ("ios", "android", "web")
    for i in range(count):
        text = _SHAPES[i % len(_SHAPES)].format(
            n=100 + 10 * i,
            m=1 + i % 12,
            plan=("free", "premium")[i % 2],
            country=countries[i % len(countries)],
            platform=platforms[i % len(platforms)],
            k=1 + i % 7,
        )
        (folder / f"segment_{i:03d}.sql").write_text(text, encoding="utf-8")


def _timed(command: list[str], *, ok: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cdisql-bench-") as root:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[var] = str(Path(root) / var.lower())
        from cdisql.demo import ensure_demo_database, register_demo_source
        from cdisql.sources.connection_test import run_connection_test

        database, _ = ensure_demo_database()
        run_connection_test(register_demo_source(database))
        segments = Path(root) / "segments"
        write_segments(segments, args.segments)
        cdisql = [sys.executable, "-m", "cdisql"]
        validate = [*cdisql, "validate", str(segments), "--source", "demo", "-j", str(args.jobs)]
        lint = [*cdisql, "lint", str(segments), "--source", "demo", "--no-cache"]
        explain = [sys.executable, "-c", _EXPLAIN_SCRIPT, str(database), str(segments)]
        _timed(validate)  # warm the file system cache and the interpreter's .pyc files
        from cdisql.project.cache import cache_root

        lint_cache = cache_root()
        validate_s, lint_s, explain_s = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(lint_cache, ignore_errors=True)
            validate_s.append(_timed(validate))
            lint_s.append(_timed(lint))
            explain_s.append(_timed(explain))
    v = statistics.median(validate_s)
    lint_median, explain_median = statistics.median(lint_s), statistics.median(explain_s)
    baseline = lint_median + explain_median
    print(f"{args.segments} segments, median of {args.runs} runs, -j {args.jobs}")
    print(f"cdisql validate:                         {v:.2f}s")
    print(
        f"cdisql lint + serial bare-duckdb EXPLAIN: {baseline:.2f}s "
        f"(lint {lint_median:.2f}s + EXPLAIN {explain_median:.2f}s)"
    )
    ratio = v / baseline if baseline else float("inf")
    print(f"ratio: {ratio:.2f}x (target < 2x): {'ok' if ratio < 2 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
