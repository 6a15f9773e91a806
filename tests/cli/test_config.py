"""Project settings: discovery, precedence between files, per-file settings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdisql.lint.diagnostics import Severity
from cdisql.project.config import (
    ConfigError,
    ProjectConfig,
    discover_project_config,
    find_project_config,
    load_project_config,
)
from cli.support import write


def test_nearest_settings_file_wins(tmp_path: Path):
    outer = write(tmp_path / "cdisql.toml", 'dialect = "snowflake"\n')
    inner = write(tmp_path / "team" / "cdisql.toml", 'dialect = "bigquery"\n')
    write(tmp_path / "team" / "seg" / "a.sql", "")
    assert find_project_config(tmp_path / "team" / "seg" / "a.sql") == inner.resolve()
    assert find_project_config(tmp_path / "other.sql") == outer.resolve()
    assert discover_project_config(tmp_path / "team" / "seg").dialect == "bigquery"


def test_cdisql_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path):
    write(tmp_path / "pyproject.toml", '[tool.cdisql]\ndialect = "redshift"\n')
    toml = write(tmp_path / "cdisql.toml", 'dialect = "duckdb"\n')
    assert find_project_config(tmp_path) == toml.resolve()


def test_pyproject_without_a_cdisql_table_is_passed_over(tmp_path: Path):
    outer = write(tmp_path / "pyproject.toml", '[tool.cdisql]\ndialect = "redshift"\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n')
    found = find_project_config(tmp_path / "pkg" / "q.sql")
    assert found == outer.resolve()
    config = load_project_config(found)
    assert config.dialect == "redshift" and config.root == tmp_path.resolve()


def test_no_settings_file_gives_the_defaults(tmp_path: Path):
    config = discover_project_config(tmp_path)
    assert config.path is None
    settings = config.lint_settings_for(tmp_path / "a.sql")
    assert settings.select == ("ALL",) and settings.ignore == ()


def test_every_key_is_read(tmp_path: Path):
    path = write(
        tmp_path / "cdisql.toml",
        """
dialect = "Snowflake"
catalog = "catalogs/prod.json"
source = "prod"

[lint]
select = ["CDI1", "CDI3"]
ignore = ["cdi308"]
exclude = ["build/"]

[lint.severity]
CDI306 = "error"

[lint.per-file-ignores]
"legacy/*.sql" = ["CDI301", "CDI303"]
""",
    )
    config = load_project_config(path)
    assert config.dialect == "snowflake"
    assert config.catalog_path == (tmp_path / "catalogs" / "prod.json").resolve()
    assert config.source == "prod"
    assert config.lint.select == ("CDI1", "CDI3")
    assert config.lint.ignore == ("CDI308",)
    assert config.lint.severity == {"CDI306": Severity.ERROR}
    legacy = config.lint_settings_for(tmp_path / "legacy" / "old.sql")
    assert legacy.ignore == ("CDI308", "CDI301", "CDI303")
    assert legacy.severity_for("CDI306", Severity.WARNING) is Severity.ERROR
    assert config.lint_settings_for(tmp_path / "new.sql").ignore == ("CDI308",)
    assert config.is_excluded(tmp_path / "build" / "x" / "y.sql")
    assert not config.is_excluded(tmp_path / "src" / "y.sql")


def test_overrides_replace_only_what_is_given(tmp_path: Path):
    config = ProjectConfig.default(tmp_path)
    changed = config.with_overrides(dialect="bigquery", ignore=("CDI3",))
    assert changed.dialect == "bigquery"
    assert changed.lint.ignore == ("CDI3",) and changed.lint.select == ("ALL",)
    assert changed.with_overrides().dialect == "bigquery"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('dialect = "snowflake"\nwarehouse = "x"\n', ":2: warehouse: unknown setting"),
        ('dialect = "oracle"\n', ":1: dialect: unknown dialect 'oracle'"),
        ("dialect = 3\n", ":1: dialect: must be a non-empty string, not the number 3"),
        (
            '[lint]\nselect = "CDI1"\nignore = ["E501"]\n',
            ":3: lint.ignore: 'E501' is not a rule code",
        ),
        ('[lint]\nignore = ["CDI999"]\n', ":2: lint.ignore: unknown rule code 'CDI999'"),
        (
            '[lint.severity]\nCDI306 = "fatal"\n',
            ":2: lint.severity.CDI306: unknown severity 'fatal'",
        ),
        ('[lint.severity]\nCDI3 = "info"\n', ":2: lint.severity.CDI3: 'CDI3' is not a rule code"),
        (
            '[lint.per-file-ignores]\n"a/*.sql" = 1\n',
            ':2: lint.per-file-ignores."a/*.sql": must be a list',
        ),
        ('source = "bad name!"\n', ":1: source: invalid source name"),
        ("[lint\n", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_file_line_and_key(tmp_path: Path, text: str, expected: str):
    path = write(tmp_path / "cdisql.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_project_config(path)
    message = str(raised.value)
    assert message.startswith(str(path.resolve()))
    assert expected in message


def test_bad_pyproject_table_names_the_full_key(tmp_path: Path):
    path = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.cdisql]\ndialect = "duckdb"\n\n[tool.cdisql.lint]\nselekt = []\n',
    )
    with pytest.raises(
        ConfigError, match=r"pyproject.toml:8: tool\.cdisql\.lint\.selekt: unknown setting"
    ):
        load_project_config(path)


def test_non_utf8_settings_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "cdisql.toml"
    path.write_bytes(b'dialect = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_project_config(path)
