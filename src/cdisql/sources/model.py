"""A connected source as a value: type, the one schema it reads, max runtime, state."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from cdisql.dialects import DIALECTS, Warehouse, get_warehouse
from cdisql.platform import platform_facts

SOURCE_TYPES: tuple[str, ...] = DIALECTS
"""Every warehouse kind a source can be (an adapter module each)."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


class SourceError(ValueError):
    """A source definition that cannot be used; the message says what to do."""


def validate_source_name(name: str) -> str:
    if not _NAME.match(name):
        raise SourceError(
            f"invalid source name {name!r}: use 1-63 letters, digits, '_', '-' or '.', "
            "starting with a letter or digit"
        )
    return name


_DURATION = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hours?|d|days?)?\s*$",
    re.I,
)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float | None:
    """Seconds in ``90s``, ``15m``, ``2h``, ``1d``, ``1.5m`` or a bare number of
    seconds; None when ``text`` is not a duration."""
    match = _DURATION.match(str(text))
    if not match:
        return None
    unit = (match.group(2) or "s").lower()
    return float(match.group(1)) * _UNIT_SECONDS["ms" if unit == "ms" else unit[0]]


@dataclass(frozen=True, order=True)
class MaxRuntime:
    """How long a segment query may run on a source: 1 second to 60 minutes."""

    seconds: float

    # the platform's bounds (data/platform.json); cdisql also takes caps under a minute
    MIN_SECONDS = platform_facts().cdisql_min_runtime_s
    MAX_SECONDS = platform_facts().platform_max_runtime_s

    def __post_init__(self) -> None:
        if not (self.MIN_SECONDS <= self.seconds <= self.MAX_SECONDS):
            raise SourceError(
                f"max runtime {_format_seconds(self.seconds)} is out of range: "
                f"choose between {_bounds()} (for example 90s, 15m, 1h)"
            )

    @property
    def below_platform_minimum(self) -> bool:
        """Shorter than the platform accepts (1 minute): fine for trying, not for real."""
        return self.seconds < platform_facts().platform_min_runtime_s

    @classmethod
    def parse(cls, value: str | int | float | MaxRuntime) -> MaxRuntime:
        """``90s``, ``15m``, ``1h``, ``1.5m`` or a number of seconds."""
        if isinstance(value, MaxRuntime):
            return value
        if isinstance(value, bool):
            raise SourceError(
                f"invalid max runtime {value!r}: write a duration such as 90s, 15m or 1h"
            )
        if isinstance(value, (int, float)):
            return cls(float(value))
        seconds = parse_duration(str(value))
        if seconds is None:
            raise SourceError(
                f"invalid max runtime {value!r}: write a duration such as 90s, 15m or 1h "
                f"(between {_bounds()})"
            )
        return cls(seconds)

    @classmethod
    def default(cls) -> MaxRuntime:
        return cls(cls.MAX_SECONDS)

    def __str__(self) -> str:
        return _format_seconds(self.seconds)


def _bounds() -> str:
    return f"{_format_seconds(MaxRuntime.MIN_SECONDS)} and {MaxRuntime.MAX_SECONDS / 60:g}m"


def _format_seconds(seconds: float) -> str:
    if seconds >= 60 and seconds % 3600 == 0:
        return f"{int(seconds // 3600)}h"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)}m"
    if float(seconds).is_integer():
        return f"{int(seconds)}s"
    return f"{seconds:g}s"


class SourceState(str, Enum):
    DRAFT = "draft"
    """Not yet tested successfully: cannot build."""
    ACTIVE = "active"


