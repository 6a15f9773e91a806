"""Where secrets come from: environment variables and private files, nothing else.

A source's settings name *where* a secret lives (``password_env``, ``token_env``,
``private_key_file``, ``private_key_passphrase_env``, ``credentials_file``); these
helpers read it at connect time and refuse a file that group or others can read. The
values read are handed to :func:`cdisql.sources.errors.scrub` so that no message ever
repeats them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cdisql.fileio import InsecureFileError, check_private
from cdisql.sources.base import ConnectError


def setting(settings: Mapping[str, Any], name: str, default: Any = None) -> Any:
    """A non-empty setting value, or ``default``."""
    value = settings.get(name)
    return default if value is None or value == "" else value


def required(settings: Mapping[str, Any], name: str, source_name: str, kind: str) -> str:
    value = setting(settings, name)
    if value is None:
        raise ConnectError(
            f"source {source_name!r} has no {name!r} setting",
            hint=f"set it with `cdisql sources add {source_name} --type {kind} "
            f"--{name.replace('_', '-')} VALUE --replace`",
        )
    return str(value)


def env_secret(variable: str | None, *, what: str, setting_name: str) -> str:
    """The secret held by environment variable ``variable``; a clear error when unset."""
    if not variable:
        raise ConnectError(
            f"no environment variable is named for the {what}",
            hint=f"set the {setting_name!r} setting to the name of a variable holding it",
        )
    value = os.environ.get(str(variable))
    if not value:
        raise ConnectError(
            f"environment variable {variable} (the {what}) is not set or empty",
            hint=f"export {variable}=… in the shell that runs cdisql",
        )
    return value


def optional_env_secret(variable: str | None) -> str | None:
    if not variable:
        return None
    return os.environ.get(str(variable)) or None


def private_file(
    path_value: str | os.PathLike[str] | None, *, what: str, setting_name: str
) -> Path:
    """``path_value`` as a path to an existing file that only its owner can read."""
    if not path_value:
        raise ConnectError(
            f"no file is named for the {what}",
            hint=f"set the {setting_name!r} setting to its path",
        )
    path = Path(os.path.expanduser(str(path_value)))
    if not path.is_file():
        raise ConnectError(f"{what} file {path} does not exist", hint=f"check {setting_name!r}")
    try:
        check_private(path)
    except InsecureFileError as error:
        raise ConnectError(str(error)) from None
    return path


def read_private_bytes(
    path_value: str | os.PathLike[str] | None, *, what: str, setting_name: str
) -> bytes:
    path = private_file(path_value, what=what, setting_name=setting_name)
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConnectError(f"cannot read {what} file {path}: {error.strerror}") from None
