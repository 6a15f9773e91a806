"""Replay an unchanged ``cdisql lint`` run: its output, without linting or importing click.

The content-hash cache (:mod:`cdisql.project.cache`) saves the parsing, but a run that
finds every file in it still pays for click, the settings and the renderer. So a
successful run (cache on, no stdin, no ``--fix``, no ``--output-file``, no source, no
warning or error) also records here what its output depended on, and the output itself:

- the command line after ``lint``, the current folder, whether the output is colored
  and a fingerprint of cdisql, sqlglot and the interpreter (the key);
- ``os.stat`` of every input: each linted file, each folder searched for ``*.sql``
  (adding, removing or renaming a file changes the folder), every place a settings file
  was or could have been found (``cdisql.toml`` / ``pyproject.toml`` up to the root,
  present or absent) and the catalog files.

A later run with the same key compares the inputs' size, modification time, change
time and inode (what git's index compares) and, when all match, prints the recorded
output and exits with the recorded code: no file is read, and nothing is imported
(the record is in :mod:`marshal`'s format: importing :mod:`json` would cost the
replay ~7 ms, most of it). A content change keeping all four is practically impossible: the change time
cannot be set from user space. A run whose inputs changed less than two seconds
before it started, or while it ran, is not recorded (timestamps can be coarse; this is
git's "racy" rule): the next run records it.

Each record is one small file next to the project's lint cache,
``<cache dir>/lint/<project>-<key>.run``, so a run reads only its own (or finds
none); the last :data:`MAX_RUNS` command lines per project are kept, within about
:data:`MAX_BYTES`.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing costs a cache hit ~5 ms
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

try:  # the blake2 module alone: hashlib would load OpenSSL first
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

RUN_FORMAT = 2
MAX_RUNS = 16
MAX_BYTES = 16_000_000
"""About the most the records of one project may take; the oldest go first."""
_SUFFIX = ".run"
RACY_NS = 2_000_000_000
"""Inputs changed this recently (or during the run) are not trusted to a timestamp."""

_FINGERPRINT: str | None = None


def cache_dir() -> str:
    """``platformdirs.user_cache_dir("cdisql")/lint``.

    On Linux computed as platformdirs does (``$XDG_CACHE_HOME`` or ``~/.cache``) without
    importing it: its imports cost ~5 ms of a one-file lint.
    """
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return os.path.join(base, "cdisql", "lint")
    from cdisql import paths

    return str(paths.cache_dir() / "lint")


def project_name(project: str) -> str:
    """The file name stem of a project's cache files (``project``: its absolute folder)."""
    return blake2b(project.encode(), digest_size=12).hexdigest()


def run_path(key: str, project: str | None = None) -> str:
    """The record of the run ``key`` of ``project`` (default: the current folder)."""
    project = project if project is not None else os.getcwd()
    return os.path.join(cache_dir(), f"{project_name(project)}-{key}{_SUFFIX}")


def recorded_runs(project: str | None = None) -> list[str]:
    """The record files of ``project``, oldest first."""
    project = project if project is not None else os.getcwd()
    prefix = project_name(project) + "-"
    folder = cache_dir()
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(_SUFFIX)]
    except OSError:
        return []
    found: list[tuple[int, str]] = []
    for name in names:
        path = os.path.join(folder, name)
        try:
            found.append((os.stat(path).st_mtime_ns, path))
        except OSError:
            continue
    return [path for _, path in sorted(found)]


def fingerprint() -> str:
    """cdisql's version and sources, sqlglot's version and the interpreter."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from cdisql import __version__

        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        h = blake2b(f"{__version__}\0{sys.version}\0".encode(), digest_size=16)
        for folder, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    h.update(f"{folder}/{name}:{_stat(os.path.join(folder, name))};".encode())
        h.update(_sqlglot_stamp().encode())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def _sqlglot_stamp() -> str:
    """Size and time of sqlglot's version files, found without importing sqlglot."""
    # what importlib.util.find_spec does for a top-level package (importing it costs
    # the replay ~2.5 ms: contextlib, collections, functools)
    spec = None
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        if find is None:
            continue
        try:
            spec = find("sqlglot", None)
        except Exception:  # a finder that cannot tell
            continue
        if spec is not None:
            break
    if spec is None or not spec.origin:
        return "sqlglot:?"
    folder = os.path.dirname(spec.origin)
    stamps = [
        f"{name}:{_stat(os.path.join(folder, name))}" for name in ("_version.py", "__init__.py")
    ]
    return f"sqlglot@{folder}:" + ";".join(stamps)


def _stat(path: str) -> list[int] | None:
    """What identifies a version of a file or folder; None when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode >> 12]


def run_key(args: Iterable[str], color: bool, cwd: str | None = None) -> str:
    parts = (list(args), cwd if cwd is not None else os.getcwd(), color, fingerprint())
    return blake2b(repr(parts).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def _load(path: str) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as handle:
            data = marshal.loads(handle.read())
    except Exception:  # unreadable or damaged: a record only ever saves time
        return None
    if not isinstance(data, dict) or data.get("format") != RUN_FORMAT:
        return None
    return data


def replay(args: list[str], color: bool) -> tuple[str, int] | None:
    """The output and exit code of the recorded run of ``args``, when nothing changed."""
    run = _load(run_path(run_key(args, color)))
    if run is None:
        return None
    try:
        inputs = run["inputs"]
        output, code = run["output"], run["code"]
        for path, recorded in inputs:
            if _stat(path) != recorded:
                return None
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(output, str) or not isinstance(code, int):
        return None
    return output, code


def record(
    args: list[str],
    color: bool,
    inputs: Iterable[str],
    output: str,
    code: int,
    *,
    started_ns: int,
) -> bool:
    """Remember a run's output; False when an input is too recent to be trusted."""
    import time

    if len(output) > MAX_BYTES // 2:
        return False  # a report this long takes longer to store than to render
    stats: list[tuple[str, list[int] | None]] = []
    limit = min(started_ns, time.time_ns()) - RACY_NS
    for path in dict.fromkeys(inputs):
        st = _stat(path)
        if st is not None and (st[1] >= limit or st[2] >= limit):
            return False
        stats.append((path, st))
    path = run_path(run_key(args, color))
    payload = {"format": RUN_FORMAT, "inputs": stats, "output": output, "code": code}
    from cdisql.fileio import atomic_write_bytes

    try:  # readers see the old record or the new one, never half
        atomic_write_bytes(path, marshal.dumps(payload), durable=False)
    except (OSError, ValueError):
        return False  # a record that cannot be written only costs speed next time
    _prune(path)
    return True


def _prune(keep: str) -> None:
    """Drop the project's oldest records beyond :data:`MAX_RUNS` / :data:`MAX_BYTES`."""
    import contextlib

    runs = recorded_runs()
    sizes: dict[str, int] = {}
    for run in runs:
        try:
            sizes[run] = os.stat(run).st_size
        except OSError:
            sizes[run] = 0
    total = sum(sizes.values())
    for run in runs:
        if len(runs) <= MAX_RUNS and total <= MAX_BYTES:
            break
        if run == keep:
            continue
        with contextlib.suppress(OSError):  # another run may have removed it
            os.unlink(run)
        runs = [r for r in runs if r != run]
        total -= sizes[run]
