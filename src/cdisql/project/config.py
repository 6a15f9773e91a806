"""Project settings: ``cdisql.toml`` or ``[tool.cdisql]`` in ``pyproject.toml``.

The file is found by walking up from the linted file (or folder). In ``cdisql.toml``
the keys sit at the top level; in ``pyproject.toml`` under ``[tool.cdisql]``::

    dialect = "snowflake"            # snowflake | redshift | bigquery | databricks | duckdb
    catalog = "catalogs/prod.json"   # relative to this file
    source = "prod"                  # a configured connected source

    [lint]
    select = ["ALL"]                 # codes or prefixes (CDI3 = every cost rule)
    ignore = ["CDI308"]
    exclude = ["build/", "legacy/**/*.sql"]   # gitignore-style, relative to this file

    [lint.severity]
    CDI306 = "error"

    [lint.per-file-ignores]
    "scratch/*.sql" = ["CDI301", "CDI303"]

    [validate]                       # budgets `cdisql validate` checks (CDI402)
    max_bytes = "50GB"               # B, KB, MB, GB, TB, PB (1000s) or KiB … PiB (1024s)
    max_rows = 100_000_000           # rows the plan's scans read

Unknown keys and bad values raise :class:`ConfigError` naming the file, the key and,
when it can be found, the line. The language server and the CLI both read settings
through :func:`find_project_config`, :func:`load_project_config` and
:meth:`ProjectConfig.lint_settings_for`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdisql.fileio import read_regular_bytes
from cdisql.limits import MAX_CONFIG_BYTES, parse_size
from cdisql.lint.diagnostics import Severity
from cdisql.lint.settings import LintSettings

if TYPE_CHECKING:
    import pathspec

    from cdisql.sources.validate import Budget

CONFIG_FILENAME = "cdisql.toml"
PYPROJECT_FILENAME = "pyproject.toml"

_TOP_KEYS = ("dialect", "catalog", "source", "lint", "validate")
_VALIDATE_KEYS = ("max_bytes", "max_rows")
_LINT_KEYS = ("select", "ignore", "severity", "per-file-ignores", "exclude")
# compiled on first use (by re's cache): most runs never need them
_CODE_PATTERN = r"^(ALL|CDI\d{0,3})$"
_FULL_CODE = r"^CDI\d{3}$"
_PYPROJECT_TABLE = r"^\s*\[\s*tool\s*\.\s*cdisql\s*[\].]"


class ConfigError(ValueError):
    """A settings file that cannot be used; the message names the file, key and line."""


@dataclass(frozen=True)
class LintConfig:
    """The ``[lint]`` table."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(glob, codes)`` pairs, globs gitignore-style relative to the project root."""
    exclude: tuple[str, ...] = ()
    """gitignore-style patterns, relative to the project root."""


@dataclass(frozen=True)
class ValidateConfig:
    """The ``[validate]`` table: what a segment may cost (``cdisql validate``, CDI402)."""

    max_bytes: int | None = None
    max_rows: int | None = None


