"""The faces agree: for every file, ``cdisql lint --format json``, the real language
server's diagnostics and ``cdisql format`` read the file the same way.

Over every fixture tree (``fixtures/segments/*``, ``fixtures/demo``) and a generated
project holding what makes faces disagree when each resolves settings itself: a DuckDB
source emulating Snowflake named by the settings file, a one-schema catalog (the
source's schema inferred from it), a catalog that alone names the warehouse, a
``-- cdisql: dialect=`` comment and ``per-file-ignores``:

- the codes and ranges of ``cdisql lint --format json`` equal those the server returns
  for the same file (pulled, after its catalog loaded);
- ``cdisql format`` and the server's formatting give the same text;
- the dialect ``cdisql format`` read the file in is one lint reads it in: some warehouse
  ``X`` gives both ``cdisql lint``'s diagnostics (as ``cdisql lint --dialect X`` does) and
  ``cdisql format``'s output (as formatting in ``X`` does).
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

from cli.support import cdisql
from lsp_harness import CATALOG, capabilities, session
from lsprotocol import types as lsp

from cdisql.dialects import DIALECTS
from cdisql.format import format_sql

REPO = Path(__file__).resolve().parents[2]
Span = tuple[str, int, int, int, int]
"""(code, line, column, end line, end column): 0-based, columns in code points."""

GENERATED: dict[str, str] = {
    # a DuckDB source emulating Snowflake, named by the settings file only
    "emulated/cdisql.toml": 'source = "emu"\n',
    "emulated/variant_path.sql": (
        "SELECT CAST(user_id AS VARCHAR) AS external_user_id\n"
        "FROM users\nWHERE profile:country::string = 'FR'\n"
    ),
    "emulated/numeric_id.sql": "SELECT user_id AS external_user_id FROM users\n",
    # a one-schema catalog: reading another schema is CDI105, not an unknown table
    "one_schema/cdisql.toml": (
        'dialect = "snowflake"\ncatalog = "catalog.json"\n\n'
        '[lint.per-file-ignores]\n"legacy/*.sql" = ["CDI103"]\n'
    ),
    "one_schema/other_schema.sql": (
        "SELECT EXTERNAL_ID AS external_user_id FROM OTHER_SCHEMA.USERS\n"
    ),
    "one_schema/numeric_id.sql": "SELECT USER_ID AS external_user_id FROM USERS\n",
    "one_schema/legacy/numeric_id.sql": "SELECT USER_ID AS external_user_id FROM USERS\n",
    "one_schema/bigquery_comment.sql": (
        "-- cdisql: dialect=bigquery\n"
        "SELECT `EXTERNAL_ID` AS external_user_id FROM `USERS` WHERE `EMAIL` IS NOT NULL\n"
    ),
    # no dialect anywhere but in the catalog
    "catalog_only/cdisql.toml": 'catalog = "bigquery.json"\n',
    "catalog_only/backticks.sql": (
        "SELECT `EXTERNAL_ID` AS external_user_id FROM `USERS` WHERE `EMAIL` LIKE 'a%'\n"
    ),
    "catalog_only/numeric_id.sql": "SELECT USER_ID AS external_user_id FROM USERS\n",
}


def write_generated(root: Path) -> None:
    """The generated project, and the ``emu`` source with its cached catalog."""
    from cdisql import paths
    from cdisql.sources import store
    from cdisql.sources.model import Source

    for name, text in GENERATED.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "one_schema" / "catalog.json").write_text(json.dumps(CATALOG), encoding="utf-8")
    bigquery = {**CATALOG, "warehouse": "bigquery"}
    (root / "catalog_only" / "bigquery.json").write_text(json.dumps(bigquery), encoding="utf-8")
    database = root / "emu.duckdb"
    store.add_source(
        Source(
            name="emu", type="duckdb", schema="main", database=str(database), dialect="snowflake"
        )
    )
    emu_catalog = {
        "version": 1,
        "warehouse": "duckdb",
        "source": "emu",
        "tables": [
            {
                "database": "emu",
                "schema": "main",
                "name": "users",
                "columns": [
                    {"name": "user_id", "type": "BIGINT"},
                    {"name": "profile", "type": "JSON"},
                ],
            }
        ],
    }
    cached = paths.catalog_file("emu")
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(emu_catalog), encoding="utf-8")


def lint_spans(cwd: Path, targets: list[str], *flags: str) -> dict[str, list[Span]]:
    done = cdisql("lint", "--format", "json", "--no-cache", *flags, *targets, cwd=cwd, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    found: dict[str, list[Span]] = {}
    for item in json.loads(done.stdout):
        start, end = item["location"], item["end_location"]
        found.setdefault(item["filename"], []).append(
            (item["code"], start["row"] - 1, start["column"] - 1, end["row"] - 1, end["column"] - 1)
        )
    return {name: sorted(spans) for name, spans in found.items()}


def _lines(text: str) -> list[str]:
    """The text's lines as LSP counts them (``\\r\\n``, ``\\r`` and ``\\n`` end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _code_points(line: str, utf16: int) -> int:
    units = 0
    for i, ch in enumerate(line):
        if units >= utf16:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


