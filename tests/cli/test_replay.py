"""``cdisql lint`` replays an unchanged run's output (``cdisql.project.replay``).

These tests go through :func:`cdisql.cli.main`, the console script's entry point:
the replay happens there, before click parses anything.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdisql.cli import main
from cdisql.project import replay
from cli.support import CLEAN, FIXABLE, WARNING_ONLY, write


@pytest.fixture(autouse=True)
def trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are milliseconds old: record them anyway."""
    monkeypatch.setattr(replay, "RACY_NS", 0)


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["lint", *args])
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def recorded(project: Path) -> list[str]:
    return replay.recorded_runs(str(project))


def test_an_unchanged_tree_replays_output_and_exit_code(project, capsys, monkeypatch):
    write(project / "a.sql", CLEAN)
    write(project / "sub" / "b.sql", WARNING_ONLY)
    first = lint(capsys, "--dialect", "snowflake", ".")
    assert first[0] == 1 and "CDI306" in first[1]
    assert len(recorded(project)) == 1
    monkeypatch.setattr("cdisql.project.runner.run_lint", None)  # any lint would crash
    assert lint(capsys, "--dialect", "snowflake", ".") == first


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("edit", "All checks passed! (2 files)"),
        ("add", "Found 2 problems"),
        ("remove", "All checks passed! (1 file)"),
        ("settings", "All checks passed! (1 file)"),
        ("parent-settings", "All checks passed! (1 file)"),
        ("rename-folder", "sub2/b.sql:1:"),
    ],
)
def test_any_change_of_an_input_lints_again(project, capsys, change, expected):
    write(project / "a.sql", CLEAN)
    write(project / "sub" / "b.sql", WARNING_ONLY)
    first = lint(capsys, ".")
    assert first[0] == 1 and "sub/b.sql:1:" in first[1]
    if change == "edit":
        write(project / "sub" / "b.sql", CLEAN)
    elif change == "add":
        write(project / "sub" / "c.sql", WARNING_ONLY)
    elif change == "remove":
        (project / "sub" / "b.sql").unlink()
    elif change == "settings":
        write(project / "cdisql.toml", '[lint]\nexclude = ["sub/"]\n')
    elif change == "parent-settings":
        write(project.parent / "cdisql.toml", '[lint]\nexclude = ["project/sub/"]\n')
    elif change == "rename-folder":
        (project / "sub").rename(project / "sub2")
    second = lint(capsys, ".")
    assert expected in second[1]


def test_a_content_change_keeping_size_and_mtime_is_still_seen(project, capsys):
    path = write(project / "a.sql", CLEAN)
    assert lint(capsys, "a.sql")[0] == 0
    st = path.stat()
    other = CLEAN.replace("external_user_id", "external_user_ie")
    assert len(other) == len(CLEAN)
    write(path, other)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the change time still moves
    code, out, _ = lint(capsys, "a.sql")
    assert code == 1 and "CDI103" in out
    assert len(recorded(project)) == 1  # the same command line, recorded again


def test_other_arguments_or_colors_are_other_runs(project, capsys, monkeypatch):
    write(project / "a.sql", WARNING_ONLY)
    plain = lint(capsys, "a.sql")
    as_json = lint(capsys, "--format", "json", "a.sql")
    assert as_json[1].startswith("[")
    monkeypatch.setenv("FORCE_COLOR", "1")
    colored = lint(capsys, "a.sql")
    assert "\x1b[" in colored[1]
    monkeypatch.setattr("cdisql.project.runner.run_lint", None)
    assert lint(capsys, "a.sql") == colored
    monkeypatch.delenv("FORCE_COLOR")
    assert lint(capsys, "a.sql") == plain
    assert lint(capsys, "--format", "json", "a.sql") == as_json


def test_runs_that_must_not_be_replayed_are_not_recorded(project, capsys, monkeypatch):
    write(project / "fix.sql", FIXABLE)
    write(project / "a.sql", CLEAN)
    lint(capsys, "--no-cache", "a.sql")
    lint(capsys, "--fix", "fix.sql")
    lint(capsys, "-o", "report.txt", "a.sql")
    lint(capsys, "a.sql", "missing.sql")  # an error
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115
    lint(capsys, "-")
    assert recorded(project) == []


def test_a_file_changed_just_before_the_run_is_not_recorded(project, capsys, monkeypatch):
    monkeypatch.setattr(replay, "RACY_NS", 2_000_000_000)
    write(project / "a.sql", CLEAN)
    lint(capsys, "a.sql")
    assert recorded(project) == []


def test_a_corrupt_record_is_ignored(project, capsys):
    write(project / "a.sql", CLEAN)
    first = lint(capsys, "a.sql")
    (run,) = recorded(project)
    Path(run).write_text("{not json")
    assert lint(capsys, "a.sql") == first
    Path(run).write_bytes(marshal.dumps({"format": replay.RUN_FORMAT, "inputs": 1}))
    assert lint(capsys, "a.sql") == first
    bad = {"format": replay.RUN_FORMAT, "inputs": [], "output": 3, "code": 0}
    Path(run).write_bytes(marshal.dumps(bad))
    assert lint(capsys, "a.sql") == first
    Path(run).write_bytes(marshal.dumps([1, 2]))
    assert lint(capsys, "a.sql") == first
    Path(run).write_bytes(b"")
    assert lint(capsys, "a.sql") == first


def test_a_replay_imports_neither_click_nor_sqlglot(project, capsys):
    path = write(project / "a.sql", CLEAN)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    script = (
        "import sys\n"
        "from cdisql.cli import main\n"
        "try:\n"
        "    main(['lint', 'a.sql'])\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "print(sorted(m for m in ('click', 'sqlglot', 'cdisql.analysis') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    env = dict(os.environ)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True
        )

    # the file's change time is now: wait until it is no longer racy
    first = run()
    assert "click" in first.stderr
    assert "All checks passed" in first.stdout
    import time

    deadline = time.time() + 10
    while not recorded(project) and time.time() < deadline:
        time.sleep(0.5)
        first = run()
    second = run()
    assert second.stdout == first.stdout
    assert second.stderr.strip() == "[]"


def test_records_stay_small(project, capsys, monkeypatch):
    write(project / "a.sql", WARNING_ONLY)
    write(project / "b.sql", CLEAN)
    monkeypatch.setattr(replay, "MAX_BYTES", 400)
    lint(capsys, "a.sql")
    first = recorded(project)
    lint(capsys, "b.sql")
    kept = recorded(project)
    assert len(kept) == 1 and kept != first  # the oldest went
    monkeypatch.setattr(replay, "MAX_BYTES", 10)
    lint(capsys, "--format", "json", "a.sql")  # too long to keep
    assert recorded(project) == kept
    monkeypatch.setattr(replay, "MAX_BYTES", 16_000_000)
    monkeypatch.setattr(replay, "MAX_RUNS", 2)
    for fmt in ("text", "json", "github", "junit"):
        lint(capsys, "--format", fmt, "a.sql")
    assert len(recorded(project)) == 2


@pytest.mark.parametrize("xdg", [None, "/tmp/somewhere-else", "  "])
def test_lint_cache_folder_is_platformdirs_cache_folder(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None
) -> None:
    """The replay computes the folder without importing platformdirs; it must agree."""
    from cdisql import paths

    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert Path(replay.cache_dir()) == paths.cache_dir() / "lint"
