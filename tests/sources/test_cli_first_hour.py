"""The command line as a new user meets it: every --help, mistyped commands, wrong input."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cdisql.cli import cli
from cdisql.sources.model import Source

SEGMENT = "SELECT external_id AS external_user_id FROM users WHERE opted_in\n"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _commands(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, click.Context(command, parent=ctx), (*prefix, name))


ROOT_CTX = click.Context(cli)
EVERY_COMMAND = [path for path, _ in _commands(cli, ROOT_CTX)]


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=[" ".join(p) for p in EVERY_COMMAND])
def test_every_command_has_help_and_every_option_says_what_it_does(path: tuple[str, ...]) -> None:
    code, out, err = run(*path, "--help")
    assert code == 0 and out.startswith("Usage: ") and not err
    command = dict(_commands(cli, ROOT_CTX))[path]
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"cdisql {' '.join(path)} {param.opts[0]} has no help text"


def test_a_mistyped_command_gets_the_closest_name() -> None:
    code, _, err = run("lnt")
    assert code == 2 and "No such command 'lnt'. Did you mean 'lint'?" in err
    code, _, err = run("sources", "tst", "x")
    assert code == 2 and "No such command 'tst'. Did you mean 'test'?" in err
    code, _, err = run("keys", "gen", "x")
    assert code == 2 and "Did you mean 'generate'?" in err
    code, _, err = run("catalog", "zzz")
    assert (code == 2 and "Choose one of diff" in err) or "Choose one of export" in err


def test_a_failed_test_says_the_source_is_still_a_draft(tmp_path: Path) -> None:
    run("sources", "add", "gone", "--type", "duckdb", "--database", str(tmp_path / "no.duckdb"))
    code, out, _ = run("sources", "test", "gone")
    assert code == 3 and "connection test failed: source 'gone' is still a draft" in out


def test_preview_names_the_file_and_source_on_one_line(active: Source, tmp_path: Path) -> None:
    segment = tmp_path / "opted_in_users.sql"
    segment.write_text(SEGMENT, encoding="utf-8")
    code, out, _ = run("preview", str(segment), "--source", "local")
    assert code == 0 and f"{segment} on local:" in out.splitlines()[0]


def test_builds_diff_of_an_unknown_id_says_so(active: Source) -> None:
    code, _, err = run("builds", "diff", "20990101T000000Z-nosuch")
    assert code == 2 and "no build '20990101T000000Z-nosuch': `cdisql builds` lists them" in err
    code, _, err = run("builds", "diff", "--limit", "-1")
    assert code == 2 and "--limit" in err


def test_lint_says_when_an_option_does_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text(SEGMENT, encoding="utf-8")
    code, _, err = run("lint", "--no-cache", "--unsafe-fixes", "a.sql")
    assert code == 0 and "--unsafe-fixes does nothing without --fix" in err
    code, _, err = run("lint", "--no-cache", "--stdin-filename", "x.sql", "a.sql")
    assert code == 0 and "--stdin-filename names `-` (stdin)" in err


def test_format_of_a_missing_file_prints_the_error_alone(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, out, err = run("format", "nosuch.sql")
    assert code == 2 and "nosuch.sql: no such file or folder" in err and out == ""


def test_setup_sql_refuses_a_port_that_cannot_be() -> None:
    code, _, err = run("setup-sql", "redshift", "--port", "99999")
    assert code == 2 and "99999 is not in the range 1<=x<=65535" in err


def test_key_rotation_on_a_duckdb_source_gives_no_impossible_advice(active: Source) -> None:
    code, _, err = run("keys", "rotate", "local")
    assert code == 2 and "key rotation is for Snowflake sources" in err
    assert "keys generate" not in err  # generate refuses a duckdb source too


def test_estimate_reads_its_file_like_preview_and_build(active: Source, tmp_path: Path) -> None:
    code, _, err = run("estimate", str(tmp_path), "--source", "local")
    assert code == 2 and "is a folder; give one segment file" in err and "Errno" not in err
    binary = tmp_path / "b.sql"
    binary.write_bytes(b"\xff\xfe")
    code, _, err = run("estimate", str(binary), "--source", "local")
    assert code == 2 and "not UTF-8 text; save the segment as UTF-8" in err


def test_preview_build_and_estimate_use_the_settings_files_source(
    active: Source, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "project"
    (project / "segments").mkdir(parents=True)
    segment = project / "segments" / "opted_in.sql"
    segment.write_text(SEGMENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("build", str(segment))
    assert code == 2 and 'which source? give --source NAME, or set source = "NAME"' in err
    (project / "cdisql.toml").write_text('source = "local"\n', encoding="utf-8")
    code, out, _ = run("preview", str(segment))
    assert code == 0 and f"{segment} on local:" in out
    code, _, err = run("build", str(segment))
    assert code == 0 and "ok: 333 members counted" in err + _
    code, out, _ = run("estimate", str(segment))
    assert code == 0 and "on local" in out


def test_lint_with_a_source_that_has_no_catalog_yet_says_the_catalog_rules_did_not_run(
    draft: Source, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "typo.sql").write_text(
        "SELECT externl_id AS external_user_id FROM users\n", encoding="utf-8"
    )
    code, out, err = run("lint", "--no-cache", "--source", "local", "typo.sql")
    assert code == 0 and "All checks passed" in out
    assert "source 'local' has no cached catalog yet, so the catalog rules (CDI2xx" in err
    assert "`cdisql sources test local` reads it" in err


def test_adding_a_taken_name_points_at_replace_and_show_labels_the_settings(
    draft: Source, warehouse: Path
) -> None:
    code, _, err = run("sources", "add", "local", "--type", "duckdb", "--database", str(warehouse))
    assert code == 2 and "add --replace to replace it" in err
    code, out, _ = run("sources", "show", "local")
    assert code == 0 and "\nsettings:" in f"\n{out}"
