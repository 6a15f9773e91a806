"""``cdisql rules`` and ``cdisql rule``: the rule registry and each rule's documentation."""

from __future__ import annotations

import sys

import click

from cdisql.cli import tolerant_output as _tolerant_output
from cdisql.cli import use_color as _use_color
from cdisql.cli.lint_cmds import _fail


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="Output format.",
)
def rules(output_format: str) -> None:
    """List every rule: code, name, default severity and what it checks."""
    _tolerant_output()
    from cdisql.lint.registry import all_rules

    registry = all_rules()
    if output_format == "json":
        import json

        items = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.label,
                "summary": r.summary(),
                "needs_catalog": r.needs_catalog,
                "url": r.docs_url(),
            }
            for r in registry
        ]
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    if _use_color(sys.stdout):
        from rich.table import Table

        from cdisql.cli.console import plain_console

        table = Table("Code", "Name", "Severity", "Summary", header_style="bold")
        for r in registry:
            table.add_row(r.code, r.name, r.severity.label, r.summary())
        plain_console().print(table)
        return
    rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
    rows += [(r.code, r.name, r.severity.label, r.summary()) for r in registry]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        )


@click.command()
@click.argument("code_or_name")
def rule(code_or_name: str) -> None:
    """Print a rule's documentation (by code, CDI104, or by name, id-not-string)."""
    _tolerant_output()
    import difflib

    from cdisql.lint.registry import all_rules, get_rule

    found = get_rule(code_or_name)
    if found is None:
        names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        close = difflib.get_close_matches(code_or_name.strip(), names, n=1)
        if not close:
            close = difflib.get_close_matches(code_or_name.strip().upper(), names, n=1)
        hint = f"; did you mean {close[0]}?" if close else "; `cdisql rules` lists them"
        _fail(f"no rule {code_or_name!r}{hint}")
    catalog = " Needs a catalog." if found.needs_catalog else ""
    click.echo(f"# {found.code} {found.name}\n")
    click.echo(f"Default severity: {found.severity.label}.{catalog}\n")
    click.echo(found.doc())
    click.echo(f"\nDocs: {found.docs_url()}")
