"""``cdisql format`` over the corpus: files per second, and what it leaves as is and why.

Formats every file of the corpora of ``tests/corpus_files.py`` (sqlglot's fixtures at
the installed version, installed by ``scripts/install-corpus.sh``; the vendored SQLFluff
dialect fixtures; the project's fixtures) in one process, as ``cdisql format`` does for
each file (its own checks included), and prints per corpus: files, changed, already
formatted, left as is by reason, and files/s (best of ``--repeat`` runs). Usage::

    python benchmarks/format_speed.py [--repeat 3] [--corpus sqlfluff]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_files import CORPORA, CorpusFile

from cdisql.format import format_sql


def reason_class(reason: str) -> str:
    """A refusal's reason without what names one file (a token, a message detail)."""
    if reason.startswith("syntax error"):
        return "syntax error (sqlglot cannot parse it)"
    if reason.startswith("not a statement"):
        return "not a statement (an expression alone)"
    return re.sub(r"`[^`]*`", "`…`", reason)


def run(files: list[CorpusFile]) -> tuple[float, Counter[str]]:
    outcome: Counter[str] = Counter()
    start = time.perf_counter()
    for file in files:
        result = format_sql(file.text, file.dialect)
        if result.refused is not None:
            outcome[reason_class(result.refused)] += 1
        else:
            outcome["changed" if result.changed else "already formatted"] += 1
    return time.perf_counter() - start, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    args = parser.parse_args()
    format_sql("SELECT 1")  # imports and the duckdb dialect, outside the timings
    for name in args.corpus or sorted(CORPORA):
        files = CORPORA[name]()
        if not files:
            print(f"{name}: no files (run `bash scripts/install-corpus.sh`)")
            continue
        for dialect in {f.dialect for f in files}:
            format_sql("SELECT 1", dialect)
        best, outcome = min(run(files) for _ in range(args.repeat))
        lines = sum(f.text.count("\n") + 1 for f in files)
        refused = sum(n for k, n in outcome.items() if k not in ("changed", "already formatted"))
        print(
            f"{name}: {len(files)} files, {lines} lines: {len(files) / best:,.0f} files/s "
            f"({lines / best:,.0f} lines/s, best of {args.repeat})"
        )
        print(f"  changed {outcome['changed']}, already formatted {outcome['already formatted']}")
        print(f"  left as is {refused} ({refused / len(files):.1%}):")
        for reason, count in outcome.most_common():
            if reason not in ("changed", "already formatted"):
                print(f"    {count:6}  {reason}")


if __name__ == "__main__":
    main()
