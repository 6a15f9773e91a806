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

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cdisql import paths
from cdisql.fileio import atomic_write_bytes, check_private

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


def default_key_path(source_name: str, slot: int = 1, *, purpose: str = "snowflake") -> Path:
    """Where ``cdisql keys`` keeps a source's key: under the user data dir, one per slot."""
    suffix = "" if slot == 1 else f"-{slot}"
    name = (
        f"{source_name}{suffix}.p8" if purpose == "snowflake" else f"{source_name}-ssh{suffix}.pem"
    )
    return paths.data_dir() / "keys" / name


# -- what the user runs on the warehouse side ---------------------------------------------
def snowflake_set_key_sql(user: str, public: PublicKey, slot: int = 1) -> str:
    column = "RSA_PUBLIC_KEY" if slot == 1 else "RSA_PUBLIC_KEY_2"
    return f"ALTER USER {_sf_name(user)} SET {column} = '{public.snowflake_body}'"


def snowflake_unset_key_sql(user: str, slot: int) -> str:
    column = "RSA_PUBLIC_KEY" if slot == 1 else "RSA_PUBLIC_KEY_2"
    return f"ALTER USER {_sf_name(user)} UNSET {column}"


def _sf_name(name: str) -> str:
    from cdisql.dialects import SNOWFLAKE

    return SNOWFLAKE.render_name(name)
