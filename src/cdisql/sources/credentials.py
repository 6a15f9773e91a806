"""Where secrets come from: environment variables and private files, nothing else.

A source's settings name *where* a secret lives (``password_env``, ``token_env``,
``private_key_file``, ``private_key_passphrase_env``, ``credentials_file``); these
helpers read it at connect time and refuse a file that group or others can read. The
values read are handed to :func:`cdisql.sources.errors.scrub` so that no message ever
repeats them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cdisql.fileio import InsecureFileError, check_private
from cdisql.sources.base import ConnectError
from cdisql.sources.errors import register_secret


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


ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""What an environment variable's name may be (POSIX): letters, digits and ``_``."""


def env_name_problem(setting_name: str, value: Any) -> str | None:
    """Why ``value`` cannot be the variable a ``*_env`` setting names, or None.

    The message never repeats the value: a value that is not a variable name is most
    likely the secret itself, pasted in the wrong place."""
    if isinstance(value, str) and ENV_NAME.fullmatch(value):
        return None
    option = "--" + setting_name.replace("_", "-")
    return (
        f"{setting_name} ({option}) must be the NAME of an environment variable (letters, "
        "digits and _, not starting with a digit); the value given is not one, so it was "
        "neither stored nor shown (was it the secret itself?): export the secret in a "
        f"variable and give its name, e.g. {option} MY_SECRET"
    )


def env_secret(variable: str | None, *, what: str, setting_name: str) -> str:
    """The secret held by environment variable ``variable``; a clear error when unset."""
    if variable and (problem := env_name_problem(setting_name, variable)):
        raise ConnectError(problem)
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
    register_secret(value)
    return value


def optional_env_secret(variable: str | None) -> str | None:
    if not variable or env_name_problem("_env", variable):
        return None
    value = os.environ.get(str(variable)) or None
    register_secret(value)
    return value


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
        data = path.read_bytes()
    except OSError as error:
        raise ConnectError(f"cannot read {what} file {path}: {error.strerror}") from None
    register_secret(data)
    return data