@dataclass(frozen=True)
class ProjectConfig:
    """Settings of one project. ``path`` is None for the defaults (no file found)."""

    path: Path | None
    root: Path
    """The folder holding the settings file: relative paths and globs start here."""
    dialect: str | None = None
    catalog_path: Path | None = None
    source: str | None = None
    lint: LintConfig = field(default_factory=LintConfig)
    validate: ValidateConfig = field(default_factory=ValidateConfig)
    source_database: str | None = None
    """Database/project of the connected source, once the CLI or server resolved it."""
    source_schema: str | None = None

    @classmethod
    def default(cls, root: Path | None = None) -> ProjectConfig:
        return cls(path=None, root=(root or Path.cwd()).resolve())

    @property
    def origin(self) -> str:
        """How to name these settings in a message."""
        return str(self.path) if self.path else "defaults"

    def budget(self) -> Budget:
        """The ``[validate]`` budget, named after these settings (for the message)."""
        from cdisql.sources.validate import Budget

        limits = self.validate
        return Budget(limits.max_bytes, limits.max_rows, f"[validate] in {self.origin}")

    def with_overrides(
        self,
        *,
        dialect: str | None = None,
        catalog_path: Path | None = None,
        source: str | None = None,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] | None = None,
        source_database: str | None = None,
        source_schema: str | None = None,
    ) -> ProjectConfig:
        """These settings with command-line values (those not None) taking precedence."""
        lint = self.lint
        if select is not None:
            lint = replace(lint, select=tuple(select))
        if ignore is not None:
            lint = replace(lint, ignore=tuple(ignore))
        return replace(
            self,
            dialect=dialect if dialect is not None else self.dialect,
            catalog_path=catalog_path if catalog_path is not None else self.catalog_path,
            source=source if source is not None else self.source,
            lint=lint,
            source_database=source_database
            if source_database is not None
            else self.source_database,
            source_schema=source_schema if source_schema is not None else self.source_schema,
        )

    # -- per file ----------------------------------------------------------------------
    def relative(self, file: Path) -> str | None:
        """``file`` relative to the root, POSIX style; None when outside the project."""
        try:
            return Path(_absolute(file)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def is_excluded(self, file: Path, *, is_dir: bool = False) -> bool:
        """True when ``file`` (or one of its folders) matches an ``exclude`` pattern."""
        if not self.lint.exclude:
            return False
        rel = self.relative(file)
        if rel is None or rel == ".":
            return False
        spec = _spec(self.lint.exclude)
        if spec.match_file(rel + "/" if is_dir else rel):
            return True
        # a folder pattern such as "build/" matches the folder, so every file below it
        parts = rel.split("/")
        return any(spec.match_file("/".join(parts[:i]) + "/") for i in range(1, len(parts)))

    def ignored_codes_for(self, file: Path) -> tuple[str, ...]:
        """Codes the ``per-file-ignores`` entries add for ``file``."""
        if not self.lint.per_file_ignores:
            return ()
        rel = self.relative(file)
        if rel is None:
            return ()
        codes: list[str] = []
        for pattern, pattern_codes in self.lint.per_file_ignores:
            if _spec((pattern,)).match_file(rel):
                codes.extend(c for c in pattern_codes if c not in codes)
        return tuple(codes)

    def lint_settings_for(self, file: Path | None = None) -> LintSettings:
        """The :class:`LintSettings` to lint ``file`` with (per-file-ignores applied)."""
        extra = self.ignored_codes_for(file) if file is not None else ()
        return LintSettings(
            select=self.lint.select,
            ignore=self.lint.ignore + tuple(c for c in extra if c not in self.lint.ignore),
            severity=dict(self.lint.severity),
            source_database=self.source_database,
            source_schema=self.source_schema,
        )


def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


_SPECS: dict[tuple[str, ...], pathspec.GitIgnoreSpec] = {}


def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    spec = _SPECS.get(patterns)
    if spec is None:
        import pathspec

        spec = _SPECS[patterns] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec


def parse_code(value: str, *, prefix_ok: bool = True) -> str:
    """A rule code (``CDI104``) or prefix (``CDI3``, ``ALL``), upper-cased.

    Raises :class:`ValueError` for anything else, or for a full code no rule has.
    """
    code = value.strip().upper()
    pattern = _CODE_PATTERN if prefix_ok else _FULL_CODE
    if not re.match(pattern, code, re.IGNORECASE):
        what = "a rule code or prefix (CDI104, CDI3, ALL)" if prefix_ok else "a rule code"
        raise ValueError(f"{value!r} is not {what}")
    if re.match(_FULL_CODE, code, re.IGNORECASE):
        from cdisql.lint.registry import all_rules

        known = [r.code for r in all_rules()]
        if code not in known:
            import difflib

            close = difflib.get_close_matches(code, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ValueError(f"unknown rule code {value!r}{hint}")
    return code


# -- discovery -------------------------------------------------------------------------
def find_project_config(start: Path) -> Path | None:
    """The nearest ``cdisql.toml`` (or ``pyproject.toml`` with ``[tool.cdisql]``).

    Walks up from ``start`` (a file or a folder) to the filesystem root; in one folder
    ``cdisql.toml`` wins over ``pyproject.toml``.
    """
    here = _absolute(start)
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILENAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT_FILENAME
        if pyproject.is_file() and _pyproject_has_table(pyproject):
            return pyproject
    return None


def _pyproject_has_table(path: Path) -> bool:
    try:
        data = read_regular_bytes(path, limit=MAX_CONFIG_BYTES, what="a pyproject.toml")
    except OSError:
        return False
    text = data.decode("utf-8", errors="replace")
    return bool(re.search(_PYPROJECT_TABLE, text, re.MULTILINE))


def discover_project_config(start: Path) -> ProjectConfig:
    """The settings that apply at ``start``: the nearest file's, or the defaults."""
    found = find_project_config(start)
    if found is None:
        here = _absolute(start)
        return ProjectConfig.default(here if here.is_dir() else here.parent)
    return load_project_config(found)


# -- loading ---------------------------------------------------------------------------
def load_project_config(path: Path) -> ProjectConfig:
    """Read and validate a ``cdisql.toml`` or a ``pyproject.toml``'s ``[tool.cdisql]``."""
    path = _absolute(Path(path))
    try:
        data = read_regular_bytes(path, limit=MAX_CONFIG_BYTES, what="a settings file")
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: settings file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read settings file: {error.strerror}") from None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT_FILENAME:
        prefix = ("tool", "cdisql")
        table = data.get("tool", {}).get("cdisql")
        if table is None:
            raise ConfigError(f"{path}: no [tool.cdisql] table")
        data = table
    return _Reader(path, text, prefix).read(data)


class _Reader:
    """Validates one settings table, with errors naming file, key and line."""

    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.text = text
        self.prefix = prefix

    # -- errors --------------------------------------------------------------------------
    def error(self, keys: tuple[str, ...], message: str) -> ConfigError:
        line = self._line_of(keys)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = ".".join(_toml_key(k) for k in (*self.prefix, *keys))
        return ConfigError(f"{where}: {name}: {message}" if keys else f"{where}: {message}")

    def _line_of(self, keys: tuple[str, ...]) -> int | None:
        """Best-effort 1-based line of a key: its ``key =`` line inside its table."""
        if not keys:
            return None
        lines = self.text.splitlines()
        full = (*self.prefix, *keys)
        for n in range(len(full) - 1, len(self.prefix) - 1, -1):
            header, first = full[:n], full[n]
            if header:
                found = _find_header(lines, header)
                if found is None:
                    continue
                begin = found + 1
            else:
                begin = 0
            key_re = re.compile(
                rf"^\s*(?:{re.escape(first)}|\"{re.escape(first)}\"|'{re.escape(first)}')\s*[=.]"
            )
            for i in range(begin, len(lines)):
                if lines[i].lstrip().startswith("["):
                    break
                if key_re.match(lines[i]):
                    return i + 1
        found = _find_header(lines, full)
        return found + 1 if found is not None else None

    # -- values --------------------------------------------------------------------------
    def read(self, data: dict[str, Any]) -> ProjectConfig:
        self.unknown_keys((), data, _TOP_KEYS)
        root = self.path.parent
        dialect = self.dialect(data.get("dialect"))
        catalog_path: Path | None = None
        if "catalog" in data:
            catalog = self.string(("catalog",), data["catalog"])
            catalog_path = (root / Path(catalog).expanduser()).resolve()
        source = None
        if "source" in data:
            source = self.string(("source",), data["source"])
            from cdisql.sources.model import SourceError, validate_source_name

            try:
                validate_source_name(source)
            except SourceError as error:
                raise self.error(("source",), str(error)) from None
        lint = self.lint(data.get("lint", {}))
        return ProjectConfig(
            path=self.path,
            root=root,
            dialect=dialect,
            catalog_path=catalog_path,
            source=source,
            lint=lint,
            validate=self.validate(data.get("validate", {})),
        )

    def validate(self, value: Any) -> ValidateConfig:
        if not isinstance(value, dict):
            raise self.error(("validate",), f"must be a table, not {_describe(value)}")
        self.unknown_keys(("validate",), value, _VALIDATE_KEYS)
        max_bytes = max_rows = None
        if "max_bytes" in value:
            try:
                max_bytes = parse_size(value["max_bytes"])
            except ValueError as error:
                raise self.error(("validate", "max_bytes"), str(error)) from None
        if "max_rows" in value:
            rows = value["max_rows"]
            if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
                raise self.error(
                    ("validate", "max_rows"), f"must be a whole number, not {_describe(rows)}"
                )
            max_rows = rows
        return ValidateConfig(max_bytes, max_rows)

    def unknown_keys(self, keys: tuple[str, ...], table: dict[str, Any], known: tuple[str, ...]):
        for key in table:
            if key not in known:
                import difflib

                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise self.error((*keys, key), f"unknown setting{hint}; known: {', '.join(known)}")

    def string(self, keys: tuple[str, ...], value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(keys, f"must be a non-empty string, not {_describe(value)}")
        return value.strip()

    def dialect(self, value: Any) -> str | None:
        if value is None:
            return None
        name = self.string(("dialect",), value)
        from cdisql.dialects import UnknownDialectError, get_warehouse

        try:
            return get_warehouse(name).kind
        except UnknownDialectError as error:
            raise self.error(("dialect",), str(error)) from None

    def codes(self, keys: tuple[str, ...], value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(keys, f"must be a list of rule codes, not {_describe(value)}")
        return tuple(self.code(keys, v, prefix_ok=True) for v in value)

    def code(self, keys: tuple[str, ...], value: str, *, prefix_ok: bool) -> str:
        try:
            return parse_code(value, prefix_ok=prefix_ok)
        except ValueError as error:
            raise self.error(keys, str(error)) from None

    def lint(self, value: Any) -> LintConfig:
        if not isinstance(value, dict):
            raise self.error(("lint",), f"must be a table, not {_describe(value)}")
        self.unknown_keys(("lint",), value, _LINT_KEYS)
        select = self.codes(("lint", "select"), value["select"]) if "select" in value else ("ALL",)
        ignore = self.codes(("lint", "ignore"), value["ignore"]) if "ignore" in value else ()
        severity: dict[str, Severity] = {}
        raw_severity = value.get("severity", {})
        if not isinstance(raw_severity, dict):
            raise self.error(
                ("lint", "severity"),
                f'must be a table of CODE = "error"|"warning"|"info", not {_describe(raw_severity)}',
            )
        for key, level in raw_severity.items():
            keys = ("lint", "severity", key)
            code = self.code(keys, key, prefix_ok=False)
            if not isinstance(level, str):
                raise self.error(
                    keys, f'must be "error", "warning" or "info", not {_describe(level)}'
                )
            try:
                severity[code] = Severity.parse(level)
            except ValueError as error:
                raise self.error(keys, str(error)) from None
        per_file: list[tuple[str, tuple[str, ...]]] = []
        raw_per_file = value.get("per-file-ignores", {})
        if not isinstance(raw_per_file, dict):
            raise self.error(
                ("lint", "per-file-ignores"),
                f'must be a table of "glob" = [codes], not {_describe(raw_per_file)}',
            )
        for pattern, codes in raw_per_file.items():
            keys = ("lint", "per-file-ignores", pattern)
            self.pattern(keys, pattern)
            per_file.append((pattern, self.codes(keys, codes)))
        exclude: tuple[str, ...] = ()
        if "exclude" in value:
            raw = value["exclude"]
            if isinstance(raw, str):
                raw = [raw]
            if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
                raise self.error(
                    ("lint", "exclude"), f"must be a list of path patterns, not {_describe(raw)}"
                )
            for pattern in raw:
                self.pattern(("lint", "exclude"), pattern)
            exclude = tuple(raw)
        return LintConfig(select, ignore, severity, tuple(per_file), exclude)

    def pattern(self, keys: tuple[str, ...], pattern: str) -> None:
        if not pattern.strip():
            raise self.error(keys, "empty path pattern")
        try:
            _spec((pattern,))
        except Exception as error:
            raise self.error(keys, f"invalid path pattern {pattern!r}: {error}") from None


def _find_header(lines: list[str], keys: tuple[str, ...]) -> int | None:
    parts = r"\s*\.\s*".join(
        rf"(?:{re.escape(k)}|\"{re.escape(k)}\"|'{re.escape(k)}')" for k in keys
    )
    header = re.compile(rf"^\s*\[\s*{parts}\s*\]")
    for i, line in enumerate(lines):
        if header.match(line):
            return i
    return None


def _toml_key(key: str) -> str:
    return key if re.match(r"^[A-Za-z0-9_-]+$", key) else f'"{key}"'


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list" if all(isinstance(v, str) for v in value) else "a list of non-strings"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
