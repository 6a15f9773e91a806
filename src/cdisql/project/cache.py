"""Content-hash cache of lint results, so an unchanged tree re-lints in a blink.

An entry's key hashes everything a result depends on: the file's text, the dialect,
the lint settings, the catalog's content and the linter itself (cdisql's version and
the size and modification time of its analysis and rule modules, so an edited rule
never serves stale results). Entries of one project live in one JSON file under
``platformdirs.user_cache_dir("cdisql")/lint/`` (``XDG_CACHE_HOME`` is honoured): one
read per run, one atomic write under a file lock that merges what concurrent runs
wrote.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from cdisql import __version__
from cdisql.fileio import atomic_write_text, locked
from cdisql.lint.settings import LintSettings
from cdisql.project.records import (  # noqa: F401  (re-exported: the cache's record format)
    diagnostic_from_record,
    diagnostic_to_record,
    records_to_diagnostics,
)

try:  # the blake2 module alone: hashlib would load OpenSSL first, a cost on every run
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

CACHE_FORMAT = 1
MAX_ENTRIES = 20_000
"""Entries kept per project file; the least recently used go first."""

_ENGINE_FINGERPRINT: str | None = None


def cache_root() -> Path:
    """``platformdirs.user_cache_dir("cdisql")/lint`` (see :func:`replay.cache_dir`)."""
    from cdisql.project.replay import cache_dir

    return Path(cache_dir())


# -- keys --------------------------------------------------------------------------------
def engine_fingerprint() -> str:
    """cdisql's version plus size and mtime of every module a lint result depends on."""
    global _ENGINE_FINGERPRINT
    if _ENGINE_FINGERPRINT is None:
        package = Path(__file__).resolve().parent.parent
        h = blake2b(__version__.encode(), digest_size=16)
        core = ("analysis.py", "dialects.py", "textindex.py")
        files = [package / name for name in core]
        files.append(package / "catalog" / "model.py")
        files.append(package / "project" / "records.py")
        for folder, _dirs, names in sorted(os.walk(package / "lint")):
            files.extend(Path(folder) / n for n in sorted(names) if n.endswith(".py"))
        for file in files:
            with contextlib.suppress(OSError):
                st = file.stat()
                h.update(f"{file.name}:{st.st_size}:{st.st_mtime_ns};".encode())
        # sqlglot's version without importing sqlglot (a cache hit never parses)
        with contextlib.suppress(Exception):
            import importlib.util

            spec = importlib.util.find_spec("sqlglot")
            if spec is not None and spec.origin:
                for name in ("_version.py", "__init__.py"):
                    st = (Path(spec.origin).parent / name).stat()
                    h.update(f"sqlglot/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
        _ENGINE_FINGERPRINT = h.hexdigest()
    return _ENGINE_FINGERPRINT


_SETTINGS_FINGERPRINTS: dict[int, tuple[LintSettings, str]] = {}


def settings_fingerprint(settings: LintSettings) -> str:
    known = _SETTINGS_FINGERPRINTS.get(id(settings))
    if known is not None and known[0] is settings:
        return known[1]
    fingerprint = _settings_fingerprint(settings)
    _SETTINGS_FINGERPRINTS[id(settings)] = (settings, fingerprint)
    return fingerprint


def _settings_fingerprint(settings: LintSettings) -> str:
    severity = sorted((code, int(level)) for code, level in settings.severity.items())
    return json.dumps(
        [
            list(settings.select),
            list(settings.ignore),
            severity,
            settings.source_database,
            settings.source_schema,
            settings.preview,
        ]
    )


def content_hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def cache_key(text: str, dialect: str, settings: LintSettings, catalog_hash: str | None) -> str:
    h = blake2b(digest_size=20)
    for part in (engine_fingerprint(), dialect, settings_fingerprint(settings), catalog_hash or ""):
        h.update(part.encode())
        h.update(b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# -- the store ---------------------------------------------------------------------------
class LintCache:
    """One project's entries: ``key -> list of diagnostic records``."""

    def __init__(self, project: Path, directory: Path | None = None) -> None:
        directory = directory or cache_root()
        from cdisql.project.replay import project_name

        self.path = directory / f"{project_name(str(project))}.json"
        self._entries: dict[str, list[dict[str, Any]]] | None = None
        self._used: dict[str, list[dict[str, Any]]] = {}
        self._dirty = False

    def _load(self) -> dict[str, list[dict[str, Any]]]:
        if self._entries is None:
            self._entries = _read(self.path)
        return self._entries

    def get(self, key: str) -> list[dict[str, Any]] | None:
        records = self._load().get(key)
        if records is not None:
            self._used[key] = records
        return records

    def put(self, key: str, records: list[dict[str, Any]]) -> None:
        self._load()[key] = records
        self._used[key] = records
        self._dirty = True

    def save(self) -> None:
        """Merge with what is on disk (another run may have written) and write atomically."""
        if not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with locked(self.path.with_name(self.path.name + ".lock")):
                merged = _read(self.path)
                for key in self._used:
                    merged.pop(key, None)  # re-inserted last: most recently used
                merged.update(self._used)
                if len(merged) > MAX_ENTRIES:
                    merged = dict(list(merged.items())[-MAX_ENTRIES:])
                payload = {"format": CACHE_FORMAT, "entries": merged}
                atomic_write_text(
                    self.path, json.dumps(payload, separators=(",", ":")), durable=False
                )
        except (OSError, TimeoutError):
            pass  # a cache that cannot be written only costs speed next time
        self._dirty = False


def _read(path: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}