@dataclass(frozen=True)
class Source:
    """A connected source. ``settings`` holds non-secret connection settings only.

    Secrets are never values here: settings name where to read them (``password_env``,
    ``token_env``, ``private_key_file``, ``credentials_file``...).
    """

    name: str
    type: str
    schema: str
    """The one schema (BigQuery: dataset) the source reads."""
    database: str | None = None
    """Database (Snowflake/Redshift), project (BigQuery), catalog (Databricks), file (DuckDB)."""
    settings: Mapping[str, Any] = field(default_factory=dict)
    dialect: str | None = None
    """DuckDB only: the warehouse dialect the segments are written in (emulation)."""
    max_runtime: MaxRuntime = field(default_factory=MaxRuntime.default)
    state: SourceState = SourceState.DRAFT
    last_test: str | None = None
    """ISO-8601 UTC time of the last connection test."""
    last_test_ok: bool | None = None

    def __post_init__(self) -> None:
        validate_source_name(self.name)
        if self.type not in SOURCE_TYPES:
            raise SourceError(
                f"unknown source type {self.type!r}: choose one of {', '.join(SOURCE_TYPES)}"
            )
        if not self.schema:
            raise SourceError(f"source {self.name!r}: a schema (BigQuery: dataset) is required")
        if self.dialect is not None:
            get_warehouse(self.dialect)

    @property
    def warehouse(self) -> Warehouse:
        """The warehouse the queries run on."""
        return get_warehouse(self.type)

    @property
    def lint_warehouse(self) -> Warehouse:
        """The warehouse whose SQL the segments are written in (emulation on DuckDB)."""
        return get_warehouse(self.dialect or self.type)

    @property
    def scope(self) -> tuple[str | None, str]:
        """(database, schema) a segment on this source may read, as lint and the guard
        name them: a database that is a file is named after it (``w.duckdb`` -> ``w``)."""
        database = self.database
        if database and self.warehouse.database_file_title is not None:
            database = Path(database).stem
        return database, self.schema

    def account(self) -> str:
        """What identifies the account/cluster/file, for the one-schema-per-source rule."""
        s = self.settings
        for key in ("account", "host", "server_hostname", "project"):
            if s.get(key):
                return str(s[key]).lower()
        return str(self.database or "").lower()

    def location_key(self) -> tuple[str, str, str, str]:
        """Two sources with the same key read the same schema on the same account."""
        fold = self.warehouse.key
        return (self.type, self.account(), fold(self.database or ""), fold(self.schema))

    def with_changes(self, **changes: Any) -> Source:
        return replace(self, **changes)


def new_source(
    name: str,
    type_: str,
    *,
    schema: str | None = None,
    database: str | None = None,
    dialect: str | None = None,
    max_runtime: str = "60m",
    pairs: Sequence[str] = (),
    options: Mapping[str, Any] | None = None,
) -> Source:
    """A draft source from what ``cdisql sources add`` was given: ``pairs`` are its ``--set
    KEY=VALUE`` items, ``options`` the settings given as their own flags (name -> value).
    Values are converted to each setting's kind, defaults filled in, required settings
    checked against the type's adapter (:attr:`~cdisql.sources.base.Adapter.settings_spec`)."""
    from cdisql.sources.base import adapter_class

    if type_ not in SOURCE_TYPES:
        raise SourceError(f"unknown source type {type_!r}: choose one of {', '.join(SOURCE_TYPES)}")
    specs = {spec.name: spec for spec in adapter_class(type_).settings_spec}
    settings: dict[str, Any] = {}
    for item in pairs:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise SourceError(f"--set {item!r}: write KEY=VALUE")
        if specs and key not in specs:
            known = ", ".join(sorted(specs)) or "none"
            raise SourceError(f"--set {key}: not a {type_} setting (known: {known})")
        spec = specs.get(key)
        settings[key] = spec.convert(value) if spec is not None else value
    for key, value in (options or {}).items():
        if value is None:
            continue
        if key not in specs:
            raise SourceError(f"--{key.replace('_', '-')} is not a {type_} setting")
        settings[key] = specs[key].convert(value)
    for spec in specs.values():
        if spec.name not in settings and spec.default is not None:
            settings[spec.name] = spec.default
    missing = [spec.flag for spec in specs.values() if spec.required and spec.name not in settings]
    if missing:
        raise SourceError(
            f"a {type_} source needs {', '.join(missing)} (see `cdisql sources add --help`)"
        )
    # a flag left at its default "off" is not written down
    settings = {
        key: value
        for key, value in settings.items()
        if not (value is False and key in specs and specs[key].default is False)
    }
    warehouse = get_warehouse(type_)
    schema = schema or warehouse.default_schema
    if warehouse.database_file_title:
        if not database:
            raise SourceError(f"a {type_} source needs --database PATH (the database file)")
        database = str(Path(database).expanduser().resolve())
    if dialect and not warehouse.emulates_dialects:
        emulating = [kind for kind in SOURCE_TYPES if get_warehouse(kind).emulates_dialects]
        raise SourceError(f"--dialect is for {', '.join(emulating)} sources (SQL emulation) only")
    if not schema:
        raise SourceError("--schema is required (BigQuery: the dataset)")
    return Source(
        name=name,
        type=type_,
        schema=schema,
        database=database,
        settings=settings,
        dialect=dialect or None,
        max_runtime=MaxRuntime.parse(max_runtime or "60m"),
    )
