"""``cdisql catalog diff``: a thin face over :mod:`cdisql.project.drift`.

Exit codes: 0 no segment broken, 1 a segment is broken by the changes (a new
diagnostic at or above ``--fail-on``), 2 usage or file errors, 3 the source cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cdisql.cli.source_common import EXIT_CONFIG, EXIT_WAREHOUSE, _echo, _fail, _load_source


@click.command("diff")
@click.argument("args", nargs=-1, metavar="[SNAPSHOT] [PATH]...")
@click.option("--source", "source_name", required=True, help="The live source to compare with.")
@click.option(
    "--fail-on",
    type=click.Choice(("error", "warning", "info")),
    default="error",
    show_default=True,
    help="A segment is broken when the changes give it a diagnostic at or above this.",
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def catalog_diff(args: tuple[str, ...], source_name: str, fail_on: str, as_json: bool) -> None:
    """Compare a committed catalog snapshot with the live source, and say which segments
    under PATH (default: the current folder) the changes break.

    SNAPSHOT is a catalog JSON file (`cdisql catalog export`); without one, the `catalog`
    of the cdisql.toml that applies here. Tables and columns added, dropped and retyped,
    partition and cluster keys changed.
    """
    from cdisql.catalog import CatalogError, load_catalog
    from cdisql.lint.diagnostics import Severity
    from cdisql.project.drift import catalog_drift
    from cdisql.project.resolve import Resolver, RunError
    from cdisql.report import render
    from cdisql.sources.base import WarehouseError
    from cdisql.sources.catalog_cache import refresh_catalog

    snapshot_path: Path | None = None
    paths = list(args)
    if paths and paths[0].lower().endswith(".json"):
        snapshot_path = Path(paths.pop(0))
    if snapshot_path is None:
        try:
            snapshot_path = Resolver().config_for(Path.cwd()).catalog_path
        except RunError as error:
            _fail(str(error))
        if snapshot_path is None:
            _fail(
                "no snapshot: give the catalog JSON file (cdisql catalog diff --source NAME "
                "catalog.json), or set `catalog =` in cdisql.toml"
            )
    source = _load_source(source_name)
    try:
        snapshot = load_catalog(snapshot_path)
    except CatalogError as error:
        _fail(str(error))
    try:
        live = refresh_catalog(source)
    except WarehouseError as error:
        _fail(f"cannot read the catalog of {source_name!r}: {error}", EXIT_WAREHOUSE)
    drift = catalog_drift(source, snapshot_path, snapshot, live, paths or ["."])
    threshold = Severity.parse(fail_on)
    broken = [r for r in drift.broken if any(d.severity >= threshold for d in r.diagnostics)]
    if as_json:
        data = {
            "snapshot": str(snapshot_path),
            "source": source_name,
            "changes": [c.to_json() for c in drift.changes],
            "broken": [
                {"filename": r.filename, "diagnostics": json.loads(render("json", [r]))}
                for r in broken
            ],
        }
        _echo(json.dumps(data, indent=2))
    else:
        _echo(f"{snapshot_path} (snapshot) vs the live source {source_name}:")
        if not drift.changes:
            _echo("  no change")
        for change in drift.changes:
            _echo(f"  {change.sign} {change.describe()}")
        if drift.changes:
            if broken:
                _echo(f"\nsegments broken by these changes ({len(broken)} of {drift.linted}):")
                _echo(render("text", broken).rstrip("\n").rsplit("\n", 1)[0])
            else:
                _echo(f"\nno segment broken ({drift.linted} linted)")
    for problem in drift.errors:
        _echo(f"cdisql: error: {problem}", err=True)
    if drift.errors:
        sys.exit(EXIT_CONFIG)
    sys.exit(1 if broken else 0)
