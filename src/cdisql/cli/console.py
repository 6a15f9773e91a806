"""The rich console of the source commands: strings are shown as they are.

A table cell, a title or a printed string may hold a schema name, a table description,
a driver's error or a row value: none of them is read as markup (``[/x]`` would raise
``MarkupError``, ``[snowflake]`` would vanish) or emoji codes, and control characters
(an ANSI escape's ESC) are written visibly so that no terminal acts on them.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from cdisql.textindex import printable


class PlainConsole(Console):
    """A :class:`Console` whose every ``str`` renders as plain, visible text."""

    def render_str(self, text: str, **options: Any) -> Text:
        options["markup"] = False
        options["emoji"] = False
        return super().render_str(printable(text, None, lines=True), **options)


def plain_console(stderr: bool = False) -> PlainConsole:
    console = PlainConsole(stderr=stderr, highlight=False, markup=False, emoji=False)
    if not console.is_terminal:
        # piped output: wide enough that tables keep whole ids, names and times
        console = PlainConsole(
            stderr=stderr, highlight=False, markup=False, emoji=False, width=max(console.width, 160)
        )
    return console
