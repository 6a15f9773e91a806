"""``cdisql lint``: exit codes, files and folders, stdin, settings, fixes, the cache."""

from __future__ import annotations

import json
from pathlib import Path

from cdisql.project.runner import LintOptions, run_lint
from cli.support import CLEAN, FIXABLE, INFO_ONLY, WARNING_ONLY, write


def codes(stdout: str) -> list[str]:
    return [line.split()[1] for line in stdout.splitlines() if line.count(":") >= 3]


# -- exit codes ----------------------------------------------------------------------------
def test_clean_file_exits_zero_and_says_so(project, run):
    write(project / "ok.sql", CLEAN)
    result = run("lint", "ok.sql")
    assert result.exit_code == 0
    assert "All checks passed! (1 file)" in result.stdout


def test_warning_fails_by_default_but_not_with_fail_on_error(project, run):
    write(project / "warn.sql", WARNING_ONLY)
    result = run("lint", "warn.sql")
    assert result.exit_code == 1
    assert "warn.sql:1:" in result.stdout and " CDI306 " in result.stdout
    assert "Found 1 problem (1 warning)." in result.stdout
    assert run("lint", "--fail-on", "error", "warn.sql").exit_code == 0


def test_info_passes_by_default_and_fails_with_fail_on_info(project, run):
    write(project / "info.sql", INFO_ONLY)
    result = run("lint", "info.sql")
    assert result.exit_code == 0
    assert "CDI308" in result.stdout
    assert run("lint", "--fail-on", "info", "info.sql").exit_code == 1


def test_missing_file_exits_two_naming_it_and_lints_the_others(project, run):
    write(project / "warn.sql", WARNING_ONLY)
    result = run("lint", "warn.sql", "nope.sql")
    assert result.exit_code == 2
    assert "cdisql: error: nope.sql: no such file or folder" in result.stderr
    assert "CDI306" in result.stdout
    assert "Traceback" not in result.output


def test_non_utf8_file_is_a_clear_error_with_the_file_and_line(project, run):
    (project / "latin1.sql").write_bytes(b"SELECT 1\n-- caf\xe9\n")
    result = run("lint", "latin1.sql")
    assert result.exit_code == 2
    assert "latin1.sql:2: not UTF-8 text" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_rule_code_in_select_is_a_usage_error(project, run):
    write(project / "ok.sql", CLEAN)
    result = run("lint", "--select", "CDI999", "ok.sql")
    assert result.exit_code == 2
    assert "unknown rule code 'CDI999'" in result.stderr


def test_unknown_source_is_a_clear_error(project, run):
    write(project / "ok.sql", CLEAN)
    result = run("lint", "--source", "nowhere", "ok.sql")
    assert result.exit_code == 2
    assert "--source nowhere: no source named 'nowhere'" in result.stderr


def test_missing_catalog_file_is_a_clear_error(project, run):
    write(project / "ok.sql", CLEAN)
    result = run("lint", "--catalog", "missing.json", "ok.sql")
    assert result.exit_code == 2
    assert "missing.json: catalog file not found" in result.stderr


# -- selection -----------------------------------------------------------------------------
def test_select_and_ignore_take_codes_and_prefixes(project, run):
    write(project / "star.sql", "SELECT * FROM users\n")
    assert set(codes(run("lint", "star.sql").stdout)) == {"CDI103", "CDI301"}
    assert codes(run("lint", "--select", "CDI3", "star.sql").stdout) == ["CDI301"]
    assert codes(run("lint", "--ignore", "CDI301,CDI1", "star.sql").stdout) == []


def test_dialect_directive_in_the_file_is_used(project, run):
    # BigQuery's string type is STRING: the fix of CDI104 says so
    write(project / "bq.sql", "-- cdisql: dialect=bigquery\nSELECT 42 AS external_user_id\n")
    result = run("lint", "--format", "json", "bq.sql")
    [item] = json.loads(result.stdout)
    assert item["code"] == "CDI104"
    assert "STRING" in item["fix"]["edits"][0]["content"]


