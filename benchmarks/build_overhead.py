"""Build overhead on the demo warehouse: ``cdisql build`` minus the same query in DuckDB.

Runs in a throw-away state folder (XDG_* pointed at a temp dir), creates the demo
warehouse, then measures, as medians over ``--runs`` runs:

- process: the wall time of ``cdisql build SEGMENT --source demo`` as a subprocess,
  minus a subprocess that opens the file with the duckdb module and runs the segment
  query directly (count of distinct ids);
- in-process: ``run_build`` minus the direct query on an already-imported duckdb, i.e.
  what the guard, the temporary table, the count, the id stream, the drop and the
  history cost on top of the query itself.

Usage: python benchmarks/build_overhead.py [--runs 7] [--segment big_spenders.sql]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--segment", default="big_spenders.sql")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cdisql-bench-") as root:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.environ[var] = str(Path(root) / var.lower())
        from cdisql.demo import demo_segments, ensure_demo_database, register_demo_source
        from cdisql.sources.build import run_build
        from cdisql.sources.connection_test import run_connection_test

        database, _ = ensure_demo_database()
        source = run_connection_test(register_demo_source(database)).source
        segment = {s.name: s for s in demo_segments()}[args.segment]
        segment_file = Path(root) / args.segment
        segment_file.write_text(segment.text, encoding="utf-8")
        direct_sql = (
            f"SELECT count(DISTINCT external_user_id) FROM (\n{segment.text}\n) AS s "
            "WHERE external_user_id IS NOT NULL"
        )
        direct_script = (
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
            "print(c.execute(sys.argv[2]).fetchone()[0])"
        )
        cli = [sys.executable, "-m", "cdisql", "build", str(segment_file), "--source", "demo"]
        direct = [sys.executable, "-c", direct_script, str(database), direct_sql]

        def timed(command: list[str]) -> float:
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            return time.perf_counter() - started

        timed(cli), timed(direct)  # warm the page cache
        cli_s = [timed(cli) for _ in range(args.runs)]
        direct_s = [timed(direct) for _ in range(args.runs)]

        import duckdb

        def direct_in_process() -> float:
            started = time.perf_counter()
            conn = duckdb.connect(str(database))
            conn.execute(direct_sql).fetchone()
            conn.close()
            return time.perf_counter() - started

        def build_in_process() -> float:
            started = time.perf_counter()
            result = run_build(source, segment.text, segment=args.segment)
            assert result.status == "ok", result.message
            return time.perf_counter() - started

        direct_in_process(), build_in_process()
        build_ip = [build_in_process() for _ in range(args.runs)]
        direct_ip = [direct_in_process() for _ in range(args.runs)]

    print(f"segment: {args.segment} on the demo warehouse, median of {args.runs} runs")
    print(f"  cdisql build (process)       {_median_ms(cli_s):8.1f} ms")
    print(f"  duckdb direct (process)      {_median_ms(direct_s):8.1f} ms")
    print(f"  overhead (process)           {_median_ms(cli_s) - _median_ms(direct_s):8.1f} ms")
    print(f"  run_build (in-process)       {_median_ms(build_ip):8.1f} ms")
    print(f"  duckdb direct (in-process)   {_median_ms(direct_ip):8.1f} ms")
    print(f"  overhead (in-process)        {_median_ms(build_ip) - _median_ms(direct_ip):8.1f} ms")


if __name__ == "__main__":
    main()
