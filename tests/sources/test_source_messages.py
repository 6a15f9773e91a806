"""What the source commands say: each fact once, the truth about limits and names."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from click.testing import CliRunner

from cdisql.catalog import catalog_from_dict
from cdisql.cli import cli
from cdisql.sources import store
from cdisql.sources.build import run_build
from cdisql.sources.model import MaxRuntime, Source
from cdisql.sources.preview import run_preview

SEGMENT = "SELECT external_id AS external_user_id FROM users WHERE opted_in\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _segment(tmp_path: Path, text: str = SEGMENT) -> str:
    path = tmp_path / "segment.sql"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_build_on_a_draft_source_says_so_without_a_time(draft: Source, tmp_path: Path) -> None:
    code, _out, err = run("build", _segment(tmp_path), "--source", draft.name)
    assert code == 2
    assert err.strip() == (
        "error: source 'local' is a draft: test it first with `cdisql sources test local`"
    )


def test_a_refused_build_says_refused_once_and_no_time(active: Source, tmp_path: Path) -> None:
    code, _, err = run(
        "build", _segment(tmp_path, "SELECT 1 AS external_user_id;\n"), "--source", "local"
    )
    last = err.strip().splitlines()[-1]
    assert code == 1 and last.startswith("refused: nothing was sent: ")
    assert "refused" not in last[len("refused:") :] and not last.endswith("s)")


def test_a_refusal_gives_each_reason_once(active: Source, tmp_path: Path) -> None:
    # three statements: two `;` diagnostics with the same reason, and the count
    text = "SELECT 'a' AS external_user_id; SELECT 'b'; SELECT 'c'\n"
    code, _, err = run("build", _segment(tmp_path, text), "--source", "local")
    last = err.strip().splitlines()[-1]
    assert code == 1 and last.startswith("refused: nothing was sent: ")
    reasons = last[len("refused: nothing was sent: ") :].split("; ")
    assert len(reasons) == len(set(reasons)) >= 2, last


def test_cancelled_build_and_preview_say_cancelled_once(active: Source) -> None:
    cancel = threading.Event()
    cancel.set()
    built = run_build(active, SEGMENT, cancel=cancel, record=False)
    assert built.status == "cancelled"
    assert built.summary().startswith("cancelled: the query was stopped")
    assert built.summary().count("cancel") == 1
    previewed = run_preview(active, SEGMENT, cancel=cancel)
    if previewed.status == "cancelled":  # DuckDB may answer before the cancel lands
        assert previewed.summary().count("cancel") == 1


def test_every_build_status_line_names_its_status_once(active: Source, tmp_path: Path) -> None:
    """Whatever happens, ``summary`` reads ``status: what happened (...)``."""
    outcomes = [
        run_build(active, SEGMENT, record=False),
        run_build(active, "SELECT 1 AS external_user_id; SELECT 2", record=False),
        run_build(active, "SELECT external_id AS external_user_id FROM nosuch", record=False),
    ]
    for result in outcomes:
        rest = result.summary()[len(result.status) + 2 :]
        assert result.summary().startswith(f"{result.status}: ")
        assert not rest.lower().startswith(result.status), result.summary()


def test_failed_check_gives_its_advice_once(tmp_path: Path) -> None:
    run("sources", "add", "gone", "--type", "duckdb", "--database", str(tmp_path / "no.duckdb"))
    code, out, _ = run("sources", "test", "gone")
    assert code == 3
    advice = "check the path given with --database"
    assert out.count(advice) == 1, out
    assert "✗ connect: database file" in out and f"what to do: {advice}" in out


def test_build_says_when_max_runtime_is_capped_by_the_source(
    warehouse: Path, tmp_path: Path
) -> None:
    source = store.add_source(
        Source(
            "short", "duckdb", "main", database=str(warehouse), max_runtime=MaxRuntime.parse("2m")
        )
    )
    assert run("sources", "test", source.name)[0] == 0
    code, out, err = run(
        "build", _segment(tmp_path), "--source", "short", "--max-runtime", "5m", "--json"
    )
    assert code == 0
    assert "capped at the source's maximum runtime of 2m" in err
    assert json.loads(out)["max_runtime_s"] == 120
    code, _, err = run("build", _segment(tmp_path), "--source", "short", "--max-runtime", "90s")
    assert code == 0 and "capped" not in err


def test_builds_of_an_unknown_source_say_it_does_not_exist(active: Source, tmp_path: Path) -> None:
    code, out, err = run("builds", "--source", "locl")
    assert code == 2 and "no source named 'locl': did you mean 'local'?" in err
    assert "no builds recorded" not in out
    code, _, err = run("builds", "diff", "--source", "nosuch")
    assert code == 2 and "no source named 'nosuch'" in err
    code, out, _ = run("builds", "--source", "local")
    assert code == 0 and "no builds recorded yet on source 'local'" in out
    # a removed source's builds are kept, and still listed
    assert run("build", _segment(tmp_path), "--source", "local")[0] == 0
    run("sources", "remove", "local")
    code, out, _ = run("builds", "--source", "local")
    assert code == 0 and "local" in out and "ok" in out


def test_catalog_export_to_dash_writes_stdout(active: Source, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, out, err = run("catalog", "export", "local", "-o", "-")
    assert code == 0 and not (tmp_path / "-").exists()
    catalog = catalog_from_dict(json.loads(out), origin="<stdout>")
    assert catalog.resolve("users") is not None
    assert "wrote 2 table(s) to stdout" in err