def _offset(text: str, position: lsp.Position) -> int:
    lines = text.splitlines(keepends=True)
    before = sum(len(line) for line in lines[: position.line])
    current = _lines(text)[position.line] if position.line < len(_lines(text)) else ""
    return before + _code_points(current, position.character)


def server_spans(text: str, diagnostics: list[lsp.Diagnostic]) -> list[Span]:
    lines = _lines(text)

    def at(p: lsp.Position) -> tuple[int, int]:
        line = lines[p.line] if p.line < len(lines) else ""
        return p.line, _code_points(line, p.character)

    return sorted((str(d.code), *at(d.range.start), *at(d.range.end)) for d in diagnostics)


def apply_text_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: _offset(text, e.range.start), reverse=True):
        start, end = _offset(text, edit.range.start), _offset(text, edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


async def server_view(root: Path, files: list[str]) -> dict[str, tuple[list[Span], str]]:
    """Per file: the diagnostics the server returns and the text its formatting gives."""
    caps = capabilities(pull=True)
    assert caps.workspace is not None
    caps.workspace.diagnostics = None  # a pull waits for the catalog: no refresh to wait for
    found: dict[str, tuple[list[Span], str]] = {}
    async with session(root, caps=caps) as client:
        for name in files:
            path = root / name
            text = path.read_text(encoding="utf-8")
            identifier = lsp.TextDocumentIdentifier(uri=path.as_uri())
            client.text_document_did_open(
                lsp.DidOpenTextDocumentParams(
                    text_document=lsp.TextDocumentItem(
                        uri=identifier.uri, language_id="sql", version=1, text=text
                    )
                )
            )
            report = await asyncio.wait_for(
                client.text_document_diagnostic_async(
                    lsp.DocumentDiagnosticParams(text_document=identifier)
                ),
                60,
            )
            items = list(getattr(report, "items", None) or [])
            edits = await client.text_document_formatting_async(
                lsp.DocumentFormattingParams(
                    text_document=identifier,
                    options=lsp.FormattingOptions(tab_size=4, insert_spaces=True),
                )
            )
            found[name] = (server_spans(text, items), apply_text_edits(text, list(edits or [])))
    return found


def test_lint_the_server_and_format_agree_on_every_file(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "fixtures", root / "fixtures")
    write_generated(root / "generated")
    targets = ["fixtures/segments", "fixtures/demo", "generated"]
    files = sorted(str(p.relative_to(root)) for t in targets for p in (root / t).rglob("*.sql"))
    assert len(files) > 100

    lint = lint_spans(root, targets)
    by_dialect = {x: lint_spans(root, targets, "--dialect", x) for x in DIALECTS}
    formatted_copy = tmp_path / "formatted"
    shutil.copytree(root, formatted_copy, symlinks=False)
    done = cdisql("format", *targets, cwd=formatted_copy, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    server = asyncio.run(server_view(root, files))

    disagreements: list[str] = []
    for name in files:
        text = (root / name).read_text(encoding="utf-8")
        cli_spans = lint.get(name, [])
        served, server_formatted = server[name]
        if cli_spans != served:
            disagreements.append(f"{name}: lint {cli_spans} but the server {served}")
        cli_formatted = (formatted_copy / name).read_text(encoding="utf-8")
        if cli_formatted != server_formatted:
            disagreements.append(f"{name}: `cdisql format` and the server format differently")
        lint_reads = {x for x in DIALECTS if by_dialect[x].get(name, []) == cli_spans}
        format_reads = {x for x in DIALECTS if format_sql(text, x).text == cli_formatted}
        if not lint_reads & format_reads:
            disagreements.append(
                f"{name}: lint reads it as {sorted(lint_reads)}, "
                f"`cdisql format` as {sorted(format_reads)}"
            )
    assert not disagreements, "\n".join(disagreements)
