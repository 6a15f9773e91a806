"""Where cdisql keeps the user's state, per platformdirs (honours ``XDG_*``).

- config dir: the sources file (``sources.json``)
- data dir: build history (``builds/``) and the demo warehouse (``demo/``)
- cache dir: discovered catalogs (``catalogs/NAME.json``)

The folders are computed on every call, so a change of ``XDG_CONFIG_HOME`` (tests,
a user isolating state) takes effect at once.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "cdisql"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def sources_file() -> Path:
    """The user's sources store."""
    return config_dir() / "sources.json"


def catalogs_dir() -> Path:
    return cache_dir() / "catalogs"


def catalog_file(source_name: str) -> Path:
    return catalogs_dir() / f"{source_name}.json"


def builds_dir() -> Path:
    return data_dir() / "builds"


def demo_dir() -> Path:
    return data_dir() / "demo"