# -- folders, stdin, excludes --------------------------------------------------------------
def test_folder_is_walked_for_sql_files_in_order(project, run):
    write(project / "b" / "two.sql", WARNING_ONLY)
    write(project / "a" / "one.sql", WARNING_ONLY)
    write(project / "a" / "notes.txt", "SELECT nonsense(")
    write(project / ".hidden" / "x.sql", WARNING_ONLY)
    result = run("lint", ".")
    files = [line.split(":")[0] for line in result.stdout.splitlines() if "CDI306" in line]
    assert files == [str(Path("a/one.sql")), str(Path("b/two.sql"))]


def test_exclude_patterns_from_the_settings_file(project, run):
    write(project / "cdisql.toml", '[lint]\nexclude = ["build/", "*.tmp.sql"]\n')
    write(project / "keep.sql", WARNING_ONLY)
    write(project / "build" / "gen.sql", WARNING_ONLY)
    write(project / "scratch.tmp.sql", WARNING_ONLY)
    result = run("lint", ".")
    assert "keep.sql" in result.stdout
    assert "gen.sql" not in result.stdout and "scratch.tmp.sql" not in result.stdout
    # an excluded file named on the command line is skipped too (pre-commit passes names)
    skipped = run("lint", "build/gen.sql")
    assert skipped.exit_code == 0 and skipped.stdout == ""
    assert "nothing linted" in skipped.stderr


def test_a_path_with_no_sql_file_says_so_on_stderr_and_can_fail(project, run):
    (project / "segmnets").mkdir()
    write(project / "segmnets" / "notes.md", "SELECT 1")
    result = run("lint", "segmnets")
    assert result.exit_code == 0 and "All checks passed" not in result.stdout
    assert "cdisql: warning: nothing linted: no .sql file found in segmnets" in result.stderr
    failing = run("lint", "--fail-on-empty", "segmnets")
    assert failing.exit_code == 2
    assert "cdisql: error: nothing linted: no .sql file found in segmnets" in failing.stderr
    # machine formats still write their (empty) document
    as_json = run("lint", "--format", "json", "segmnets")
    assert json.loads(as_json.stdout) == [] and "nothing linted" in as_json.stderr


def test_stdin_is_linted_with_its_name(project, run):
    result = run("lint", "-", input=WARNING_ONLY)
    assert result.exit_code == 1
    assert result.stdout.startswith("-:1:")
    named = run("lint", "--stdin-filename", "segments/vip.sql", "-", input=WARNING_ONLY)
    assert named.stdout.startswith("segments/vip.sql:1:")


def test_stdin_filename_picks_up_per_file_ignores(project, run):
    write(project / "cdisql.toml", '[lint.per-file-ignores]\n"legacy/*.sql" = ["CDI306"]\n')
    result = run("lint", "--stdin-filename", "legacy/old.sql", "-", input=WARNING_ONLY)
    assert result.exit_code == 0


# -- settings files ------------------------------------------------------------------------
def test_settings_are_found_from_a_parent_folder(project, run):
    write(project / "cdisql.toml", '[lint]\nignore = ["CDI306"]\n')
    write(project / "deep" / "er" / "warn.sql", WARNING_ONLY)
    assert run("lint", "deep").exit_code == 0


def test_pyproject_tool_table_is_read(project, run):
    write(
        project / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.cdisql.lint]\nignore = ["CDI3"]\n',
    )
    write(project / "warn.sql", WARNING_ONLY)
    assert run("lint", "warn.sql").exit_code == 0


