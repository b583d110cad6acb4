"""Lead signing keys: Ed25519 keys kept in the OS keyring, or in a key file the lead chooses.

The private key never goes to a settings file or a log. Where the OS has no secure keyring
(only a plain-file or no backend), storing in the keyring is refused and the lead must name
a key file explicitly.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from guidelines.errors import PackError

KEYRING_SERVICE = "prefdesk-pack-signing"
PUBLIC_PREFIX = "ed25519:"


class KeyError_(PackError):
    """A signing key cannot be made, stored, found or read."""


@dataclass(frozen=True)
class TrustedKey:
    """A lead's public key, as a project lists it: ``ed25519:<base64 of 32 bytes>``."""

    public_key: Ed25519PublicKey

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    def to_text(self) -> str:
        raw = self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return PUBLIC_PREFIX + base64.b64encode(raw).decode("ascii")

    @classmethod
    def from_text(cls, text: str) -> TrustedKey:
        word = text.strip().split()[0] if text.strip() else ""
        if not word.startswith(PUBLIC_PREFIX):
            raise KeyError_(
                f"'{text.strip()[:40]}' is not a public key (expected ed25519:<base64>)"
            )
        try:
            raw = base64.b64decode(word[len(PUBLIC_PREFIX) :], validate=True)
            return cls(Ed25519PublicKey.from_public_bytes(raw))
        except ValueError as exc:
            raise KeyError_(f"'{word[:40]}' is not a valid Ed25519 public key") from exc


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """A short fingerprint: the first 16 hex digits of sha256 over the raw public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_trusted_keys(path: Path) -> list[TrustedKey]:
    """One key per line; blank lines and ``#`` comments are skipped."""
    keys = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keys.append(TrustedKey.from_text(line))
    return keys


def secure_keyring_problem(backend: object | None = None) -> str | None:
    """Why ``backend`` (default: the current keyring backend) must not hold a secret, or None
    if it may."""
    backend = keyring.get_keyring() if backend is None else backend
    chain = getattr(backend, "backends", None)
    if isinstance(chain, list):
        if not chain:
            return "no keyring backend is available on this system"
        backend = chain[0]  # the chainer writes to its highest-priority backend
    module, name = type(backend).__module__, type(backend).__name__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return "no keyring backend is available on this system"
    if module.startswith("keyrings.alt") or "plaintext" in name.lower():
        return f"the keyring backend {module}.{name} keeps secrets in a plain file"
    return None


def store_in_keyring(private_key: Ed25519PrivateKey) -> str:
    """Keep the key in the OS keyring under its key id; refuses insecure backends."""
    problem = secure_keyring_problem()
    if problem is not None:
        raise KeyError_(
            f"cannot keep the signing key in the keyring: {problem}. "
            "Choose a key file with --key-file PATH instead."
        )
    key_id = key_id_of(private_key.public_key())
    try:
        keyring.set_password(KEYRING_SERVICE, key_id, _raw_private(private_key))
    except keyring.errors.KeyringError as exc:
        raise KeyError_(f"the keyring refused to store the key: {exc}") from exc
    return key_id


def load_from_keyring(key_id: str) -> Ed25519PrivateKey:
    try:
        secret = keyring.get_password(KEYRING_SERVICE, key_id)
    except keyring.errors.KeyringError as exc:
        raise KeyError_(f"the keyring could not be read: {exc}") from exc
    if secret is None:
        raise KeyError_(
            f"no signing key {key_id} in the keyring (make one with prefdesk-pack keygen)"
        )
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(secret))


def write_key_file(private_key: Ed25519PrivateKey, path: Path, passphrase: bytes | None) -> None:
    """PKCS#8 PEM, readable by the owner only, never overwriting an existing file."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise KeyError_(f"{path} already exists; a key file is never overwritten") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def read_key_file(path: Path, passphrase: bytes | None) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), passphrase)
    except FileNotFoundError as exc:
        raise KeyError_(f"key file {path} does not exist") from exc
    except (ValueError, TypeError) as exc:
        raise KeyError_(f"{path} is not a readable private key (wrong passphrase?)") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_(f"{path} holds a {type(key).__name__}, not an Ed25519 key")
    return key


def _raw_private(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode("ascii")
