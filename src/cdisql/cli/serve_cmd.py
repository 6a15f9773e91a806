"""``cdisql serve``: the language server, on stdio (default) or TCP."""

from __future__ import annotations

import click


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise click.BadParameter(f"{value!r}: write HOST:PORT, for example 127.0.0.1:2087")
    return host or "127.0.0.1", int(port)


@click.command()
@click.option(
    "--stdio", "stdio", is_flag=True, default=False, help="Talk over stdin/stdout (default)."
)
@click.option(
    "--tcp", "tcp", metavar="HOST:PORT", default=None, help="Listen on a TCP address instead."
)
def serve(stdio: bool, tcp: str | None) -> None:
    """Run the cdisql language server for VS Code, Neovim and other LSP clients."""
    if stdio and tcp:
        raise click.UsageError("choose one of --stdio and --tcp")
    address = _host_port(tcp) if tcp else None
    from cdisql.lsp.server import start

    start(tcp=address)