def test_command_line_overrides_the_settings_file(project, run):
    write(project / "cdisql.toml", 'dialect = "bigquery"\n[lint]\nignore = ["CDI306"]\n')
    write(project / "warn.sql", WARNING_ONLY)
    assert run("lint", "warn.sql").exit_code == 0
    # --ignore replaces the file's list, so CDI306 is back
    assert codes(run("lint", "--ignore", "CDI308", "warn.sql").stdout) == ["CDI306"]
    write(project / "num.sql", "SELECT 42 AS external_user_id\n")
    from_file = json.loads(run("lint", "--format", "json", "num.sql").stdout)
    assert "STRING" in from_file[0]["fix"]["edits"][0]["content"]
    from_flag = json.loads(
        run("lint", "--format", "json", "--dialect", "snowflake", "num.sql").stdout
    )
    assert "VARCHAR" in from_flag[0]["fix"]["edits"][0]["content"]


def test_severity_override_changes_the_exit_code(project, run):
    write(project / "cdisql.toml", '[lint.severity]\nCDI306 = "info"\n')
    write(project / "warn.sql", WARNING_ONLY)
    result = run("lint", "--format", "json", "warn.sql")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["severity"] == "info"


def test_per_file_ignores(project, run):
    write(project / "cdisql.toml", '[lint.per-file-ignores]\n"legacy/**" = ["CDI306"]\n')
    write(project / "legacy" / "a" / "old.sql", WARNING_ONLY)
    write(project / "new.sql", WARNING_ONLY)
    stdout = run("lint", ".").stdout
    assert "new.sql" in stdout and "old.sql" not in stdout


def test_bad_settings_file_exits_two_naming_file_line_and_key(project, run):
    write(project / "cdisql.toml", 'dialect = "snowflake"\n\n[lint]\nselekt = ["CDI1"]\n')
    write(project / "ok.sql", CLEAN)
    result = run("lint", "ok.sql")
    assert result.exit_code == 2
    assert "cdisql.toml:4: lint.selekt: unknown setting (did you mean 'select'?)" in result.stderr
    assert "Traceback" not in result.output


def test_catalog_from_settings_is_relative_to_the_file(project, run):
    catalog = {
        "version": 1,
        "warehouse": "snowflake",
        "tables": [
            {
                "database": "ANALYTICS",
                "schema": "CDI",
                "name": "USERS",
                "columns": [{"name": "ID", "type": "VARCHAR"}],
            }
        ],
    }
    write(project / "catalogs" / "prod.json", json.dumps(catalog))
    write(project / "cdisql.toml", 'dialect = "snowflake"\ncatalog = "catalogs/prod.json"\n')
    write(project / "segments" / "bad.sql", "SELECT id AS external_user_id FROM orders\n")
    result = run("lint", "segments")
    assert "CDI201" in result.stdout  # orders is not in the catalog
    assert run("lint", "--select", "CDI1", "segments").exit_code == 0


# -- --fix -----------------------------------------------------------------------------------
def test_fix_rewrites_the_file_and_the_result_lints_clean(project, run):
    path = write(project / "seg.sql", FIXABLE)
    result = run("lint", "--fix", "seg.sql")
    assert result.exit_code == 0
    assert "Fixed 2 problems." in result.stdout
    fixed = path.read_text(encoding="utf-8")
    assert fixed == "SELECT id AS external_user_id FROM users\n"
    assert run("lint", "--no-cache", "seg.sql").exit_code == 0


def test_fix_and_format_rewrite_a_linked_segment_where_it_lives(project, run):
    real = write(project / "shared" / "seg.sql", FIXABLE)
    link = project / "seg.sql"
    link.symlink_to(real)
    result = run("lint", "--fix", "seg.sql")
    assert result.exit_code == 0, result.output
    assert real.read_text(encoding="utf-8") == "SELECT id AS external_user_id FROM users\n"
    assert link.is_symlink()
    assert run("format", "seg.sql").exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("SELECT")


def test_fix_casts_a_numeric_id_in_the_dialect(project, run):
    path = write(
        project / "num.sql", "SELECT CAST(user_id AS INT64) AS external_user_id FROM users\n"
    )
    result = run("lint", "--fix", "--dialect", "bigquery", "num.sql")
    assert result.exit_code == 0, result.stdout
    assert "CAST(" in path.read_text() and "AS STRING)" in path.read_text()


