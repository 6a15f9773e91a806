"""Build + id export at 1 M and 4 M ids: cdisql against a bare driver, time and peak RSS.

For each target and size, two kinds of run, each in a fresh child process (its peak RSS
read with ``os.wait4``, so one run's memory never hides another's):

- ``cdisql``: ``run_build`` of ``SELECT external_id AS external_user_id FROM users WHERE
  n <= N`` with ``--output`` to a CSV and the history on (what ``cdisql build`` does);
- ``bare``: the same work with the driver alone: CTAS, ``COUNT(DISTINCT …)``, the ids to
  a CSV (DuckDB: ``COPY … TO``; PostgreSQL: a server-side cursor into ``csv.writer``),
  DROP; for DuckDB also ``bare-capped``, the same under the embedded source's default
  ``memory_limit`` (64MB), which cdisql sets.

The clock starts once the child has imported its modules (cdisql, or the driver alone).
Targets: the embedded DuckDB source (a file with 4 M users), and the Redshift adapter on
the PostgreSQL 15 + pgbouncer peer of the tests (``tests/peers/redshift_peer.py``; skipped
with a note when PostgreSQL or pgbouncer is not installed). Times are medians of
``--runs`` runs; RSS is the largest of them.

Usage: python benchmarks/build_export.py [--sizes 1000000,4000000] [--runs 3]
       [--targets duckdb,postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cdisql.sources.duckdb import DEFAULT_MEMORY_LIMIT

ROOT = Path(__file__).resolve().parent.parent
SEGMENT = "SELECT external_id AS external_user_id FROM users WHERE n <= {n}"

# -- what the child processes run ------------------------------------------------------------
CHILD = r"""
import csv, json, os, sys, time
spec = json.loads(sys.argv[1])
sys.path.insert(0, spec["tests"])
n, kind, target, out = spec["n"], spec["kind"], spec["target"], spec["out"]
segment = spec["segment"].format(n=n)
# imports first: the clock measures the work, not the interpreter loading modules
if kind == "cdisql":
    from cdisql.sources.build import run_build
    from cdisql.sources.model import MaxRuntime, Source, SourceState
elif target == "duckdb":
    import duckdb
else:
    import redshift_connector
started = time.perf_counter()
if kind == "cdisql":
    if target == "postgres":
        import contextlib
        from peers.redshift_peer import lenient_server_version
        shim = lenient_server_version()
    else:
        import contextlib
        shim = contextlib.nullcontext()
    source = Source(spec["name"], spec["type"], spec["schema"], database=spec["database"],
                    settings=spec["settings"], state=SourceState.ACTIVE,
                    max_runtime=MaxRuntime(3600))
    with shim:
        result = run_build(source, segment, output=out)
    assert result.status == "ok", result.message
    members = result.members
elif target == "duckdb":
    capped = kind == "bare-capped"
    config = {"memory_limit": spec["memory_limit"]} if capped else {}
    conn = duckdb.connect(spec["database"], config=config)
    conn.execute(f"CREATE TABLE bare_t AS {segment}")
    members = conn.execute(
        "SELECT COUNT(DISTINCT external_user_id) FROM bare_t").fetchone()[0]
    conn.execute(
        "COPY (SELECT DISTINCT external_user_id FROM bare_t WHERE external_user_id IS NOT NULL) "
        f"TO '{out}' (FORMAT csv, HEADER)")
    conn.execute("DROP TABLE bare_t")
    conn.close()
else:
    from peers.redshift_peer import lenient_server_version
    with lenient_server_version():
        s = spec["settings"]
        conn = redshift_connector.connect(host=s["host"], port=s["port"], user=s["user"],
            password=os.environ[s["password_env"]], database=spec["database"], ssl=False)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f"SET search_path TO {spec['schema']}")
    cur.execute(f"CREATE TABLE {spec['schema']}.bare_t AS {segment}")
    cur.execute(f"SELECT COUNT(DISTINCT external_user_id) FROM {spec['schema']}.bare_t")
    members = cur.fetchall()[0][0]
    cur.execute("BEGIN")
    cur.execute("DECLARE c CURSOR FOR SELECT DISTINCT external_user_id FROM "
                f"{spec['schema']}.bare_t WHERE external_user_id IS NOT NULL")
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["external_user_id"])
        while True:
            cur.execute("FETCH FORWARD 100000 FROM c")
            rows = cur.fetchall()
            writer.writerows([r[0]] for r in rows)
            if len(rows) < 100000:
                break
    cur.execute("CLOSE c"); cur.execute("COMMIT")
    cur.execute(f"DROP TABLE {spec['schema']}.bare_t")
    conn.close()
