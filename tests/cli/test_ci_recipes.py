"""The CI recipes in docs/ci/: every cdisql command they run is one this cdisql accepts
(each is parsed by the real command line, options and all), the pull-request jobs need
no credential, and the warehouse jobs read their keys from the CI's secret store."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from cdisql.cli import cli

ROOT = Path(__file__).resolve().parents[2]
RECIPES = {
    "github": ROOT / "docs" / "ci" / "github-actions.yml",
    "gitlab": ROOT / "docs" / "ci" / "gitlab-ci.yml",
}


def commands(text: str) -> list[str]:
    """Every ``cdisql …`` command line of a workflow file (comments left out;
    shell continuations and YAML folded blocks joined)."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("#"):
            i += 1
            continue
        body = re.sub(r"^(- )?(run: )?", "", stripped)
        if body in (">", "|", "- >") or stripped.endswith(("- >", ": |")):
            indent = len(line) - len(line.lstrip())
            block: list[str] = []
            i += 1
            while i < len(lines) and (
                not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent
            ):
                block.append(lines[i].strip())
                i += 1
            joined = " ".join(block) if stripped.endswith(">") else "\n".join(block)
            out.extend(_cdisql_lines(joined))
            continue
        out.extend(_cdisql_lines(body))
        i += 1
    return out


def _cdisql_lines(script: str) -> list[str]:
    script = script.replace("\\\n", " ")
    return [
        line.strip()
        for line in script.splitlines()
        if line.strip().startswith("cdisql ") and not line.strip().startswith("#")
    ]


def parse(command: str) -> click.Context:
    args = shlex.split(command)[1:]
    group: click.Command = cli
    ctx = group.make_context("cdisql", [], resilient_parsing=True)
    while isinstance(group, click.Group):
        name, args = args[0], args[1:]
        found = group.get_command(ctx, name)
        assert found is not None, f"{command}: no command {name!r}"
        group = found
        if not isinstance(group, click.Group):
            return group.make_context(name, list(args), parent=ctx)
        ctx = group.make_context(name, [], parent=ctx, resilient_parsing=True)
    raise AssertionError(command)


@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_every_cdisql_command_of_the_recipe_parses(recipe: str) -> None:
    found = commands(RECIPES[recipe].read_text(encoding="utf-8"))
    names = {" ".join(shlex.split(c)[1:3]) for c in found}
    assert {"lint segments", "catalog diff", "validate segments", "sources add"} <= names
    for command in found:
        parse(command)  # raises click.UsageError for an unknown option or value
    # the commented alternatives (BigQuery instead of Snowflake) too
    text = RECIPES[recipe].read_text(encoding="utf-8")
    alternatives = commands(re.sub(r"(?m)^(\s*)# ?", r"\1", text.split("\njobs:", 1)[-1]))
    bigquery = [c for c in alternatives if "--type bigquery" in c]
    assert bigquery and all("--credentials-file" in c for c in bigquery)
    for command in bigquery:
        parse(command)


def test_the_github_workflow_lints_pull_requests_without_credentials() -> None:
    text = RECIPES["github"].read_text(encoding="utf-8")
    jobs = text.split("\njobs:\n", 1)[1]
    lint, validate = jobs.split("\n  validate:\n", 1)
    assert "secrets." not in lint and "--format sarif" in lint and "upload-sarif" in lint
    assert "if: ${{ github.event_name != 'pull_request' }}" in validate
    assert "secrets.CDISQL_SNOWFLAKE_PRIVATE_KEY" in validate
    assert "secrets.CDISQL_BIGQUERY_KEY" in validate
    assert "umask 077" in validate and "upload-sarif" in validate
    assert "schedule:" in text and "branches: [main]" in text


def test_the_gitlab_example_lints_merge_requests_and_validates_on_schedule() -> None:
    text = RECIPES["gitlab"].read_text(encoding="utf-8")
    lint, validate = text.split("\ncdisql-validate:\n", 1)
    assert 'merge_request_event"' in lint and "CDISQL_" not in lint.split("cdisql-lint:")[1]
    assert '$CI_PIPELINE_SOURCE == "schedule"' in validate
    assert '--private-key-file "$CDISQL_SNOWFLAKE_KEY"' in validate
    assert "reports:\n      junit: cdisql-validate.xml" in validate