def test_fix_keeps_crlf_line_ends_and_reports_what_remains(project, run):
    path = write(project / "crlf.sql", "SELECT id FROM users\r\nWHERE name LIKE '%x'\r\n;\r\n")
    result = run("lint", "--fix", "crlf.sql")
    assert result.exit_code == 1  # CDI306 cannot be fixed automatically
    assert codes(result.stdout) == ["CDI306"]
    text = path.read_bytes().decode()
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert "external_user_id" in text and ";" not in text


def test_fix_on_stdin_prints_the_fixed_text(project, run):
    result = run("lint", "--fix", "-", input=FIXABLE)
    assert result.stdout == "SELECT id AS external_user_id FROM users\n"
    assert "Fixed 2 problems." in result.stderr


def test_file_without_fixes_is_not_rewritten(project, run):
    path = write(project / "warn.sql", WARNING_ONLY)
    before = path.stat().st_mtime_ns
    run("lint", "--fix", "warn.sql")
    assert path.stat().st_mtime_ns == before


# -- the cache and workers -------------------------------------------------------------------
def test_unchanged_files_come_from_the_cache(project, isolated_state):
    write(project / "a.sql", WARNING_ONLY)
    write(project / "b.sql", CLEAN)
    first = run_lint(["."], LintOptions())
    assert first.cache_hits == 0
    assert list((isolated_state / "xdg_cache_home" / "cdisql" / "lint").glob("*.json"))
    second = run_lint(["."], LintOptions())
    assert second.cache_hits == 2
    assert [d.code for r in second.reports for d in r.diagnostics] == ["CDI306"]
    # a change of content, of settings or --no-cache each miss
    write(project / "b.sql", INFO_ONLY)
    assert run_lint(["."], LintOptions()).cache_hits == 1
    assert run_lint(["."], LintOptions(ignore=("CDI306",))).cache_hits == 0
    assert run_lint(["."], LintOptions(use_cache=False)).cache_hits == 0


def test_cached_results_keep_fixes_and_positions(project):
    write(project / "seg.sql", "-- é\r\n" + FIXABLE)
    fresh = run_lint(["seg.sql"], LintOptions()).reports[0]
    cached = run_lint(["seg.sql"], LintOptions())
    assert cached.cache_hits == 1
    assert cached.reports[0].diagnostics == fresh.diagnostics


def test_workers_give_the_same_results_as_one_process(project):
    for i in range(30):
        write(project / f"s{i:02d}.sql", [CLEAN, WARNING_ONLY, FIXABLE][i % 3])
    one = run_lint(["."], LintOptions(use_cache=False, jobs=1))
    many = run_lint(["."], LintOptions(use_cache=False, jobs=2))
    assert [(r.filename, r.diagnostics) for r in one.reports] == [
        (r.filename, r.diagnostics) for r in many.reports
    ]
    assert sum(len(r.diagnostics) for r in many.reports) == 30


# -- connected sources -----------------------------------------------------------------------
def test_source_brings_its_dialect_catalog_and_schema(project, run):
    from cdisql.catalog import Catalog, Column, Table
    from cdisql.dialects import get_warehouse
    from cdisql.sources.model import Source
    from cdisql.sources.store import add_source, save_cached_catalog

    add_source(Source("prod", "bigquery", "cdi", database="acme"))
    users = Table("users", (Column("id", "STRING"),), database="acme", schema="cdi")
    save_cached_catalog("prod", Catalog(get_warehouse("bigquery"), (users,)))
    write(project / "cdisql.toml", 'dialect = "snowflake"\n')  # --source wins over it
    write(project / "seg.sql", "SELECT 42 AS external_user_id FROM acme.other.users AS u\n")
    items = json.loads(run("lint", "--source", "prod", "--format", "json", "seg.sql").stdout)
    found = {i["code"]: i for i in items}
    assert "STRING" in found["CDI104"]["fix"]["edits"][0]["content"]  # BigQuery's dialect
    assert "CDI105" in found  # reads a dataset other than the source's
    write(project / "unknown.sql", "SELECT id AS external_user_id FROM acme.cdi.orders\n")
    assert "CDI201" in run("lint", "--source", "prod", "unknown.sql").stdout


