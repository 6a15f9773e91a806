"""Text from a user or a driver is shown as typed, through every command that echoes it.

Names, schemas, descriptions, row values, file names and driver errors may hold rich
markup (``[/x]`` raised ``MarkupError``, ``[snowflake]`` vanished), emoji codes, ANSI
escapes and other control characters. Every command shows brackets as typed and writes
control characters visibly (``\\x1b``), so no terminal ever acts on them.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

from cdisql.cli import cli

HOSTILE = "[/x][b] [snowflake] :thumbs_up: \x1b[31m\x07\x08"
SHOWN = "[/x][b] [snowflake] :thumbs_up: \\x1b[31m\\x07\\x08"
"""How HOSTILE reads on the screen: brackets and colons as typed, control characters visible."""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A warehouse whose table, column, description and row are HOSTILE, two sources on it
    (``hs`` reads a schema named HOSTILE that does not exist, ``ok`` reads ``main``, tested),
    and segment files whose names are HOSTILE."""
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "w.duckdb"
    conn = duckdb.connect(str(database))
    try:
        conn.execute("CREATE TABLE users AS SELECT 'u' || i AS external_id FROM range(3) t(i)")
        conn.execute(f"CREATE TABLE {_quoted(HOSTILE)} ({_quoted(HOSTILE)} VARCHAR)")
        conn.execute(f"INSERT INTO {_quoted(HOSTILE)} VALUES (?)", [HOSTILE])
        description = HOSTILE.replace("'", "''")
        conn.execute(f"COMMENT ON TABLE {_quoted(HOSTILE)} IS '{description}'")
    finally:
        conn.close()
    add = ("sources", "add", "--type", "duckdb", "--database", str(database))
    assert _run(*add, "hs", "--schema", HOSTILE).exit_code == 0
    assert _run(*add, "ok").exit_code == 0
    assert _run("sources", "test", "ok").exit_code == 0
    literal = HOSTILE.replace("'", "''")
    segment = tmp_path / f"{HOSTILE}.sql"  # its slashes make folders: the path reads HOSTILE
    segment.parent.mkdir(parents=True)
    segment.write_text(f"SELECT '{literal}' AS external_user_id FROM users\n", encoding="utf-8")
    (tmp_path / f"{HOSTILE}.refused.sql").write_text(
        f"SELECT external_id AS external_user_id FROM users; DROP TABLE {_quoted(HOSTILE)}\n",
        encoding="utf-8",
    )
    (tmp_path / "typo.sql").write_text(
        f"SELECT external_id AS external_user_id FROM users WHERE {_quoted(HOSTILE)} = 'a'\n",
        encoding="utf-8",
    )
    assert _run("build", SEGMENT, "--source", "ok").exit_code == 0  # for `builds`
    bad_catalog = {"version": 1, "warehouse": "duckdb", "tables": [{"name": HOSTILE, HOSTILE: 1}]}
    (tmp_path / f"{HOSTILE}.catalog.json").write_text(json.dumps(bad_catalog), encoding="utf-8")
    return tmp_path


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


SEGMENT = f"{HOSTILE}.sql"

COMMANDS: dict[str, tuple[tuple[str, ...], bool]] = {
    # name: (arguments, whether the output repeats HOSTILE)
    "sources add": (
        ("sources", "add", "x2", "--type", "duckdb", "--database", "x.duckdb", "--schema", HOSTILE),
        True,
    ),
    "sources list": (("sources", "list"), True),
    "sources show": (("sources", "show", "hs"), True),
    "sources test (driver error)": (("sources", "test", "hs"), True),
    "sources test (tables)": (("sources", "test", "ok"), True),
    "sources test (unknown source)": (("sources", "test", HOSTILE), False),
    "sources remove (unknown source)": (("sources", "remove", HOSTILE), False),
    "catalog refresh": (("catalog", "refresh", "ok"), False),
    "catalog show": (("catalog", "show", "ok"), True),
    "catalog show TABLE": (("catalog", "show", "ok", HOSTILE), True),
    "catalog show (no such table)": (("catalog", "show", "ok", HOSTILE + "zz"), True),
    "catalog export": (("catalog", "export", "ok", "-o", f"{HOSTILE}.json"), True),
    "preview": (("preview", SEGMENT, "--source", "ok"), True),
    "preview (no such file)": (("preview", HOSTILE, "--source", "ok"), True),
    "build": (("build", SEGMENT, "--source", "ok"), False),
    "build (draft source)": (("build", SEGMENT, "--source", "hs"), False),
    "build (refused)": (("build", f"{HOSTILE}.refused.sql", "--source", "ok"), True),
    "builds": (("builds",), True),
    "builds (unknown source)": (("builds", "--source", HOSTILE), False),
    "lint": (("lint", "--no-cache", "--source", "ok", SEGMENT, "typo.sql"), True),
    "lint (no such file)": (("lint", "--no-cache", HOSTILE), True),
    "format": (("format", "--check", SEGMENT), True),
    "format (no such file)": (("format", HOSTILE), True),
    "rule": (("rule", HOSTILE), False),
    "setup-sql": (("setup-sql", "snowflake", "--schema", HOSTILE, "--role", HOSTILE), True),
    "keys generate (unknown source)": (("keys", "generate", HOSTILE), False),
    "keys generate (duckdb source)": (("keys", "generate", "ok"), False),
    "estimate (no such file)": (("estimate", HOSTILE, "--source", "ok"), True),
    "catalog validate": (("catalog", "validate", f"{HOSTILE}.catalog.json"), True),
    "builds diff (unknown id)": (("builds", "diff", HOSTILE), False),
    "validate": (("validate", "--source", "ok", SEGMENT), True),
    "validate (no such file)": (("validate", "--source", "ok", HOSTILE), True),
}
"""Every command that echoes what it was given, fed HOSTILE where it takes text."""


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_shows_markup_and_control_characters_as_typed(
    hostile: Path, name: str
) -> None:
    args, echoes = COMMANDS[name]
    result = _run(*args)
    out = result.stdout + result.stderr
    for control in ("\x1b", "\x07", "\x08"):
        assert control not in out, f"{name}: a raw {control!r} reached the terminal:\n{out}"
    assert "👍" not in out, f"{name}: an emoji code was replaced:\n{out}"
    if echoes:
        assert SHOWN in out, f"{name}: HOSTILE not shown as typed:\n{out}"
    else:  # names refused or not repeated: still no markup read, no control obeyed
        assert "Traceback" not in out and "MarkupError" not in out, out
