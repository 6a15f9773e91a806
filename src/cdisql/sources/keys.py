"""RSA key pairs for key-pair authentication (Snowflake) and the Redshift SSH tunnel.

Keys are RSA 2048, the private half stored as PKCS#8 PEM in a 0600 file, encrypted
when a passphrase is given (read from an environment variable, never a setting). The
public half is shown the way the other side wants it: the base64 body for Snowflake's
``ALTER USER … SET RSA_PUBLIC_KEY='…'`` and an OpenSSH ``authorized_keys`` line for a
tunnel user. Both are derived from the private key file, so nothing else is stored.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cdisql import paths
from cdisql.dialects import SNOWFLAKE, get_warehouse
from cdisql.fileio import atomic_write_bytes, check_private
from cdisql.sources.base import KeyPairUse, adapter_class, adapter_for
from cdisql.sources.model import SOURCE_TYPES
from cdisql.sources.store import update_source

KEY_SIZE = 2048
PUBLIC_EXPONENT = 65537


class KeyFileError(ValueError):
    """A key file that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class PublicKey:
    """The public half of a key pair, in the forms the warehouses take."""

    der: bytes

    @property
    def snowflake_body(self) -> str:
        """Base64 DER (SubjectPublicKeyInfo) without PEM armour: the RSA_PUBLIC_KEY value."""
        return base64.b64encode(self.der).decode("ascii")

    @property
    def snowflake_fingerprint(self) -> str:
        """``SHA256:…`` as Snowflake shows it in ``DESC USER`` (RSA_PUBLIC_KEY_FP)."""
        return "SHA256:" + base64.b64encode(hashlib.sha256(self.der).digest()).decode("ascii")

    def openssh_line(self, comment: str = "cdisql") -> str:
        key = serialization.load_der_public_key(self.der)
        line = key.public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        ).decode("ascii")
        return f"{line} {comment}".strip()


def generate_private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=KEY_SIZE)