def test_source_in_settings_that_is_not_configured_here_is_a_warning(project, run):
    write(project / "cdisql.toml", 'source = "prod"\n')
    write(project / "ok.sql", CLEAN)
    result = run("lint", "ok.sql")
    assert result.exit_code == 0
    assert "source 'prod' is not configured here" in result.stderr


def test_fix_on_stdin_with_a_filename_never_writes_that_file(project, run):
    path = write(project / "seg.sql", "-- the file on disk\n")
    result = run("lint", "--fix", "--stdin-filename", "seg.sql", "-", input=FIXABLE)
    assert result.stdout == "SELECT id AS external_user_id FROM users\n"
    assert path.read_text() == "-- the file on disk\n"


def test_two_runs_writing_the_cache_keep_each_others_entries(project):
    from cdisql.project.cache import LintCache

    first, second = LintCache(project), LintCache(project)
    first.get("a"), second.get("b")  # both loaded before either writes
    first.put("a", [])
    second.put("b", [])
    first.save()
    second.save()
    merged = LintCache(project)
    assert merged.get("a") == [] and merged.get("b") == []


def test_cache_lives_in_the_platformdirs_user_cache_dir(monkeypatch, tmp_path):
    import platformdirs

    from cdisql.project.cache import cache_root

    assert cache_root() == Path(platformdirs.user_cache_dir("cdisql", appauthor=False)) / "lint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_root() == Path(platformdirs.user_cache_dir("cdisql", appauthor=False)) / "lint"


def test_resolve_gives_other_faces_what_lint_uses(project):
    from cdisql.project.resolve import Overrides, resolve

    write(
        project / "fixtures" / "catalogs" / "x.json",
        '{"version": 1, "warehouse": "snowflake", "tables": [{"database": "A", "schema": "S", "name": "T"}]}',
    )
    write(
        project / "cdisql.toml",
        'dialect = "snowflake"\ncatalog = "fixtures/catalogs/x.json"\n'
        '[lint.per-file-ignores]\n"old/*.sql" = ["CDI3"]\n',
    )
    found = resolve(project / "old" / "q.sql")
    assert found.warehouse.kind == "snowflake"
    assert found.catalog is not None and found.catalog.resolve("T") is not None
    assert found.settings.ignore == ("CDI3",)
    assert (found.settings.source_database, found.settings.source_schema) == ("A", "S")
    assert resolve(project / "new.sql", Overrides(dialect="bigquery")).warehouse.kind == "bigquery"


def test_fix_keeps_the_file_permissions(project, run):
    path = write(project / "seg.sql", FIXABLE)
    path.chmod(0o600)
    run("lint", "--fix", "seg.sql")
    assert path.read_text() == "SELECT id AS external_user_id FROM users\n"
    assert path.stat().st_mode & 0o777 == 0o600


def test_fix_that_cannot_be_written_reports_the_file_as_it_stays(project, run, monkeypatch):
    """A disk that refuses the write (ENOSPC here): the file keeps its text, the error says
    so, and the report lists that text's problems, never "All checks passed" for a fix
    that did not land."""
    import errno

    from cdisql.project import runner

    def refuse(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runner, "rewrite_sql", refuse)
    path = write(project / "seg.sql", FIXABLE)
    result = run("lint", "--fix", "--no-cache", "seg.sql", "--format", "json")
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == FIXABLE
    assert "cannot write the fixed file" in result.output
    import json

    codes = {d["code"] for d in json.loads(result.stdout)}
    assert codes == {"CDI101", "CDI103"}, result.output
