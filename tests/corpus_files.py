"""SQL written outside cdisql, for the formatter's corpus test and benchmark.

- ``sqlglot``: the SQL fixtures of sqlglot's sdist (``tests/fixtures/**.sql``) at the
  installed version, cut into statements the way sqlglot's own tests read them (one per
  line in ``identity.sql``, ``;``-separated elsewhere, ``# dialect:`` meta lines heeded).
  ``scripts/install-corpus.sh`` puts them under ``$CDISQL_CORPUS_DIR`` (default
  ``~/.cache/cdisql-corpus``); nothing downloads at test time.
- ``sqlfluff``: SQLFluff's dialect fixtures for the four warehouses, vendored under
  ``tests/corpus/sqlfluff`` (MIT, see its README for the commit).
- ``fixtures``: the project's own ``fixtures/**.sql``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLFLUFF = ROOT / "tests" / "corpus" / "sqlfluff"
SQLFLUFF_DIALECTS = {
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "redshift": "redshift",
    "databricks": "databricks",
    "sparksql": "databricks",
}
_SQLGLOT_DIALECTS = {
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "redshift": "redshift",
    "databricks": "databricks",
    "spark": "databricks",
    "spark2": "databricks",
    "duckdb": "duckdb",
}
_ONE_PER_LINE = frozenset({"identity.sql", "partial.sql", "qualify_columns__invalid.sql"})


@dataclass(frozen=True)
class CorpusFile:
    name: str
    dialect: str
    text: str


def sqlglot_fixtures_dir() -> Path:
    base = Path(os.environ.get("CDISQL_CORPUS_DIR") or Path.home() / ".cache" / "cdisql-corpus")
    return base / f"sqlglot-{version('sqlglot')}" / "tests" / "fixtures"


def sqlglot_corpus() -> list[CorpusFile]:
    """Every statement of sqlglot's SQL fixtures; [] when they are not installed."""
    root = sqlglot_fixtures_dir()
    found: list[CorpusFile] = []
    for path in sorted(root.rglob("*.sql")):
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        pieces = text.splitlines() if path.name in _ONE_PER_LINE else text.split(";")
        meta: dict[str, str] = {}
        for n, piece in enumerate(pieces, 1):
            body: list[str] = []
            for line in piece.strip("\n").splitlines():
                match = re.match(r"#\s*(\w+)\s*:(.*)", line)
                if match and not body:
                    meta[match.group(1)] = match.group(2).strip()
                else:
                    body.append(line)
            sql = "\n".join(body).strip()
            if sql:
                dialect = _SQLGLOT_DIALECTS.get(meta.get("dialect", "").lower(), "duckdb")
                found.append(CorpusFile(f"{name}#{n}", dialect, sql + "\n"))
                meta = {}  # meta lines describe the statement after them only
    return found


def sqlfluff_corpus() -> list[CorpusFile]:
    return [
        CorpusFile(
            path.relative_to(SQLFLUFF).as_posix(),
            SQLFLUFF_DIALECTS[path.parent.name],
            path.read_text(encoding="utf-8"),
        )
        for path in sorted(SQLFLUFF.glob("*/*.sql"))
    ]


def project_corpus() -> list[CorpusFile]:
    found = []
    for path in sorted((ROOT / "fixtures").rglob("*.sql")):
        parts = path.relative_to(ROOT / "fixtures").parts
        dialect = next((p for p in parts if p in _SQLGLOT_DIALECTS), "duckdb")
        found.append(
            CorpusFile(path.relative_to(ROOT).as_posix(), dialect, path.read_text(encoding="utf-8"))
        )
    return found


CORPORA = {"sqlglot": sqlglot_corpus, "sqlfluff": sqlfluff_corpus, "fixtures": project_corpus}