print(json.dumps({"seconds": time.perf_counter() - started, "members": members}))
"""


def run_child(spec: dict[str, Any], env: dict[str, str]) -> tuple[float, float, int]:
    """``(seconds, peak RSS in MB, members)`` of one child run."""
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    out = process.stdout.read() if process.stdout else b""
    err = process.stderr.read() if process.stderr else b""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{spec['kind']} run failed:\n{err.decode()[-2000:]}")
    data = json.loads(out.decode().strip().splitlines()[-1])
    return float(data["seconds"]), usage.ru_maxrss / 1024, int(data["members"])


# -- targets ---------------------------------------------------------------------------------
def duckdb_target(root: Path, rows: int) -> dict[str, Any]:
    import duckdb

    path = root / "bench.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute(
        "CREATE TABLE users AS SELECT i AS n, 'user-' || lpad(CAST(i AS VARCHAR), 9, '0') "
        f"AS external_id FROM range(1, {rows + 1}) AS t(i)"
    )
    conn.close()
    return {"name": "bench", "type": "duckdb", "schema": "main", "database": str(path)}


def postgres_target(rows: int) -> tuple[dict[str, Any], Any] | None:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from peers.redshift_peer import SCHEMA, USER, RedshiftPeer
    except ImportError as error:
        print(f"postgres peer unavailable: {error}")
        return None
    try:
        import pytest  # the peer reports a missing install through pytest.skip

        try:
            peer = RedshiftPeer().start()
        except pytest.skip.Exception as skipped:
            print(f"postgres peer unavailable: {skipped}")
            return None
    except ImportError:
        peer = RedshiftPeer().start()
    peer.admin(
        f"CREATE TABLE {SCHEMA}.users AS SELECT i AS n, 'user-' || lpad(i::text, 9, '0') "
        f"AS external_id FROM generate_series(1, {rows}) AS i;"
        f"GRANT SELECT ON {SCHEMA}.users TO {USER};"
    )
    source = peer.source("bench")
    return (
        {
            "name": "bench",
            "type": "redshift",
            "schema": SCHEMA,
            "database": source.database,
            "settings": dict(source.settings),
        },
        peer,
    )


def measure(
    label: str, target: dict[str, Any], sizes: list[int], runs: int, root: Path
) -> list[str]:
    env = dict(os.environ)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(root / var.lower())
    lines = []
    results: dict[tuple[int, str], tuple[float, float]] = {}
    kinds = ["bare", "bare-capped", "cdisql"] if label == "duckdb" else ["bare", "cdisql"]
    for n in sizes:
        for kind in kinds:
            times, peaks = [], []
            for i in range(runs):
                out = root / f"{label}-{kind}-{n}-{i}.csv"
                spec = {
                    **target,
                    "settings": target.get("settings", {}),
                    "target": label,
                    "kind": kind,
                    "n": n,
                    "out": str(out),
                    "segment": SEGMENT,
                    "tests": str(ROOT / "tests"),
                    "memory_limit": DEFAULT_MEMORY_LIMIT,
                }
                seconds, peak, members = run_child(spec, env)
                assert members == n, (members, n)
                out.unlink(missing_ok=True)
                times.append(seconds)
                peaks.append(peak)
            results[(n, kind)] = (statistics.median(times), max(peaks))
        ours = results[(n, "cdisql")]
        for kind in kinds[:-1]:
            bare = results[(n, kind)]
            lines.append(
                f"{label:8} {n:>9,} ids  {kind:11} {bare[0]:6.2f} s {bare[1]:5.0f} MB   "
                f"cdisql {ours[0]:6.2f} s {ours[1]:5.0f} MB   time x{ours[0] / bare[0]:.2f}"
            )
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for kind in kinds:
            growth = results[(large, kind)][1] / results[(small, kind)][1]
            lines.append(f"{label:8} {kind:>11} peak RSS {large:,} / {small:,} ids: x{growth:.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,4000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--targets", default="duckdb,postgres")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    targets = args.targets.split(",")
    report: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cdisql-bench-export-") as tmp:
        root = Path(tmp)
        if "duckdb" in targets:
            started = time.perf_counter()
            target = duckdb_target(root, max(sizes))
            print(f"duckdb: {max(sizes):,} users seeded in {time.perf_counter() - started:.1f}s")
            report += measure("duckdb", target, sizes, args.runs, root)
        if "postgres" in targets:
            found = postgres_target(max(sizes))
            if found is not None:
                target, peer = found
                try:
                    report += measure("postgres", target, sizes, args.runs, root)
                finally:
                    peer.stop()
    print(f"median of {args.runs} runs per row; peak RSS of the child process (max of runs)")
    for line in report:
        print(line)


if __name__ == "__main__":
    main()
