"""The platform's facts cdisql relies on, read from ``data/platform.json``.

Egress IPs per region, the maximum-runtime bounds, the preview limits and the grants the
platform's documentation lists live in that one data file, each section naming its
source; the code that uses a fact (``setup-sql``'s allow-lists, :class:`MaxRuntime`,
previews) and the tests read it there, so a change of the documentation is one edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Region:
    name: str
    instances: str
    """The dashboard instances it serves, e.g. ``US-01 to US-07``."""
    ips: tuple[str, ...]


@dataclass(frozen=True)
class PlatformFacts:
    regions: dict[str, Region]
    platform_min_runtime_s: float
    platform_max_runtime_s: float
    cdisql_min_runtime_s: float
    preview_max_rows: int
    preview_max_seconds: float
    grants: dict[str, Any]
    """Per warehouse: what the documentation grants, as written there (see the file)."""


def raw_facts() -> dict[str, Any]:
    """The data file as parsed JSON (with its ``source`` notes)."""
    text = resources.files("cdisql").joinpath("data/platform.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def platform_facts() -> PlatformFacts:
    data = raw_facts()
    regions = {
        name: Region(name, str(region["instances"]), tuple(region["ips"]))
        for name, region in data["egress_ips"]["regions"].items()
    }
    runtime, preview = data["max_runtime"], data["preview"]
    return PlatformFacts(
        regions=regions,
        platform_min_runtime_s=float(runtime["platform_min_seconds"]),
        platform_max_runtime_s=float(runtime["platform_max_seconds"]),
        cdisql_min_runtime_s=float(runtime["cdisql_min_seconds"]),
        preview_max_rows=int(preview["max_rows"]),
        preview_max_seconds=float(preview["max_seconds"]),
        grants=data["grants"],
    )
