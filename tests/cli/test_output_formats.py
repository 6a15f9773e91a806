"""Every ``--format``: what CI systems and editors read, with exact 1-based ranges."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from cdisql.lint.registry import all_rules
from cli.support import CLEAN, FIXABLE, WARNING_ONLY, write

# line 2 holds non-ASCII text before the problem; lines end with CRLF
TRICKY = "-- café ☃ 𝄞\r\nSELECT CAST(u.id AS VARCHAR) AS external_user_id FROM users AS u WHERE u.name LIKE '%é𝄞'\r\n"
LIKE_COLUMN = TRICKY.split("\r\n")[1].index("'%é𝄞'") + 1
LIKE_END = LIKE_COLUMN + len("'%é𝄞'")


def test_text_lines_are_file_row_col_code_severity_message(project, run):
    write(project / "t.sql", TRICKY)
    result = run("lint", "t.sql")
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"t.sql:2:{LIKE_COLUMN}: CDI306 [warning] ")
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_text_colour_follows_force_color_and_no_color(project, run, monkeypatch):
    write(project / "f.sql", FIXABLE)
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run("lint", "--no-cache", "f.sql").stdout
    assert "\x1b[1;31mCDI103\x1b[0m \x1b[1;31m[error]\x1b[0m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run("lint", "--no-cache", "f.sql").stdout
    assert "\x1b[" not in plain and "f.sql:1:8: CDI103 [error] [*] " in plain


def test_text_marks_fixable_diagnostics_and_counts_them(project, run):
    write(project / "f.sql", FIXABLE)
    stdout = run("lint", "f.sql").stdout
    assert "f.sql:1:8: CDI103 [error] [*] " in stdout
    assert "[*] 2 fixable with `cdisql lint --fix`." in stdout


def test_text_has_colour_when_forced(project, run, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    write(project / "w.sql", WARNING_ONLY)
    assert "\x1b[" in run("lint", "w.sql").stdout


def test_json_items_have_the_documented_fields_and_1_based_ranges(project, run):
    write(project / "t.sql", TRICKY)
    write(project / "f.sql", FIXABLE)
    items = json.loads(run("lint", "--format", "json", "t.sql", "f.sql").stdout)
    like = next(i for i in items if i["code"] == "CDI306")
    assert like == {
        "code": "CDI306",
        "name": "leading-wildcard-like",
        "severity": "warning",
        "message": like["message"],
        "filename": "t.sql",
        "location": {"row": 2, "column": LIKE_COLUMN},
        "end_location": {"row": 2, "column": LIKE_END},
        "fix": None,
        "suggestions": [],
        "url": like["url"],
    }
    assert like["url"].endswith("#cdi306-leading-wildcard-like")
    semicolon = next(i for i in items if i["code"] == "CDI101")
    assert semicolon["fix"]["safe"] is True
    [edit] = semicolon["fix"]["edits"]
    assert edit == {
        "content": "",
        "location": {"row": 1, "column": 21},
        "end_location": {"row": 1, "column": 22},
    }


def test_json_of_a_clean_run_is_an_empty_array(project, run):
    write(project / "ok.sql", CLEAN)
    result = run("lint", "--format", "json", "ok.sql")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_sarif_is_2_1_0_with_rule_metadata(project, run):
    write(project / "t.sql", TRICKY)
    write(project / "f.sql", FIXABLE)
    log = json.loads(run("lint", "--format", "sarif", "t.sql", "f.sql").stdout)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    [sarif_run] = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "cdisql"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"]
        assert rule["helpUri"].startswith("https://")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    results = sarif_run["results"]
    assert {r["ruleId"] for r in results} == {"CDI306", "CDI103", "CDI101"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    like = next(r for r in results if r["ruleId"] == "CDI306")
    assert like["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "t.sql"
    assert like["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": LIKE_COLUMN,
        "endLine": 2,
        "endColumn": LIKE_END,
    }
    semicolon = next(r for r in results if r["ruleId"] == "CDI101")
    [fix] = semicolon["fixes"]
    [change] = fix["artifactChanges"]
    assert change["replacements"][0]["insertedContent"] == {"text": ""}


def test_github_annotations(project, run):
    write(project / "t.sql", TRICKY)
    lines = run("lint", "--format", "github", "t.sql").stdout.splitlines()
    assert lines[0].startswith(
        f"::warning file=t.sql,line=2,col={LIKE_COLUMN},endLine=2,endColumn={LIKE_END},"
        "title=CDI306 (leading-wildcard-like)::CDI306 "
    )


def test_github_escapes_properties_and_message(project, run):
    write(project / "a,b:c.sql", "SELECT id FROM users\n")
    line = run("lint", "--format", "github", "a,b:c.sql").stdout.splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac.sql,line=1,")
    assert "\n" not in line


def test_junit_has_one_testcase_per_file_and_a_failure_per_diagnostic(project, run):
    write(project / "ok.sql", CLEAN)
    write(project / "f.sql", FIXABLE)
    result = run("lint", "--format", "junit", "ok.sql", "f.sql")
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"ok.sql", "f.sql"}
    assert cases["ok.sql"].find("failure") is None
    failures = cases["f.sql"].findall("failure")
    assert sorted(f.get("type", "").split()[0] for f in failures) == ["CDI101", "CDI103"]
    assert all((f.text or "").startswith("f.sql:1:") for f in failures)


def test_output_file_receives_the_report(project, run):
    write(project / "f.sql", FIXABLE)
    result = run("lint", "--format", "sarif", "-o", "out/report.sarif", "f.sql")
    assert result.exit_code == 1
    assert result.stdout == ""
    log = json.loads((project / "out" / "report.sarif").read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == 2
