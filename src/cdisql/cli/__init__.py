"""The command line: a thin face over the core.

Subcommands live in small modules imported only when their command runs, so that
``cdisql lint one.sql`` pays for click and sqlglot and nothing else. Even click is
imported only when needed: ``cdisql lint`` first asks :mod:`cdisql.project.replay` whether
the same command already ran on the same, unchanged files, and then prints the
recorded output without parsing its arguments again (they were valid: that run
succeeded).
"""

from __future__ import annotations

import os
import sys

from cdisql import __version__

TYPE_CHECKING = False  # not typing's: importing typing costs a cache hit ~5 ms
if TYPE_CHECKING:
    from typing import Any

    import click

# command name -> "module:attribute"; each module owns its commands
COMMANDS: dict[str, str] = {
    "lint": "cdisql.cli.lint_cmds:lint",
    "rules": "cdisql.cli.rule_cmds:rules",
    "rule": "cdisql.cli.rule_cmds:rule",
    "format": "cdisql.cli.format_cmd:format_",
    "sources": "cdisql.cli.source_cmds:sources",
    "catalog": "cdisql.cli.source_cmds:catalog",
    "preview": "cdisql.cli.source_cmds:preview",
    "build": "cdisql.cli.source_cmds:build",
    "builds": "cdisql.cli.source_cmds:builds",
    "demo": "cdisql.cli.demo_cmd:demo",
    "serve": "cdisql.cli.serve_cmd:serve",
    "keys": "cdisql.cli.warehouse_cmds:keys",
    "setup-sql": "cdisql.cli.warehouse_cmds:setup_sql",
    "estimate": "cdisql.cli.warehouse_cmds:estimate",
    "validate": "cdisql.cli.validate_cmd:validate",
}


def tolerant_output() -> None:
    """Never die on a character the terminal cannot show (LANG=C, odd file names)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:  # noqa: SIM105  (contextlib costs a replayed run ~1.5 ms of imports)
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass  # a stream that cannot be reconfigured now is left as it is


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of text that may hold a user's or a driver's words: every control
    character but newlines and tabs is shown visibly (``\\x1b``), never acted on."""
    import click

    from cdisql.textindex import printable

    click.echo(printable(text, None, lines=True), err=err, nl=nl)


def closest(name: str, known: list[str]) -> str | None:
    """The command ``name`` was probably meant to be: the one it starts, else the nearest."""
    starting = [k for k in known if k.startswith(name)]
    if len(starting) == 1:
        return starting[0]
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    return close[0] if close else None


def use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _build_cli() -> click.Group:
    import importlib

    import click

    class LazyGroup(click.Group):
        def list_commands(self, ctx: click.Context) -> list[str]:
            return sorted(COMMANDS)

        def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
            target = COMMANDS.get(cmd_name)
            if target is None:
                return None
            module_name, attribute = target.split(":")
            module = importlib.import_module(module_name)
            command = getattr(module, attribute, None)
            return command if isinstance(command, click.Command) else None

        def resolve_command(
            self, ctx: click.Context, args: list[str]
        ) -> tuple[str | None, click.Command | None, list[str]]:
            name = args[0] if args else ""
            if args and name not in COMMANDS and not name.startswith("-"):
                close = closest(name, list(COMMANDS))
                hint = f" Did you mean {close!r}?" if close else ""
                ctx.fail(f"No such command {name!r}.{hint} `cdisql --help` lists them.")
            return super().resolve_command(ctx, args)

    @click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(__version__, prog_name="cdisql")
    def cli() -> None:
        """Lint, test and build CDI segment SQL for Snowflake, Redshift, BigQuery and Databricks."""

    return cli


_CLI: list[click.Group] = []


def __getattr__(name: str) -> Any:
    """``cli``, the click group, built (and click imported) on first use."""
    if name != "cli":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _CLI:
        _CLI.append(_build_cli())
    return _CLI[0]


def main(argv: list[str] | None = None) -> None:
    import time

    started_ns = time.time_ns()
    args = list(argv if argv is not None else sys.argv[1:])
    linting = args[:1] == ["lint"]
    if linting:
        from cdisql.project import quietgc

        quietgc.quiet()  # until the imports are done (the runner settles it)
    try:
        if linting and "--no-cache" not in args:
            from cdisql.project.replay import replay

            color = use_color(sys.stdout)
            replayed = replay(args[1:], color)
            if replayed is not None:
                output, code = replayed
                tolerant_output()
                sys.stdout.write(output)
                sys.stdout.flush()
                sys.exit(code)
        if not linting:  # source commands load drivers: their log lines are scrubbed too
            from cdisql.logs import configure

            configure()
        group = __getattr__("cli")
        # the raw command line and start time, for ``lint`` to record its run
        group.main(args=args, prog_name="cdisql", obj={"argv": args, "started_ns": started_ns})
    finally:
        if linting:
            quietgc.restore()
        if argv is None:
            # the process ends here: spare the interpreter's last collection a scan of
            # every object (sqlglot's classes, parsed trees): ~15% of a one-file lint
            import gc

            gc.freeze()
