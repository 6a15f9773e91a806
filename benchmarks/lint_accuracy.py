"""Error-level precision and recall of `cdisql lint` on the fixture segments.

Every folder under ``fixtures/segments/`` and ``fixtures/corpus/`` holds segments and a
``cdisql.toml`` naming their dialect and catalog. A ``bad_*.sql`` names the codes it
must produce on its first line (``-- expect: CDI202, CDI203``); a ``good_*.sql`` is a
valid segment. Each (file, code) pair at error level counts once:

- true positive: an expected code that lint reports at error level,
- false positive: an error-level code lint reports that the file does not expect
  (on a good file, any error),
- false negative: an expected code lint does not report.

Usage::

    python benchmarks/lint_accuracy.py [--details] [--qualify] [FOLDER ...]

It prints precision and recall per warehouse and overall, and with ``--details`` each
false positive and false negative with its message. ``--qualify`` also scores sqlglot's
own ``qualify(..., validate_qualify_columns=True)`` with a ``MappingSchema`` of the
catalog on the name-resolution codes (CDI202, CDI203): a file counts as reported when
qualify raises, so the figures say where sqlglot alone would be right or wrong.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdisql.catalog import Catalog, load_catalog
from cdisql.lint import LintSettings, lint_text
from cdisql.lint.diagnostics import Severity

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = sorted([*ROOT.glob("fixtures/segments/*/"), *ROOT.glob("fixtures/corpus/*/")])
_EXPECT = re.compile(r"--\s*expect:\s*(.*)")


def expected_codes(text: str) -> set[str]:
    """The codes a segment's first line names (``-- expect: CDI202``), upper case."""
    lines = text.lstrip("\ufeff").splitlines()
    match = _EXPECT.match(lines[0].strip()) if lines else None
    if not match:
        return set()
    return {c.strip().upper() for c in match.group(1).split(",") if c.strip()}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


NAME_CODES = frozenset({"CDI202", "CDI203"})


def qualify_refuses(text: str, dialect: str, catalog: Catalog) -> str | None:
    """sqlglot's verdict on the segment's names: the error qualify raises, or None."""
    import sqlglot
    from sqlglot.errors import OptimizeError, SqlglotError
    from sqlglot.optimizer.qualify import qualify
    from sqlglot.schema import MappingSchema

    mapping: dict[str, Any] = {}
    for table in catalog.tables:
        columns = {c.name: c.type or "UNKNOWN" for c in table.columns}
        mapping.setdefault(table.database, {}).setdefault(table.schema, {})[table.name] = columns
    first = catalog.tables[0]
    try:
        tree = sqlglot.parse_one(text, read=dialect)
        schema = MappingSchema(mapping, dialect=dialect, normalize=False)
        qualify(
            tree,
            schema=schema,
            dialect=dialect,
            catalog=first.database,
            db=first.schema,
            validate_qualify_columns=True,
        )
    except OptimizeError as error:
        return str(error).splitlines()[0]
    except (SqlglotError, ValueError, KeyError):
        return None  # not a verdict on names
    return None


def measure_qualify(folder: Path, tally: Tally) -> None:
    config = tomllib.loads((folder / "cdisql.toml").read_text(encoding="utf-8"))
    if not config.get("catalog"):
        return
    catalog = load_catalog(folder / config["catalog"])
    for path in sorted(folder.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        expected = expected_codes(text)
        if expected and not expected & NAME_CODES:
            continue  # a file about another rule
        verdict = qualify_refuses(text, config["dialect"], catalog)
        name = f"{folder.parent.name}/{folder.name}/{path.name}"
        if expected and verdict:
            tally.tp += 1
        elif expected:
            tally.fn += 1
            tally.misses.append(f"qualify missed   {name}")
        elif verdict:
            tally.fp += 1
            tally.misses.append(f"qualify reported {name}: {verdict}")


def measure(folder: Path, tally: Tally) -> None:
    settings_file = folder / "cdisql.toml"
    if not settings_file.is_file():
        return
    config = tomllib.loads(settings_file.read_text(encoding="utf-8"))
    dialect = config["dialect"]
    catalog = load_catalog(folder / config["catalog"]) if config.get("catalog") else None
    table = catalog.tables[0] if catalog is not None and catalog.tables else None
    settings = LintSettings(
        source_database=table.database if table else None,
        source_schema=table.schema if table else None,
    )
    for path in sorted(folder.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        expected = expected_codes(text)
        result = lint_text(text, dialect, catalog=catalog, settings=settings)
        errors = {d.code: d for d in result.diagnostics if d.severity is Severity.ERROR}
        name = f"{folder.parent.name}/{folder.name}/{path.name}"
        for code in expected:
            if code in errors or code in {d.code for d in result.diagnostics}:
                tally.tp += 1
            else:
                tally.fn += 1
                tally.misses.append(f"missed   {name}: {code}")
        for code, diagnostic in errors.items():
            if code not in expected:
                tally.fp += 1
                tally.misses.append(f"reported {name}: {code} {diagnostic.message}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="folders (default: all fixtures)")
    parser.add_argument("--details", action="store_true", help="list each miss")
    parser.add_argument("--qualify", action="store_true", help="score sqlglot's qualify too")
    args = parser.parse_args()
    folders = [f for f in args.folders or FOLDERS if (f / "cdisql.toml").is_file()]
    by_warehouse: dict[str, Tally] = defaultdict(Tally)
    for folder in folders:
        measure(folder, by_warehouse[folder.name])
    report(by_warehouse, args.details, "cdisql lint, error level")
    if args.qualify:
        by_warehouse = defaultdict(Tally)
        for folder in folders:
            measure_qualify(folder, by_warehouse[folder.name])
        report(by_warehouse, args.details, "sqlglot qualify alone, per file (CDI202/CDI203 files)")
    return 0


def report(by_warehouse: dict[str, Tally], details: bool, title: str) -> None:
    print(title)
    total = Tally()
    print(f"{'warehouse':<12} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}")
    for name, tally in sorted(by_warehouse.items()):
        total.tp += tally.tp
        total.fp += tally.fp
        total.fn += tally.fn
        total.misses += tally.misses
        print(
            f"{name:<12} {tally.tp:>4} {tally.fp:>4} {tally.fn:>4} "
            f"{tally.precision:>10.3f} {tally.recall:>7.3f}"
        )
    print(
        f"{'all':<12} {total.tp:>4} {total.fp:>4} {total.fn:>4} "
        f"{total.precision:>10.3f} {total.recall:>7.3f}"
    )
    if details:
        print("\n".join(sorted(total.misses)))


if __name__ == "__main__":
    sys.exit(main())