def private_key_pem(key: rsa.RSAPrivateKey, passphrase: str | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def public_key_of(key: rsa.RSAPrivateKey) -> PublicKey:
    return PublicKey(
        key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


def write_private_key(path: Path, key: rsa.RSAPrivateKey, passphrase: str | None = None) -> Path:
    """Write ``key`` as PKCS#8 PEM, 0600, atomically (an existing file is replaced)."""
    atomic_write_bytes(path, private_key_pem(key, passphrase), private=True)
    return path


def generate_key_file(path: Path, passphrase: str | None = None) -> PublicKey:
    """Create a new key pair at ``path`` (0600) and return its public half."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)  # a folder of keys: the owner's only
    key = generate_private_key()
    write_private_key(path, key, passphrase)
    return public_key_of(key)


def load_private_key(path: Path, passphrase: str | None = None) -> rsa.RSAPrivateKey:
    """Read a private key file, refusing one that group or others can read."""
    path = Path(os.path.expanduser(str(path)))
    if not path.is_file():
        raise KeyFileError(
            f"{path}: no such key file; create one with `cdisql keys generate SOURCE`"
        )
    check_private(path)
    data = path.read_bytes()
    try:
        key = serialization.load_pem_private_key(
            data, password=passphrase.encode("utf-8") if passphrase else None
        )
    except TypeError:
        if passphrase:
            raise KeyFileError(f"{path}: the key is not encrypted; drop the passphrase") from None
        raise KeyFileError(
            f"{path}: the key is encrypted; name the variable holding its passphrase with "
            "the private_key_passphrase_env setting"
        ) from None
    except ValueError:
        raise KeyFileError(
            f"{path}: cannot read the key: wrong passphrase, or not a PEM private key"
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise KeyFileError(f"{path}: not an RSA private key")
    return key


def private_key_der(path: Path, passphrase: str | None = None) -> bytes:
    """The unencrypted PKCS#8 DER bytes a driver takes (``private_key=`` for Snowflake)."""
    return load_private_key(path, passphrase).private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_from_file(path: Path, passphrase: str | None = None) -> PublicKey:
    return public_key_of(load_private_key(path, passphrase))


def default_key_path(source_name: str, use: KeyPairUse, slot: int = 1) -> Path:
    """Where ``cdisql keys`` keeps a source's key: under the user data dir, one per slot."""
    suffix = "" if slot == 1 else f"-{slot}"
    return paths.data_dir() / "keys" / use.file_name.format(source=source_name, slot=suffix)


def key_pair_use(source: Any) -> KeyPairUse:
    """What ``source``'s warehouse type uses a key pair for; refused for a type with none."""
    use = adapter_class(source.type).key_pair
    if use is None:
        raise KeyFileError(
            f"source {source.name!r} is a {source.type} source: key pairs are for "
            f"{_key_pair_types()} sources"
        )
    return use


def _key_pair_types() -> str:
    """``Snowflake (key-pair login) and Redshift (SSH tunnel)``: every type with key pairs."""
    found = [
        f"{get_warehouse(kind).title} ({use.purpose})"
        for kind in SOURCE_TYPES
        if (use := adapter_class(kind).key_pair) is not None
    ]
    return " and ".join([", ".join(found[:-1]), found[-1]] if len(found) > 1 else found)


# -- what the user runs on the warehouse side ---------------------------------------------
def snowflake_set_key_sql(user: str, public: PublicKey, slot: int = 1) -> str:
    column = "RSA_PUBLIC_KEY" if slot == 1 else "RSA_PUBLIC_KEY_2"
    return f"ALTER USER {_sf_name(user)} SET {column} = '{public.snowflake_body}'"


def snowflake_unset_key_sql(user: str, slot: int) -> str:
    column = "RSA_PUBLIC_KEY" if slot == 1 else "RSA_PUBLIC_KEY_2"
    return f"ALTER USER {_sf_name(user)} UNSET {column}"


def _sf_name(name: str) -> str:
    return SNOWFLAKE.render_name(name)


def _rotating_types() -> dict[str, str]:
    """The types whose keys rotate through a second slot: title -> what the key is for."""
    return {
        get_warehouse(kind).title: use.purpose
        for kind in SOURCE_TYPES
        if (use := adapter_class(kind).key_pair) is not None and use.second_slot
    }


# -- per source: generate, rotate (zero downtime through the second key slot) -------------
@dataclass(frozen=True)
class KeyResult:
    """What a key command did, and what the user runs on the warehouse side next."""

    source: str
    key_file: Path
    public: PublicKey
    instructions: tuple[str, ...]
    sql: tuple[str, ...] = ()
    authorized_keys_line: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "key_file": str(self.key_file),
            "public_key": self.public.snowflake_body,
            "fingerprint": self.public.snowflake_fingerprint,
            "sql": list(self.sql),
            "authorized_keys_line": self.authorized_keys_line,
            "instructions": list(self.instructions),
        }


def _passphrase(variable: str | None) -> str | None:
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value:
        raise KeyFileError(
            f"environment variable {variable} (the key's passphrase) is not set or empty"
        )
    return value


def generate_for_source(
    source: Any, *, passphrase_env: str | None = None, force: bool = False
) -> KeyResult:
    """Create the source's key pair and record its file in the source's settings.

    Snowflake: the key-pair (JWT) login key, slot 1 (``RSA_PUBLIC_KEY``). Redshift: the
    SSH tunnel key, whose public line goes in the tunnel user's ``authorized_keys``.
    """
    use = key_pair_use(source)
    settings = dict(source.settings)
    setting, path = use.setting, default_key_path(source.name, use)
    existing = settings.get(setting)
    if existing and Path(os.path.expanduser(str(existing))).exists() and not force:
        raise KeyFileError(
            f"source {source.name!r} already has a key ({existing}): rotate it with "
            f"`cdisql keys rotate {source.name}`, or replace it with --force"
        )
    passphrase = _passphrase(passphrase_env)
    public = generate_key_file(path, passphrase)
    settings[setting] = str(path)
    if use.second_slot:
        settings["rsa_key_slot"] = 1
        if passphrase_env:
            settings["private_key_passphrase_env"] = passphrase_env
        for stale in ("pending_private_key_file", "pending_key_slot"):
            settings.pop(stale, None)
    update_source(source.with_changes(settings=settings))
    if use.second_slot:
        user = str(settings.get("user") or "<user>")
        sql = (snowflake_set_key_sql(user, public, 1),)
        return KeyResult(
            source.name,
            path,
            public,
            (
                f"private key written to {path} (0600)",
                "run this in Snowflake as SECURITYADMIN (or the user's owner):",
                f"then test the connection: cdisql sources test {source.name}",
            ),
            sql=sql,
        )
    line = public.openssh_line(f"cdisql-{source.name}")
    return KeyResult(
        source.name,
        path,
        public,
        (
            f"tunnel key written to {path} (0600)",
            f"add this line to ~{settings.get('ssh_user') or '<ssh_user>'}/.ssh/authorized_keys "
            f"on {settings.get('ssh_host') or 'the bastion host'}:",
            f"then test the connection: cdisql sources test {source.name}",
        ),
        authorized_keys_line=line,
    )


def start_rotation(source: Any, *, passphrase_env: str | None = None) -> KeyResult:
    """Step 1: a new key for the *other* slot; the current key keeps working meanwhile."""
    use = adapter_class(source.type).key_pair
    rotating = _rotating_types()
    if use is None:
        raise KeyFileError(
            f"source {source.name!r} is a {source.type} source: key rotation is for "
            f"{' and '.join(rotating)} sources ({' and '.join(rotating.values())})"
        )
    if not use.second_slot:
        raise KeyFileError(
            f"rotation through a second key slot is for {' and '.join(rotating)} "
            f"sources; for the {source.warehouse.title} {use.purpose} run `cdisql keys generate {source.name} "
            "--force` and put the new line in the tunnel user's ~/.ssh/authorized_keys"
        )
    settings = dict(source.settings)
    if not settings.get(use.setting):
        raise KeyFileError(
            f"source {source.name!r} has no key yet: create one with `cdisql keys generate {source.name}`"
        )
    current = int(settings.get("rsa_key_slot") or 1)
    slot = 2 if current == 1 else 1
    path = default_key_path(source.name, use, slot)
    if Path(str(settings[use.setting])) == path:  # never overwrite the key in use
        path = path.with_name(path.stem + "-next" + path.suffix)
    passphrase_env = passphrase_env or settings.get("private_key_passphrase_env")
    public = generate_key_file(path, _passphrase(passphrase_env))
    settings["pending_private_key_file"] = str(path)
    settings["pending_key_slot"] = slot
    if passphrase_env:
        settings["pending_passphrase_env"] = passphrase_env
    update_source(source.with_changes(settings=settings))
    user = str(settings.get("user") or "<user>")
    return KeyResult(
        source.name,
        path,
        public,
        (
            f"new private key written to {path} (0600); the current key stays in use",
            "run this in Snowflake as SECURITYADMIN (or the user's owner):",
            f"then prove the new key and switch to it: cdisql keys rotate {source.name} --finish",
        ),
        sql=(snowflake_set_key_sql(user, public, slot),),
    )


def finish_rotation(source: Any, *, adapter_factory: Any = None) -> KeyResult:
    """Step 2: connect with the new key; only if that works, switch to it.

    The old key file is deleted after the switch, and the user is told how to unset the
    old public key; a failed test leaves everything as it was.
    """
    settings = dict(source.settings)
    pending = settings.get("pending_private_key_file")
    if not pending:
        raise KeyFileError(
            f"no rotation in progress for {source.name!r}: start one with `cdisql keys rotate {source.name}`"
        )
    slot = int(settings.get("pending_key_slot") or 2)
    trial_settings = dict(settings)
    trial_settings["private_key_file"] = pending
    if settings.get("pending_passphrase_env"):
        trial_settings["private_key_passphrase_env"] = settings["pending_passphrase_env"]
    trial = source.with_changes(settings=trial_settings)
    adapter = (adapter_factory or adapter_for)(trial)
    try:
        adapter.connect()
        for _ in adapter.fetch("SELECT 1", timeout_s=60, max_rows=1):
            pass
    finally:
        adapter.close()
    old_file = settings.get("private_key_file")
    old_slot = int(settings.get("rsa_key_slot") or 1)
    settings["private_key_file"] = pending
    settings["rsa_key_slot"] = slot
    if settings.get("pending_passphrase_env"):
        settings["private_key_passphrase_env"] = settings["pending_passphrase_env"]
    for done in ("pending_private_key_file", "pending_key_slot", "pending_passphrase_env"):
        settings.pop(done, None)
    update_source(source.with_changes(settings=settings))
    if old_file and Path(str(old_file)) != Path(str(pending)):
        Path(os.path.expanduser(str(old_file))).unlink(missing_ok=True)
    user = str(settings.get("user") or "<user>")
    public = public_key_from_file(
        Path(str(pending)), _passphrase(settings.get("private_key_passphrase_env"))
    )
    return KeyResult(
        source.name,
        Path(str(pending)),
        public,
        (
            f"connected with the new key: source {source.name!r} now uses {pending}",
            f"the old private key file {old_file} was deleted; remove the old public key:",
        ),
        sql=(snowflake_unset_key_sql(user, old_slot),),
    )
