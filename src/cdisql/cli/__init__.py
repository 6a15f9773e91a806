"""The command line: a thin face over the core.

Subcommands live in small modules imported only when their command runs, so that
``cdisql lint one.sql`` pays for click and sqlglot and nothing else.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from cdisql import __version__

# command name -> "module:attribute"; each module owns its commands
COMMANDS: dict[str, str] = {
    "lint": "cdisql.cli.lint_cmds:lint",
    "rules": "cdisql.cli.lint_cmds:rules",
    "rule": "cdisql.cli.lint_cmds:rule",
    "format": "cdisql.cli.lint_cmds:format_",
    "sources": "cdisql.cli.source_cmds:sources",
    "catalog": "cdisql.cli.source_cmds:catalog",
    "preview": "cdisql.cli.source_cmds:preview",
    "build": "cdisql.cli.source_cmds:build",
    "builds": "cdisql.cli.source_cmds:builds",
    "demo": "cdisql.cli.source_cmds:demo",
    "serve": "cdisql.cli.serve_cmd:serve",
    "keys": "cdisql.cli.warehouse_cmds:keys",
    "setup-sql": "cdisql.cli.warehouse_cmds:setup_sql",
    "estimate": "cdisql.cli.warehouse_cmds:estimate",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                return None  # command not built yet
            raise
        command: Any = getattr(module, attribute, None)
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cdisql")
def cli() -> None:
    """Lint, test and build CDI segment SQL for Snowflake, Redshift, BigQuery and Databricks."""


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="cdisql")
