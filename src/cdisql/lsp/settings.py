"""The client's settings for cdisql, parsed once into a typed value.

Settings arrive as ``initializationOptions`` and as the ``cdisql`` section of
``workspace/configuration`` (per workspace folder), nested or with dotted keys::

    {"source": "prod", "dialect": "snowflake", "catalog": "catalogs/prod.json",
     "lint": {"select": ["ALL"], "ignore": ["CDI308"], "onChange": true},
     "build": {"maxRuntime": "15m"}}

A bad value never stops the server: it is reported (the face shows a message) and the
key falls back to its default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

KNOWN_KEYS = (
    "source",
    "dialect",
    "catalog",
    "lint.select",
    "lint.ignore",
    "lint.onChange",
    "build.maxRuntime",
)


@dataclass(frozen=True)
class ClientSettings:
    """Values the client set; None means "not set here" (a lower layer decides)."""

    source: str | None = None
    dialect: str | None = None
    catalog: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    lint_on_change: bool | None = None
    max_runtime: str | None = None

    def over(self, lower: ClientSettings) -> ClientSettings:
        """These settings, with ``lower``'s values where these are not set."""
        return ClientSettings(
            **{
                f.name: getattr(self, f.name)
                if getattr(self, f.name) is not None
                else getattr(lower, f.name)
                for f in fields(self)
            }
        )


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and name in ("lint", "build", "cdisql"):
            flat.update(_flatten(value, "" if name == "cdisql" else f"{name}."))
        else:
            flat[name] = value
    return flat


def parse_settings(data: Any, *, origin: str) -> tuple[ClientSettings, list[str]]:
    """``(settings, problems)``: every problem names ``origin`` and the key, and says what
    was used instead."""
    if data is None:
        return ClientSettings(), []
    if not isinstance(data, Mapping):
        return ClientSettings(), [
            f"{origin}: cdisql settings must be an object, not {type(data).__name__}; using defaults"
        ]
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in _flatten(data).items():
        if key not in KNOWN_KEYS:
            problems.append(
                f"{origin}: unknown setting 'cdisql.{key}' ignored (known: {', '.join(KNOWN_KEYS)})"
            )
            continue
        if value is None:
            continue
        try:
            values.update(_convert(key, value))
        except ValueError as error:
            problems.append(f"{origin}: 'cdisql.{key}' {error}; using the default")
    return ClientSettings(**values), problems


def _convert(key: str, value: Any) -> dict[str, Any]:
    if key in ("source", "dialect", "catalog"):
        if not isinstance(value, str):
            raise ValueError(f"must be a string, not {value!r}")
        if not value.strip():
            return {}
        if key == "dialect":
            from cdisql.dialects import get_warehouse

            get_warehouse(value)  # raises ValueError naming the choices
        return {key: value.strip()}
    if key in ("lint.select", "lint.ignore"):
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"must be a list of rule codes or prefixes, not {value!r}")
        return {key.split(".")[1]: tuple(v.strip().upper() for v in value)}
    if key == "lint.onChange":
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {value!r}")
        return {"lint_on_change": value}
    if key == "build.maxRuntime":
        from cdisql.sources.model import MaxRuntime

        try:
            runtime = MaxRuntime.parse(value)
        except ValueError as error:
            raise ValueError(str(error)) from None
        return {"max_runtime": str(runtime)}
    raise ValueError("is not a setting")  # pragma: no cover - guarded by KNOWN_KEYS
